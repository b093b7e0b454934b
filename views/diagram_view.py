"""The view onto the circle scene: zoom (Ctrl+wheel, keys), fit to window, inline renaming."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QFontDatabase, QFontInfo, QKeyEvent, QPainter, QTransform, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsView, QLineEdit, QStyle, QWidget

from views.diagram_items import LABEL, NodeItem
from views.diagram_scene import CircleScene

MIN_SCALE, MAX_SCALE = 0.05, 6.0


ARROWS = {Qt.Key.Key_Left: (-1.0, 0.0), Qt.Key.Key_Right: (1.0, 0.0), Qt.Key.Key_Up: (0.0, -1.0),
          Qt.Key.Key_Down: (0.0, 1.0)}


def _distance(offset) -> float:
    return (offset.x() ** 2 + offset.y() ** 2) ** 0.5


MARGIN = 24.0  # scene units kept clear round what a fit shows


def smallest_label_pixels() -> int:
    """The system's small font, in pixels: no name on the diagram is shown smaller by a fit. The smaller of
    the system's smallest readable font and its general font (some platforms report a smallest readable
    font larger than the general one)."""
    small = QFontInfo(QFontDatabase.systemFont(QFontDatabase.SystemFont.SmallestReadableFont)).pixelSize()
    general = QFontInfo(QApplication.font()).pixelSize()
    return max(8, min(small, general))


def readable_scale() -> float:
    """The least zoom at which a data item's name (views.diagram_items.LABEL pixels high at 1:1) is as large
    as the system's small font."""
    return smallest_label_pixels() / LABEL



class RenameEdit(QLineEdit):
    """A line edit over a node: Enter keeps the new name, Escape (or clicking away) drops it."""

    done = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    def cancel(self) -> None:
        self.blockSignals(True)
        self.hide()
        self.deleteLater()


class DiagramView(QGraphicsView):
    """Shows the scene; fits it to the window until the user zooms by hand.

    The view keeps its own scene rectangle: what the last fit showed, grown (never shrunk) to take in what
    edits add. A node dragged, added or renamed therefore never makes the view re-centre or re-fit: what the
    user looks at stays where it is."""

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
        self._fitted_once = False
        scene.sceneRectChanged.connect(self._scene_grew)

    # ---- zoom ------------------------------------------------------------------------------------

    def zoom_by(self, factor: float) -> None:
        current = self.transform().m11()
        factor = max(MIN_SCALE / current, min(MAX_SCALE / current, factor))
        self.auto_fit = False
        self.scale(factor, factor)
        self.zoomed.emit(self.transform().m11())

    def fit(self) -> None:
        """Everything drawn, as large as the window allows (the whole journey: one circle's height, the row
        scrolled to the stage shown). Never so small that a name falls under the system's small font: a
        circle too big for that is shown centred at that size, to scroll round."""
        scene = self.scene()
        if scene is None:
            return
        bounds = scene.itemsBoundingRect()
        if bounds.isEmpty():
            bounds = QRectF(-300, -300, 600, 600)
        focus = bounds
        if getattr(scene, "journey", False) and scene.stage_id is not None:
            circle = scene.circle_rect(scene.stage_id)
            if not circle.isEmpty():
                focus = QRectF(circle.left(), bounds.top(), circle.width(), bounds.height())
        room = self.maximumViewportSize()  # as it is without scroll bars: a fit needs none…
        if focus != bounds:  # …but the whole journey's row scrolls sideways: its scroll bar takes some height
            room.setHeight(room.height() - self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))
        wanted = focus.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        scale = min(room.width() / wanted.width(), room.height() / wanted.height())
        scale = max(min(scale, 1.5), min(readable_scale(), 1.0))
        # The view's rectangle: what is in sight at that scale (less a pixel, so no scroll bar shows for a
        # rounding), and whatever is drawn beyond it.
        sight = QRectF(0, 0, (room.width() - 2) / scale, (room.height() - 2) / scale)
        sight.moveCenter(focus.center())
        self.setTransform(QTransform.fromScale(scale, scale))
        self.setSceneRect(sight.united(bounds.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)))
        self.centerOn(focus.center())
        self.auto_fit = True
        self._fitted_once = True
        self.zoomed.emit(self.transform().m11())

    def whole_in_sight(self) -> bool:
        """Whether every node drawn is in the viewport now."""
        scene = self.scene()
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        return scene is not None and shown.adjusted(-1, -1, 1, 1).contains(scene.itemsBoundingRect())

    def _scene_grew(self, rect: QRectF) -> None:
        """What an edit drew beyond the view's rectangle is taken in, keeping what is in sight where it is."""
        if not self._fitted_once:
            return
        mine = self.sceneRect()
        wanted = mine.united(rect)
        if wanted != mine:
            centre = self.mapToScene(self.viewport().rect().center())
            self.setSceneRect(wanted)
            self.centerOn(centre)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.auto_fit:
            # The window's panes take their sizes after the first show: fit once they have.
            QTimer.singleShot(0, self, self._fit_if_auto)

    def _fit_if_auto(self) -> None:
        if self.auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(1.15 ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    # ---- the keyboard ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
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

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
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

    def mouseDoubleClickEvent(self, event) -> None:
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
