"""The drawn pieces of a circle of need: stage, data item and holder nodes, and the lines between them.

Items hold a node key and a small `spec` tuple of what they show (never graph data); the scene
computes specs and an item repaints only when its spec changes. Qt overrides stay thin.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QGuiApplication, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QStyleOptionGraphicsItem, QWidget

from models.analysis import Share
from models.vocabulary import ACCESS, ACCESS_COLOUR, ACCESS_INK, ACCESS_LETTER

INK = QColor("#1F2933")
SELECTION = QColor("#0072B2")  # Okabe–Ito blue
STAGE_FILL = QColor("#0072B2")
HOLDER_FILL = QColor("#EAF2F8")
HOLDER_EDGE = QColor("#56B4E9")  # Okabe–Ito sky blue
LABEL_BACK = QColor(255, 255, 255, 225)
SPOKE = QColor("#6B7785")
HOLDING = QColor("#B4BCC6")
# Text on each status fill: dark on the light fills, white on the dark ones.
UNKNOWN_FILL = QColor("#EEEEEE")
CHANGE_FILL = QColor("#CC79A7")  # Okabe–Ito reddish purple: the “Δ” of an item whose access changed
CHANGE_MARK = "Δ"

ITEM_SIZE = 22.0  # half the width of a data item's shape
LABEL_WIDTH = 184.0
HOLDER_WIDTH = 150.0
STAGE_RADIUS = 86.0


@functools.cache
def font(pixels: int, bold: bool = False) -> QFont:
    """The application's font at a pixel size, built on first use and kept. Never at import time: a QFont
    made before the QApplication exists resolves to another family than one made after it."""
    result = QFont(QGuiApplication.font())
    result.setPixelSize(pixels)
    result.setBold(bold)
    return result


# The diagram's type sizes, in pixels.
LABEL, COUNT, LETTER, HOLDER, STAGE, BADGE = 17, 13, 21, 16, 18, 12


def wrap(text: str, fnt: QFont, width: float, max_lines: int = 3) -> list[str]:
    """Words broken into lines no wider than `width`; the last line elided if there are too many."""
    metrics = QFontMetricsF(fnt)
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and metrics.horizontalAdvance(trial) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = metrics.elidedText(lines[-1] + " …", Qt.TextElideMode.ElideRight, width)
    return [metrics.elidedText(ln, Qt.TextElideMode.ElideRight, width) for ln in lines] or [""]


def shape_path(status: str, size: float = ITEM_SIZE) -> QPainterPath:
    """The outline of a status: circle, diamond, octagon; unknown is a circle (drawn dashed)."""
    path = QPainterPath()
    if status == "partial":
        s = size * 1.15
        path.addPolygon(QPolygonF([QPointF(0, -s), QPointF(s, 0), QPointF(0, s), QPointF(-s, 0), QPointF(0, -s)]))
    elif status == "blocked":
        corners = [QPointF(size * math.cos(math.pi / 8 + n * math.pi / 4), size * math.sin(math.pi / 8 + n * math.pi / 4))
                   for n in range(9)]
        path.addPolygon(QPolygonF(corners))
    else:
        path.addEllipse(QPointF(0, 0), size, size)
    return path


def paint_status(painter: QPainter, status: str, size: float = ITEM_SIZE, letter_font: QFont | None = None) -> None:
    """A status symbol centred on (0, 0): its shape, colour and letter (also used by the legend)."""
    if status == "unknown":
        pen = QPen(QColor(ACCESS_COLOUR["unknown"]), 2.5, Qt.PenStyle.DashLine)
        painter.setBrush(UNKNOWN_FILL)
    else:
        pen = QPen(QColor(ACCESS_COLOUR[status]).darker(130), 1.5)
        painter.setBrush(QColor(ACCESS_COLOUR[status]))
    painter.setPen(pen)
    painter.drawPath(shape_path(status, size))
    painter.setPen(QColor(ACCESS_INK[status]))
    painter.setFont(letter_font or font(LETTER, bold=True))
    painter.drawText(QRectF(-size, -size, 2 * size, 2 * size), Qt.AlignmentFlag.AlignCenter, ACCESS_LETTER[status])


# ---- the share ring: an item across all localities --------------------------------------------

RING_ORDER = ACCESS.values  # clockwise from 12 o'clock, as models.analysis.Share.spans
RING_WIDTH = 0.3  # of the ring's outer radius
HATCH = QColor("#3A1500")  # the blocked arc's stripes: dark on vermilion, so blocked reads in greyscale too


def count_lines(text: str, fnt: QFont, width: float) -> list[str]:
    """A count line (“4/10 can access · 2 partly · 3 blocked”) broken at its dots into lines no wider than
    `width` (a part is never split), so a long count does not widen the name's box."""
    if not text:
        return []
    metrics = QFontMetricsF(fnt)
    lines: list[str] = []
    for part in text.split(" · "):
        trial = f"{lines[-1]} · {part}" if lines else part
        if lines and metrics.horizontalAdvance(trial) <= width:
            lines[-1] = trial
        else:
            lines.append(part)
    return lines


