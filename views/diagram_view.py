"""The view onto the circle scene: zoom (Ctrl+wheel, keys), fit to window, inline renaming."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QPainter, QTransform, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QLineEdit, QWidget

from views.diagram_items import NodeItem
from views.diagram_scene import CircleScene

MIN_SCALE, MAX_SCALE = 0.05, 6.0


ARROWS = {Qt.Key.Key_Left: (-1.0, 0.0), Qt.Key.Key_Right: (1.0, 0.0), Qt.Key.Key_Up: (0.0, -1.0),
          Qt.Key.Key_Down: (0.0, 1.0)}


def _distance(offset) -> float:
    return (offset.x() ** 2 + offset.y() ** 2) ** 0.5


# Item names are drawn 17 units high: below this scale they fall under 10 pixels on screen.
READABLE_SCALE = 0.6


class RenameEdit(QLineEdit):
    """A line edit over a node: Enter keeps the new name, Escape (or clicking away) drops it."""

    done = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    def cancel(self) -> None:
        self.blockSignals(True)
        self.hide()
        self.deleteLater()


class DiagramView(QGraphicsView):
    """Shows the scene; fits it to the window until the user zooms by hand."""

    zoomed = Signal(float)

    def __init__(self, scene: CircleScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAccessibleName("Circle of need diagram")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.auto_fit = True
        self.menu_for: Callable[[NodeItem | None, QPoint], None] | None = None  # set by the panel
        self.rename_edit: RenameEdit | None = None

    # ---- zoom ------------------------------------------------------------------------------------

    def zoom_by(self, factor: float) -> None:
        current = self.transform().m11()
        factor = max(MIN_SCALE / current, min(MAX_SCALE / current, factor))
        self.auto_fit = False
        self.scale(factor, factor)
        self.zoomed.emit(self.transform().m11())

    def fit(self) -> None:
        """Everything drawn, as large as the window allows."""
        scene = self.scene()
        if scene is None:
            return
        bounds = scene.itemsBoundingRect()
        if bounds.isEmpty():
            bounds = QRectF(-300, -300, 600, 600)
        self.fitInView(bounds.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        if not getattr(scene, "journey", False) and self.transform().m11() < READABLE_SCALE:
            # On a small screen one circle would shrink its names below reading size: keep them
            # readable, centred on the stage, and let the user scroll to the holders at the edge.
            self.setTransform(QTransform.fromScale(READABLE_SCALE, READABLE_SCALE))
            self.centerOn(bounds.center())
        self.auto_fit = True
        self.zoomed.emit(self.transform().m11())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(1.15 ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    # ---- the keyboard ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Arrow keys move the selection to the nearest node that way (the first press picks the node
        nearest the middle), so every node can be reached, renamed or marked without a mouse."""
        direction = ARROWS.get(event.key())
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        node = self.next_node(*direction) if direction is not None and plain else None
        if node is None:
            super().keyPressEvent(event)
            return
        self.scene().clearSelection()
        node.setSelected(True)
        self.ensureVisible(node, 40, 40)

    def next_node(self, dx: float, dy: float) -> NodeItem | None:
        """The node nearest the selected one in direction (dx, dy), favouring those straight ahead."""
        scene = self.scene()
        nodes = [n for n in scene.nodes.values() if n.isVisible()]
        current = scene.selected_node()
        if current is None:
            middle = self.mapToScene(self.viewport().rect().center())
            return min(nodes, key=lambda n: _distance(n.sceneBoundingRect().center() - middle), default=None)
        here = current.sceneBoundingRect().center()
        ahead = []
        for node in nodes:
            offset = node.sceneBoundingRect().center() - here
            along = offset.x() * dx + offset.y() * dy
            if node is not current and along > 1:
                ahead.append((along + 2 * abs(offset.x() * dy - offset.y() * dx), node))
        return min(ahead, key=lambda pair: pair[0])[1] if ahead else None

    # ---- context menu and renaming -------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        if event.reason() == QContextMenuEvent.Reason.Keyboard:  # the menu key: the selected node's menu
            node = self.scene().selected_node()
            where = self.viewport().mapToGlobal(self.mapFromScene(node.sceneBoundingRect().center())) \
                if node is not None else event.globalPos()
        else:
            node, where = self.node_under(event.pos()), event.globalPos()
        if self.menu_for is not None:
            self.menu_for(node, where)

    def node_under(self, pos: QPoint) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt override)
        node = self.node_under(event.position().toPoint())
        if node is None:
            super().mouseDoubleClickEvent(event)
            return
        self.start_rename(node)

    def start_rename(self, node: NodeItem, name: str = "") -> RenameEdit:
        """An edit box over the node's name; `done(text)` is emitted on Enter."""
        if self.rename_edit is not None:
            self.rename_edit.cancel()
        edit = RenameEdit(self.viewport())
        edit.setAccessibleName("New name")
        edit.setText(name or getattr(node.spec, "name", ""))
        edit.selectAll()
        rect = self.mapFromScene(node.mapRectToScene(node.name_rect())).boundingRect()
        width = max(220, rect.width())
        edit.setGeometry(rect.center().x() - width // 2, rect.center().y() - 16, width, 32)
        edit.returnPressed.connect(lambda: (edit.done.emit(edit.text()), edit.cancel()))
        edit.editingFinished.connect(lambda: edit.cancel() if not edit.hasFocus() else None)
        edit.show()
        edit.setFocus()
        self.rename_edit = edit
        edit.destroyed.connect(lambda *_: setattr(self, "rename_edit", None))
        return edit
