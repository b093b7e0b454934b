"""The projector theme of the wall: large type, thick lines, high contrast on a light background; the
drawn pieces (a data item's mark and name, a holder's name, the stage in the middle).

Where each piece goes is views.wall_scene's job (with views.wall_layout); the pieces here only say how
big their words are for the room they are given, and paint themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from views.diagram_items import ItemSpec, font, paint_ring, paint_status, shape_path, wrap

INK = QColor("#111111")
PAPER = QColor("#FFFFFF")
STAGE_FILL = QColor("#0B4F8A")  # a darker Okabe–Ito blue: white text on it is well above 7:1
HOLDER_FILL = QColor("#E8F1FA")
HOLDER_EDGE = QColor("#0B4F8A")
SPOKE = QColor("#2E3742")
HOLDING = QColor("#55606C")
SELECTION = QColor("#0072B2")
LABEL_EDGE = QColor("#C9CED4")


class ProjectorTheme:
    """The wall's type size, times `scale` (Ctrl+= / Ctrl+-): 1.0 to 1.5, as the wall is laid out for."""

    MIN_SCALE, MAX_SCALE, STEP = 0.8, 1.5, 0.1

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

# Type sizes in pixels of a 1280-pixel-wide wall at the theme's normal size.
NAME_TYPE = 19  # a data item's name, and its "n/10 can access"
HOLDER_TYPE = 17
STAGE_TYPE = 30  # the stage's name in the middle: read from the back of the room


class WallNode(QGraphicsItem):
    """A node of the wall's circle: `view` is the stage shown, `key` the node; `spec` what it shows."""

    def __init__(self, view: int, key: tuple[str, int], spec: object) -> None:
        super().__init__()
        self.view, self.key, self.spec = view, key, None
        self._bounds = QRectF()
        self.setZValue(2)
        self._setup()
        self.set_spec(spec)

    def _setup(self) -> None:
        """Attributes a subclass needs before its first layout."""

    def set_spec(self, spec: object) -> bool:
        if spec == self.spec:
            return False
        self.prepareGeometryChange()
        self.spec = spec
        self._layout()
        self.setToolTip(spec.tooltip)
        self.update()
        return True

    def _layout(self) -> None:
        raise NotImplementedError

    def relayout(self) -> None:
        self.prepareGeometryChange()
        self._layout()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._bounds