def _sector(start: float, span: float, outer: float, inner: float) -> QPainterPath:
    """An arc of a ring, as in Share.spans (clockwise from 12 o'clock); Qt counts anticlockwise from 3."""
    path = QPainterPath()
    if span >= 359.999:
        path.setFillRule(Qt.FillRule.OddEvenFill)
        path.addEllipse(QPointF(0, 0), outer, outer)
        path.addEllipse(QPointF(0, 0), inner, inner)
        return path
    big, small = QRectF(-outer, -outer, 2 * outer, 2 * outer), QRectF(-inner, -inner, 2 * inner, 2 * inner)
    begin = 90.0 - start
    path.arcMoveTo(big, begin)
    path.arcTo(big, begin, -span)
    path.arcTo(small, begin - span, span)
    path.closeSubpath()
    return path


@functools.cache
def _fraction_pixels(text: str, room: float, largest: int) -> int:
    """The largest bold type (down to 7 px) in which `text` fits across `room` pixels."""
    pixels = largest
    while pixels > 7 and QFontMetricsF(font(pixels, bold=True)).horizontalAdvance(text) > room:
        pixels -= 1
    return pixels


def paint_ring(painter: QPainter, counts: dict[str, int], radius: float, largest_text: int = 14,
               line: float = 1.2, width: float = RING_WIDTH, text: str | None = None) -> None:
    """An item's share of localities centred on (0, 0): a ring of arcs (accessible green, partly orange,
    blocked vermilion and striped, not known pale with a dashed edge), a thin gap between one locality and
    the next, and `text` in bold inside: by default the share's “n/N” (can access in full, of all). Also used
    by the legend."""
    share = Share.of(counts)
    inner = radius * (1 - width)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#FFFFFF"))
    painter.drawEllipse(QPointF(0, 0), radius, radius)
    spans = Share.of(counts).spans
    for status, start, span in spans:
        path = _sector(start, span, radius, inner)
        if status == "unknown":
            painter.setBrush(UNKNOWN_FILL)
            painter.setPen(QPen(QColor(ACCESS_COLOUR["unknown"]), line * 1.3, Qt.PenStyle.DashLine))
        else:
            painter.setBrush(QColor(ACCESS_COLOUR[status]))
            painter.setPen(QPen(QColor(ACCESS_COLOUR[status]).darker(135), line))
        painter.drawPath(path)
        if status == "blocked":  # stripes across the arc: blocked is not told from accessible by colour alone
            painter.save()
            painter.setClipPath(path)
            painter.setPen(QPen(HATCH, line * 1.2))
            step = max(3.0, radius * 0.2)
            x = -2 * radius
            while x < 2 * radius:
                painter.drawLine(QPointF(x, radius), QPointF(x + 2 * radius, -radius))
                x += step
            painter.restore()
    if not spans:  # no localities at all: an empty dashed ring
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(ACCESS_COLOUR["unknown"]), line * 1.3, Qt.PenStyle.DashLine))
        painter.drawPath(_sector(0, 360, radius, inner))
    elif 1 < share.total <= 60:  # a thin gap between localities, so the arcs can be counted
        painter.setPen(QPen(QColor("#FFFFFF"), line))
        for n in range(share.total):
            angle = math.radians(90.0 - 360.0 * n / share.total)
            direction = QPointF(math.cos(angle), -math.sin(angle))
            painter.drawLine(direction * (inner - 0.5), direction * (radius + 0.5))
    text = share.fraction if text is None else text
    if not text:
        return
    pixels = _fraction_pixels(text, 2 * inner - 2 * line - 2, largest_text)
    painter.setPen(INK)
    painter.setFont(font(pixels, bold=True))
    painter.drawText(QRectF(-inner, -inner, 2 * inner, 2 * inner), Qt.AlignmentFlag.AlignCenter, text)


