"""The projector theme of the circle: large type, thick lines, high contrast on a light background.

The same CircleScene draws the circle (so keys, diffing and the stable layout are shared); these
subclasses only change how each node looks and how wide the circle spreads on a 16:9 wall. Labels
sit on the outer side of their data item, so they never cover the stage in the middle.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from views.diagram_items import (
    DataItemNode, EdgeItem, HolderNode, ItemSpec, NodeItem, StageNode, font, paint_status, wrap,
)
from views.diagram_scene import CircleScene

INK = QColor("#111111")
PAPER = QColor("#FFFFFF")
STAGE_FILL = QColor("#0B4F8A")  # a darker Okabe–Ito blue: white text on it is well above 7:1
HOLDER_FILL = QColor("#E8F1FA")
HOLDER_EDGE = QColor("#0B4F8A")
SPOKE = QColor("#2E3742")
HOLDING = QColor("#55606C")
SELECTION = QColor("#0072B2")


class ProjectorTheme:
    """Sizes of the projector look in scene units, times `scale` (Ctrl+= / Ctrl+-)."""

    MIN_SCALE, MAX_SCALE, STEP = 0.6, 2.0, 0.1

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = 1.0
        self.set_scale(scale)

    def set_scale(self, scale: float) -> float:
        self.scale = round(max(self.MIN_SCALE, min(self.MAX_SCALE, float(scale))), 2)
        return self.scale

    def px(self, size: float) -> float:
        return size * self.scale

    def font(self, size: float, bold: bool = False) -> QFont:
        return font(max(6, round(self.px(size))), bold)


# One wall at a time: the workshop widget sets the scale from the user's settings.
THEME = ProjectorTheme()


class ProjectorItemNode(DataItemNode):
    """A data item: a big status shape and letter, a blockage badge, its name on the outer side."""

    def _layout(self) -> None:
        spec: ItemSpec = self.spec
        t = THEME
        self._size = 34.0  # the shape stays the same size: type scales, the circle does not
        self._font = t.font(38, bold=spec.essential)
        self._count_font = t.font(30, bold=True)
        self._lines = wrap(spec.name, self._font, t.px(340), max_lines=3)
        metrics = QFontMetricsF(self._font)
        height = metrics.height() * len(self._lines) + (QFontMetricsF(self._count_font).height() if spec.count else 0)
        width = max(metrics.horizontalAdvance(ln) for ln in self._lines)
        if spec.count:
            width = max(width, QFontMetricsF(self._count_font).horizontalAdvance(spec.count))
        width, height = width + 16, height + 8
        size, gap = self._size * 1.2, 8.0
        x, y = self.pos().x(), self.pos().y()
        side = self._side_of(x, y)
        if side:  # beside the shape, away from the centre
            left = size + gap if side > 0 else -size - gap - width
            self._label = QRectF(left, -height / 2, width, height)
        else:  # near the top or the bottom: above the upper items, below the lower ones
            top = -size - gap - height if y < 0 else size + gap
            left = -width / 2 if abs(x) < 5 else -size if x > 0 else size - width  # neighbours part ways
            self._label = QRectF(left, top, width, height)
        self._align = {1: Qt.AlignmentFlag.AlignLeft, -1: Qt.AlignmentFlag.AlignRight}.get(
            side or (x > 0) - (x < 0), Qt.AlignmentFlag.AlignHCenter)
        self._side = side, y < 0
        shape = QRectF(-size, -size, 2 * size, 2 * size)
        # The blockage badge on the shoulder away from the label, so it never covers the name.
        badge_x = -self._size * 0.5 - 44 if side > 0 else self._size * 0.5
        self._badge = QRectF(badge_x, -self._size * 1.45, 44, 34) if spec.blockages else QRectF()
        self._bounds = shape.united(self._label).united(self._badge).adjusted(-8, -8, 8, 8)

    @staticmethod
    def _side_of(x: float, y: float) -> int:
        """1: label to the right, -1: to the left, 0: above or below (within 30° of straight up or down)."""
        across, down = x / WorkshopScene.RINGS[1][1], y / WorkshopScene.RINGS[1][2]
        if abs(across) < 0.5 * math.hypot(across, down):
            return 0
        return 1 if x > 0 else -1

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.spec is not None:
            x, y = self.pos().x(), self.pos().y()
            if (self._side_of(x, y), y < 0) != getattr(self, "_side", None):
                self.relayout()
        return NodeItem.itemChange(self, change, value)  # its own sides, not the desktop's

    def relayout(self) -> None:
        self.prepareGeometryChange()
        self._layout()
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        spec: ItemSpec = self.spec
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.isSelected():
            painter.setPen(QPen(SELECTION, 6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), self._size * 1.45, self._size * 1.45)
        paint_status(painter, spec.status, self._size, font(34, bold=True))
        painter.setPen(QPen(INK, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if spec.status != "unknown":
            painter.drawPath(_outline(spec.status, self._size))
        if spec.blockages:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(INK)
            painter.drawRoundedRect(self._badge, 7, 7)
            painter.setPen(PAPER)
            painter.setFont(font(26, bold=True))
            text = "!" if spec.blockages == 1 else f"!{spec.blockages}"
            painter.drawText(self._badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(QPen(QColor("#C9CED4"), 1.5))
        painter.setBrush(PAPER)
        painter.drawRoundedRect(self._label, 6, 6)
        painter.setPen(INK)
        painter.setFont(self._font)
        height = QFontMetricsF(self._font).height()
        inner = self._label.adjusted(8, 4, -8, -4)
        y = inner.top()
        for line in self._lines:
            painter.drawText(QRectF(inner.left(), y, inner.width(), height),
                             self._align | Qt.AlignmentFlag.AlignVCenter, line)
            y += height
        if spec.count:
            painter.setFont(self._count_font)
            painter.drawText(QRectF(inner.left(), y, inner.width(), QFontMetricsF(self._count_font).height()),
                             self._align | Qt.AlignmentFlag.AlignVCenter, spec.count)


def _outline(status: str, size: float):
    from views.diagram_items import shape_path

    return shape_path(status, size)


class ProjectorHolderNode(HolderNode):
    """An agency: a light box with a dark border and its name in large type."""

    def _layout(self) -> None:
        t = THEME
        self._font = t.font(32, bold=True)
        self._lines = wrap(self.spec.name, self._font, t.px(280), max_lines=2)
        metrics = QFontMetricsF(self._font)
        height = metrics.height() * len(self._lines) + 20
        width = max(metrics.horizontalAdvance(ln) for ln in self._lines) + 32
        self._box = QRectF(-width / 2, -height / 2, width, height)
        self._bounds = self._box.adjusted(-6, -6, 6, 6)

    def relayout(self) -> None:
        self.prepareGeometryChange()
        self._layout()
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SELECTION, 7) if self.isSelected() else QPen(HOLDER_EDGE, 3.5))
        painter.setBrush(HOLDER_FILL)
        painter.drawRoundedRect(self._box, 12, 12)
        painter.setPen(INK)
        painter.setFont(self._font)
        painter.drawText(self._box, Qt.AlignmentFlag.AlignCenter, "\n".join(self._lines))


class ProjectorStageNode(StageNode):
    """The stage in the middle: a large dark-blue disc with its name in white."""

    RADIUS = 130.0

    def _layout(self) -> None:
        # The largest type (up to 36 px) in which the longest word still fits across the disc.
        words = self.spec.name.split() or [""]
        size = THEME.px(36)
        while size > 12 and max(QFontMetricsF(font(round(size), True)).horizontalAdvance(w) for w in words) \
                > self.RADIUS * 1.7:
            size -= 1
        self._font = font(round(size), bold=True)
        self._lines = wrap(self.spec.name, self._font, self.RADIUS * 1.7, max_lines=4)
        r = self.RADIUS
        self._bounds = QRectF(-r - 8, -r - 8, 2 * r + 16, 2 * r + 16)

    def relayout(self) -> None:
        self.prepareGeometryChange()
        self._layout()
        self.update()

    def shape(self):
        from PySide6.QtGui import QPainterPath

        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), self.RADIUS, self.RADIUS)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(INK, 4))
        painter.setBrush(STAGE_FILL)
        painter.drawEllipse(QPointF(0, 0), self.RADIUS, self.RADIUS)
        painter.setPen(PAPER)
        painter.setFont(self._font)
        r = self.RADIUS * 0.9
        painter.drawText(QRectF(-r, -r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, "\n".join(self._lines))


class ProjectorEdgeItem(EdgeItem):
    """Thick lines: a spoke (solid essential, dashed useful) or a holding."""

    def set_essential(self, essential: bool) -> None:
        if essential == self.essential:
            return
        self.essential = essential
        if not self.spoke:
            pen = QPen(HOLDING, 3.5)
        elif essential:
            pen = QPen(SPOKE, 6.0)
        else:
            pen = QPen(SPOKE, 5.0, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        self.setPen(pen)


class WorkshopScene(CircleScene):
    """One stage's circle in the projector theme, spread across a wide wall; not draggable."""

    node_types = {"stage": ProjectorStageNode, "item": ProjectorItemNode, "agency": ProjectorHolderNode}
    edge_type = ProjectorEdgeItem
    empty_hint = "No data items yet: type one below and press Enter."
    hint_colour, hint_below = "#111111", 170.0
    # The rings drawn as ellipses (a 16:9 wall has room across, not up and down), the holders' ring
    # pushed out far enough that item labels fit between: ring radius → (half width, half height).
    RINGS = ((0.0, 0.0, 0.0), (260.0, 470.0, 275.0), (470.0, 1010.0, 475.0))

    def __init__(self, graph, parent=None) -> None:
        super().__init__(graph, parent)
        self.setBackgroundBrush(PAPER)
        self.set_editable(False)

    @property
    def hint_pixels(self) -> int:  # the empty circle's hint, in the theme's type size
        return max(6, round(THEME.px(34)))

    def place(self, x: float, y: float) -> tuple[float, float]:
        """Stretch the laid-out circle into the wall's ellipses, turned by half a slot so that no data
        item sits straight above or below the stage (every label then goes beside its item)."""
        r = math.hypot(x, y)
        if r < 1e-6:
            return 0.0, 0.0
        (r0, w0, h0), (r1, w1, h1) = next(
            (a, b) for a, b in zip(self.RINGS, self.RINGS[1:]) if r <= b[0]) if r <= self.RINGS[-1][0] \
            else (self.RINGS[-2], self.RINGS[-1])
        f = (r - r0) / (r1 - r0)
        width, height = w0 + f * (w1 - w0), h0 + f * (h1 - h0)
        angle = math.atan2(y, x) + self._turn()
        return width * math.cos(angle), height * math.sin(angle)

    def _turn(self) -> float:
        stage = ("stage", self.stage_id) if self.stage_id is not None else None
        count = len(self.graph.adj[stage]) if stage in self.graph else 0
        slots = 12
        while slots < count:
            slots *= 2
        return math.pi / slots

    def relayout(self) -> None:
        """Redraw every node at the theme's current type size."""
        for node in self.nodes.values():
            relayout = getattr(node, "relayout", None)
            if relayout is not None:
                relayout()
        for hint in self._hints.values():
            hint.setFont(font(self.hint_pixels))
        self.update()