class ProjectorItemNode(WallNode):
    """A data item: its status shape and letter in one locality (across all localities its share ring with
    n/N), a blockage badge, and its name in the box the scene gives it, beside the mark."""

    MARK = 20.0  # the shape's half width; the share ring is 1.2 times that

    def _setup(self) -> None:
        self._label = QRectF()
        self._lines: list[str] = []
        self._counts: list[str] = []
        self._align = Qt.AlignmentFlag.AlignHCenter

    @staticmethod
    def reach() -> float:
        """How far the mark reaches from the item's centre (the ring, the badge kept inside it)."""
        return ProjectorItemNode.MARK * 1.25

    def _layout(self) -> None:
        spec: ItemSpec = self.spec
        self._font = THEME.font(NAME_TYPE, bold=spec.essential)
        self._count_font = THEME.font(NAME_TYPE, bold=True)
        size = self.MARK
        # The blockage badge over the mark's lower shoulder: inside the mark's reach, clear of the name.
        self._badge = QRectF(size * 0.15, size * 0.2, 22, 20) if spec.blockages else QRectF()
        self._bounds = self.mark_rect().united(self._label).adjusted(-4, -4, 4, 4)

    def mark_rect(self) -> QRectF:
        """The status shape and its badge, in item coordinates."""
        r = self.reach()
        return QRectF(-r, -r, 2 * r, 2 * r).united(self._badge)

    def name_rect(self) -> QRectF:
        return self._label

    def fit(self, width: float, height: float) -> tuple[float, float]:
        """Words for a box at most this big: as many lines of the name as fit (the last cut with “…” if need
        be) and, across all localities, “n/N can access” under it. Returns the box's size."""
        spec: ItemSpec = self.spec
        metrics, counts = QFontMetricsF(self._font), QFontMetricsF(self._count_font)
        line, count_line = metrics.height(), counts.height()
        pad_x, pad_y = 8.0, 3.0
        room = max(20.0, width - 2 * pad_x)
        count = []
        if spec.count:
            share = spec.count.split(" · ")[0]
            short = share.split(" ")[0]
            count = [share if counts.horizontalAdvance(share) <= room else short]
        lines_room = height - 2 * pad_y - count_line * len(count)
        if lines_room < line:  # no room for the count as well: the name first
            count, lines_room = [], height - 2 * pad_y
        most = max(1, min(3, int(lines_room // line)))
        self._lines = wrap(spec.name, self._font, room, max_lines=most)
        self._counts = count
        text_width = max([metrics.horizontalAdvance(t) for t in self._lines]
                         + [counts.horizontalAdvance(t) for t in count])
        return (min(width, text_width + 2 * pad_x + 1),
                min(max(height, line + 2 * pad_y), line * len(self._lines) + count_line * len(count) + 2 * pad_y))

    def set_label(self, box: QRectF, side: str) -> None:
        """The name's box, in item coordinates, and which side of the mark it is on."""
        self.prepareGeometryChange()
        self._label = QRectF(box)
        self._align = {"right": Qt.AlignmentFlag.AlignLeft, "left": Qt.AlignmentFlag.AlignRight}.get(
            side, Qt.AlignmentFlag.AlignHCenter)
        self._bounds = self.mark_rect().united(self._label).adjusted(-4, -4, 4, 4)
        self.update()

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.mark_rect())
        if not self._label.isEmpty():
            path.addRect(self._label)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        spec: ItemSpec = self.spec
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        size = self.MARK
        if spec.counts:  # across all localities: the share ring, n/N inside it
            paint_ring(painter, spec.share.counts, size * 1.2, largest_text=16, line=2.0, width=0.24)
        else:
            paint_status(painter, spec.status, size, font(22, bold=True))
            painter.setPen(QPen(INK, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if spec.status != "unknown":
                painter.drawPath(shape_path(spec.status, size))
        if spec.blockages:
            painter.setPen(QPen(PAPER, 1.5))
            painter.setBrush(INK)
            painter.drawRoundedRect(self._badge, 6, 6)
            painter.setPen(PAPER)
            painter.setFont(font(16, bold=True))
            text = "!" if spec.blockages == 1 else f"!{spec.blockages}"
            painter.drawText(self._badge, Qt.AlignmentFlag.AlignCenter, text)
        if self._label.isEmpty():
            return
        painter.setPen(QPen(LABEL_EDGE, 1.5))
        painter.setBrush(PAPER)
        painter.drawRoundedRect(self._label, 6, 6)
        painter.setPen(INK)
        inner = self._label.adjusted(8, 3, -8, -3)
        y = inner.top()
        for fnt, lines in ((self._font, self._lines), (self._count_font, self._counts)):
            painter.setFont(fnt)
            height = QFontMetricsF(fnt).height()
            for line in lines:
                painter.drawText(QRectF(inner.left(), y, inner.width(), height),
                                 self._align | Qt.AlignmentFlag.AlignVCenter, line)
                y += height


class ProjectorHolderNode(WallNode):
    """An agency: a light box with a dark border and its (short) name, inside its sector of the ring."""

    def _layout(self) -> None:
        self.fit(10_000, 10_000)

    def fit(self, width: float, height: float, smaller: float = 1.0) -> tuple[float, float]:
        """The name in as few lines (up to two) as fit `width`, in the holders' type (times `smaller`).
        Returns the box's size; it may be larger than asked when even one cut line does not fit."""
        self.prepareGeometryChange()
        self._font = font(max(9, round(THEME.px(HOLDER_TYPE) * (0.7 + 0.3 / max(THEME.scale, 0.01)) * smaller)),
                          bold=True)
        metrics = QFontMetricsF(self._font)
        room = max(24.0, width - 16)
        most = 2 if height >= 2 * metrics.height() + 10 else 1
        self._lines = wrap(self.spec.name, self._font, room, max_lines=most)
        w = max(metrics.horizontalAdvance(ln) for ln in self._lines) + 17
        h = metrics.height() * len(self._lines) + 8
        self._box = QRectF(-w / 2, -h / 2, w, h)
        self._bounds = self._box.adjusted(-3, -3, 3, 3)
        self.update()
        return w, h

    def name_rect(self) -> QRectF:
        return self._box

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(HOLDER_EDGE, 2.5))
        painter.setBrush(HOLDER_FILL)
        painter.drawRoundedRect(self._box, 8, 8)
        painter.setPen(INK)
        painter.setFont(self._font)
        painter.drawText(self._box, Qt.AlignmentFlag.AlignCenter, "\n".join(self._lines))


class ProjectorStageNode(WallNode):
    """The stage in the middle: a dark-blue pill with its name in white, in type read from the back of the
    room; as wide as the name needs and no taller (a wide wall has room across, not up and down)."""

    INSIDE = 14.0  # between the name and the pill's edge

    def _layout(self) -> None:
        name = " ".join(self.spec.name.split())
        size = STAGE_TYPE  # larger type is for the names round it: the stage's is large already
        self._font = font(size, bold=True)
        metrics = QFontMetricsF(self._font)
        # One line when it is short; else two (three at most), whole words, as even as they go.
        most = 1 if metrics.horizontalAdvance(name) <= 9 * size else 2 if len(name.split()) < 6 else 3
        widest = max(metrics.horizontalAdvance(w) for w in name.split()) if name else 0.0
        width = max(widest, metrics.horizontalAdvance(name) / most * 1.08)
        self._lines = wrap(name, self._font, width + 1, max_lines=3)
        text_w = max(metrics.horizontalAdvance(ln) for ln in self._lines)
        text_h = metrics.height() * len(self._lines)
        self.half_height = text_h / 2 + self.INSIDE / 2
        self.half_width = text_w / 2 + self.INSIDE + self.half_height * 0.6  # the round ends
        self._path = QPainterPath()
        self._path.addRoundedRect(QRectF(-self.half_width, -self.half_height, 2 * self.half_width,
                                         2 * self.half_height), self.half_height, self.half_height)
        self._bounds = QRectF(-self.half_width - 4, -self.half_height - 4, 2 * self.half_width + 8,
                              2 * self.half_height + 8)

    def shape(self) -> QPainterPath:
        return self._path

    def name_rect(self) -> QRectF:
        return self._bounds

    def contains_rect(self, rect: QRectF, margin: float = 0.0) -> bool:
        """Whether a scene rectangle (the stage at the origin) reaches into the pill grown by `margin`."""
        return self._path.intersects(rect.adjusted(-margin, -margin, margin, margin))

    def edge_towards(self, point: QPointF) -> QPointF:
        """Where a line from the middle towards `point` leaves the pill."""
        length = (point.x() ** 2 + point.y() ** 2) ** 0.5
        if length == 0:
            return QPointF(0, 0)
        unit = QPointF(point.x() / length, point.y() / length)
        inside, outside = 0.0, self.half_width + 1
        for _ in range(24):
            middle = (inside + outside) / 2
            if self._path.contains(unit * middle):
                inside = middle
            else:
                outside = middle
        return unit * inside

    def line_rects(self) -> list[QRectF]:
        """Where each line of the name goes: centred in the pill, one under the other."""
        metrics = QFontMetricsF(self._font)
        height, count = metrics.height(), len(self._lines)
        return [QRectF(-metrics.horizontalAdvance(line) / 2, -count * height / 2 + n * height,
                       metrics.horizontalAdvance(line), height) for n, line in enumerate(self._lines)]

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(INK, 4))
        painter.setBrush(STAGE_FILL)
        painter.drawPath(self._path)
        painter.setPen(PAPER)
        painter.setFont(self._font)
        for line, rect in zip(self._lines, self.line_rects()):
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, line)


def __getattr__(name: str):
    """views.workshop_items.WorkshopScene, as before the scene had a module of its own."""
    if name == "WorkshopScene":
        from views.wall_scene import WorkshopScene

        return WorkshopScene
    raise AttributeError(name)