@dataclass(frozen=True)
class ItemSpec:
    """What a data item node shows."""

    name: str
    status: str
    essential: bool
    count: str  # "9/10 can access · 1 blocked" across all localities (Share.line), "" in one locality
    blockages: int
    tooltip: str
    counts: tuple[int, ...] = ()  # across all localities: how many in each status (RING_ORDER); () in one
    named: bool = True  # False in a circle too big to name its items: the mark alone (its name in its tooltip)

    @property
    def share(self) -> Share | None:
        """What the ring shows, across all localities; None in one locality (a status shape is drawn)."""
        return Share(*self.counts) if self.counts else None


@dataclass(frozen=True)
class HolderSpec:
    name: str
    tooltip: str


@dataclass(frozen=True)
class StageSpec:
    name: str
    tooltip: str


class NodeItem(QGraphicsItem):
    """A node of one stage's circle: `view` is the stage whose circle it belongs to, `key` the node."""

    def __init__(self, view: int, key: tuple[str, int], spec: object, movable: bool = True) -> None:
        super().__init__()
        self.view, self.key = view, key
        self.spec = None
        self.edges: list[EdgeItem] = []
        self._bounds = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.OpenHandCursor if movable else Qt.CursorShape.ArrowCursor)
        self.setZValue(2)
        # Painted once into a pixmap and reused until the spec, selection or zoom changes.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.set_spec(spec)

    def set_spec(self, spec: object) -> bool:
        """Show `spec`; returns whether anything changed."""
        if spec == self.spec:
            return False
        self.prepareGeometryChange()
        self.spec = spec
        self._layout()
        self.setToolTip(self.tooltip())
        self.update()
        return True

    def tooltip(self) -> str:
        return self.spec.tooltip

    def set_movable(self, movable: bool) -> None:
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)
        self.setCursor(Qt.CursorShape.OpenHandCursor if movable else Qt.CursorShape.ArrowCursor)

    def _layout(self) -> None:
        raise NotImplementedError

    def boundingRect(self) -> QRectF:
        return self._bounds

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.follow()
        return super().itemChange(change, value)

    def name_rect(self) -> QRectF:
        """Where an inline rename box goes, in item coordinates."""
        return self._bounds


class DataItemNode(NodeItem):
    """A data item: its status shape and letter in one locality, or across all localities its share ring
    (paint_ring); a blockage badge; and its name on the side away from the stage (left-aligned on the right
    half, right-aligned on the left, above or below near 12 and 6 o'clock), so no label sits on a spoke or
    over the circle's middle."""

    chosen: str | None = None  # a placement the scene chose to keep clear of its neighbours
    change: str = ""  # what changed since a snapshot (the Changes panel is open), "" for nothing

    def set_change(self, words: str) -> None:
        """Mark the item (a “Δ” badge, its tooltip saying what changed) or, with "", unmark it."""
        if words == self.change:
            return
        self.change = words
        self.prepareGeometryChange()
        self._layout()
        self.setToolTip(self.tooltip())
        self.update()

    def tooltip(self) -> str:
        return f"{self.spec.tooltip}\n\n{self.change}" if self.change else self.spec.tooltip

    def _layout(self) -> None:
        spec: ItemSpec = self.spec
        self._font = font(LABEL, bold=spec.essential)
        self._lines = wrap(spec.name, self._font, LABEL_WIDTH) if spec.named else []
        self._counts = count_lines(spec.count, font(COUNT), LABEL_WIDTH) if spec.named else []
        line_height = QFontMetricsF(self._font).height()
        height = line_height * len(self._lines) + QFontMetricsF(font(COUNT)).height() * len(self._counts) + 4
        width = max((QFontMetricsF(self._font).horizontalAdvance(ln) for ln in self._lines), default=0.0)
        for line in self._counts:
            width = max(width, QFontMetricsF(font(COUNT)).horizontalAdvance(line))
        self._size = QSizeF(width + 8, height) if spec.named else QSizeF(0, 0)
        self._side = self._side_now()
        options = self.label_options()
        where = self.chosen if self.chosen in options else options[0]
        self._where = where
        self._label = self.label_rect(where)
        self._align = {"right": Qt.AlignmentFlag.AlignLeft, "left": Qt.AlignmentFlag.AlignRight}.get(
            where.split()[0] if where.split()[0] in ("right", "left") else where.split()[-1],
            Qt.AlignmentFlag.AlignHCenter)
        shape = QRectF(-ITEM_SIZE * 1.2, -ITEM_SIZE * 1.2, ITEM_SIZE * 2.4, ITEM_SIZE * 2.4)
        # The badge on the top shoulder away from a label on the right; beside a share ring, clear of its arcs.
        inset = ITEM_SIZE * (1.15 if spec.counts else 0.55)
        badge_x = -inset - 26 if where.startswith("right") else inset
        badge = QRectF(badge_x, -ITEM_SIZE * 1.35, 26, 20)
        self._badge = badge if spec.blockages else QRectF()
        # The change mark on the bottom shoulder of the same side, clear of the label and the spoke.
        self._change_badge = QRectF(badge_x, ITEM_SIZE * 1.35 - 20, 26, 20) if self.change else QRectF()
        self._bounds = shape.united(self._label).united(badge).united(self._change_badge).adjusted(-5, -5, 5, 5)

    def label_options(self) -> list[str]:
        """Where the label may go, best first: outward from the stage, then its neighbours' sides."""
        side = self._side
        if side.startswith("right") or side.startswith("left"):
            h = side.split()[0]
            tilts = ["up", "down", "middle"] if side.endswith("up") else ["down", "up", "middle"]
            return [f"{h} {t}" for t in tilts] + ["above", "below"]
        return [side, f"{side} right", f"{side} left",
                *(f"{h} {t}" for h in ("right", "left") for t in ("middle", "up", "down"))]

    def label_rect(self, where: str) -> QRectF:
        """The label's rectangle (in item coordinates) for a placement from `label_options`."""
        width, height = self._size.width(), self._size.height()
        reach = ITEM_SIZE * 1.2 + 4
        if where.startswith(("above", "below")):  # centred, or starting (ending) at the shape's edge
            top = -ITEM_SIZE * 1.35 - 2 - height if where.startswith("above") else reach
            left = {"right": -ITEM_SIZE * 1.2, "left": ITEM_SIZE * 1.2 - width}.get(where.split()[-1], -width / 2)
            return QRectF(left, top, width, height)
        h, tilt = where.split()
        # Beside the shape: level with it, raised above it or hanging below it (below a share ring's lowest edge).
        below = ITEM_SIZE * (1.2 if self.spec.counts else 1.0) + 2
        top = {"up": -ITEM_SIZE * 0.2 - height, "down": below, "middle": -height / 2}[tilt]
        return QRectF(reach if h == "right" else -reach - width, top, width, height)

    def choose_label(self, where: str | None) -> None:
        if where != self.chosen:
            self.chosen = where
            self.prepareGeometryChange()
            self._layout()
            self.update()

    def _side_now(self) -> str:
        """Where the label goes, from the item's direction out of its stage's centre."""
        scene = self.scene()
        stage = getattr(scene, "nodes", {}).get((self.view, ("stage", self.view))) if scene is not None else None
        centre = stage.pos() if stage is not None else QPointF(*(scene.offset(self.view) if hasattr(
            scene, "offset") else (0.0, 0.0)))
        dx, dy = self.pos().x() - centre.x(), self.pos().y() - centre.y()
        if abs(dx) < 0.3 * math.hypot(dx, dy) or math.hypot(dx, dy) < 1:  # within ~17° of 12 or 6 o'clock
            return "above" if dy < 0 else "below"
        return ("right" if dx > 0 else "left") + (" up" if dy < -1 else "")

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.spec is not None \
                and self._side_now() != self._side:
            self.prepareGeometryChange()
            self._layout()
            self.update()
        return super().itemChange(change, value)

    def name_rect(self) -> QRectF:
        return self._label

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._bounds.adjusted(5, 5, -5, -5))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        spec: ItemSpec = self.spec
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.isSelected():
            painter.setPen(QPen(SELECTION, 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), ITEM_SIZE * 1.45, ITEM_SIZE * 1.45)
        if spec.counts:
            paint_ring(painter, spec.share.counts, ITEM_SIZE * 1.2)
        else:
            paint_status(painter, spec.status)
        if spec.blockages:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(INK)
            painter.drawRoundedRect(self._badge, 5, 5)
            painter.setPen(QColor("#FFFFFF"))
            painter.setFont(font(BADGE, bold=True))
            text = "!" if spec.blockages == 1 else f"!{spec.blockages}"
            painter.drawText(self._badge, Qt.AlignmentFlag.AlignCenter, text)
        if self.change:
            painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
            painter.setBrush(CHANGE_FILL)
            painter.drawRoundedRect(self._change_badge, 5, 5)
            painter.setPen(INK)
            painter.setFont(font(BADGE + 3, bold=True))
            painter.drawText(self._change_badge, Qt.AlignmentFlag.AlignCenter, CHANGE_MARK)
        if not spec.named:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(LABEL_BACK)
        painter.drawRoundedRect(self._label, 4, 4)
        painter.setPen(INK)
        painter.setFont(self._font)
        height = QFontMetricsF(self._font).height()
        inner = self._label.adjusted(4, 2, -4, -2)
        align = self._align | Qt.AlignmentFlag.AlignVCenter
        y = inner.top()
        for line in self._lines:
            painter.drawText(QRectF(inner.left(), y, inner.width(), height), align, line)
            y += height
        painter.setFont(font(COUNT))
        painter.setPen(QColor("#4A5561"))
        for line in self._counts:
            painter.drawText(QRectF(inner.left(), y, inner.width(), QFontMetricsF(font(COUNT)).height()), align, line)
            y += QFontMetricsF(font(COUNT)).height()


class HolderNode(NodeItem):
    """An agency holding data: a rounded box with its (short) name."""

    def _layout(self) -> None:
        self._lines = wrap(self.spec.name, font(HOLDER), HOLDER_WIDTH - 16, max_lines=2)
        height = QFontMetricsF(font(HOLDER)).height() * len(self._lines) + 14
        width = max(QFontMetricsF(font(HOLDER)).horizontalAdvance(ln) for ln in self._lines) + 24
        self._box = QRectF(-width / 2, -height / 2, width, height)
        self._bounds = self._box.adjusted(-4, -4, 4, 4)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SELECTION, 4) if self.isSelected() else QPen(HOLDER_EDGE, 1.5))
        painter.setBrush(HOLDER_FILL)
        painter.drawRoundedRect(self._box, 8, 8)
        painter.setPen(INK)
        painter.setFont(font(HOLDER))
        painter.drawText(self._box, Qt.AlignmentFlag.AlignCenter, "\n".join(self._lines))


class StageNode(NodeItem):
    """The stage at the centre of its circle."""

    def _layout(self) -> None:
        self._lines = wrap(self.spec.name, font(STAGE, bold=True), STAGE_RADIUS * 1.85, max_lines=4)
        self._bounds = QRectF(-STAGE_RADIUS - 6, -STAGE_RADIUS - 6, 2 * STAGE_RADIUS + 12, 2 * STAGE_RADIUS + 12)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), STAGE_RADIUS, STAGE_RADIUS)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(INK, 5) if self.isSelected() else QPen(STAGE_FILL.darker(120), 2))
        painter.setBrush(STAGE_FILL)
        painter.drawEllipse(QPointF(0, 0), STAGE_RADIUS, STAGE_RADIUS)
        painter.setPen(QColor("#FFFFFF"))
        painter.setFont(font(STAGE, bold=True))
        box = QRectF(-STAGE_RADIUS * 0.95, -STAGE_RADIUS * 0.95, STAGE_RADIUS * 1.9, STAGE_RADIUS * 1.9)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "\n".join(self._lines))


class EdgeItem(QGraphicsLineItem):
    """A line between two nodes that follows them when they move: a spoke (stage → item, solid when
    the need is essential, dashed when useful) or a holding (item → holder)."""

    def __init__(self, source: NodeItem, target: NodeItem, spoke: bool, essential: bool = True) -> None:
        super().__init__()
        self.source, self.target, self.spoke = source, target, spoke
        self.essential = None
        self.setZValue(0 if spoke else 1)
        self.set_essential(essential)
        source.edges.append(self)
        target.edges.append(self)
        self.follow()

    def set_essential(self, essential: bool) -> None:
        if essential == self.essential:
            return
        self.essential = essential
        if not self.spoke:
            pen = QPen(HOLDING, 1.6)
        elif essential:
            pen = QPen(SPOKE, 2.6)
        else:
            pen = QPen(SPOKE, 2.0, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)

    def follow(self) -> None:
        self.setLine(QLineF(self.source.pos(), self.target.pos()))

    def detach(self) -> None:
        for node in (self.source, self.target):
            if self in node.edges:
                node.edges.remove(self)


BADGE_BRUSH = QBrush(INK)
