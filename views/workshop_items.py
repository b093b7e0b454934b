"""The projector theme of the circle: large type, thick lines, high contrast on a light background.

The same CircleScene draws the circle (so keys, diffing and the stable layout are shared); these
subclasses change how each node looks, how wide the circle spreads on a 16:9 wall and where the
items' names go: each beside, above or below its item, out from the stage where there is room, and
never over another name, an item, a holder or the stage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from models.layout import ITEM_RADIUS, item_angle
from views.diagram_items import (
    DataItemNode, EdgeItem, HolderNode, ItemSpec, NodeItem, StageNode, font, paint_ring, paint_status, wrap,
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
    """A data item: a big status shape and letter (across all localities, the share ring with n/N), a
    blockage badge, and its name in a box beside, above or below it. The wall's scene chooses where
    (`choose_label`), so that the name covers nothing."""

    SHAPE = 34.0  # the shape stays the same size: type scales, the circle does not
    GAP = 8.0  # between the shape (or its badge) and the name
    NAME_WIDTH = 340.0  # the widest line of a name at the theme's normal size

    chosen = ("right", 0.5)

    def _layout(self) -> None:
        spec: ItemSpec = self.spec
        t = THEME
        self._size = self.SHAPE
        self._font = t.font(38, bold=spec.essential)
        self._count_font = t.font(30, bold=True)
        self._lines = wrap(spec.name, self._font, t.px(self.NAME_WIDTH), max_lines=3)
        metrics, count = QFontMetricsF(self._font), QFontMetricsF(self._count_font)
        height = metrics.height() * len(self._lines)
        width = max(metrics.horizontalAdvance(ln) for ln in self._lines)
        # Only “9/10 can access” under the name: the wall has no room for the rest, which its ring shows.
        self._counts = spec.count.split(" · ")[:1] if spec.count else []
        height += count.height() * len(self._counts)
        for line in self._counts:
            width = max(width, count.horizontalAdvance(line))
        self._name_size = QSizeF(width + 16, height + 8)
        self._label = self.label_rect(self.chosen)
        side, slide = self.chosen
        toward = side if side in ("right", "left") else "right" if slide > 0.5 else "left" if slide < 0.5 else ""
        self._align = {"right": Qt.AlignmentFlag.AlignLeft, "left": Qt.AlignmentFlag.AlignRight}.get(
            toward, Qt.AlignmentFlag.AlignHCenter)
        # The blockage badge on the top shoulder nearer the stage, away from where names go first.
        self._badge_left = self.pos().x() >= 0
        inset = self._size * (1.15 if spec.counts else 0.5)  # beside a share ring, clear of its arcs
        badge_x = -inset - 44 if self._badge_left else inset
        self._badge = QRectF(badge_x, -self._size * 1.45, 44, 34) if spec.blockages else QRectF()
        self._bounds = self.mark_rect().united(self._label).adjusted(-8, -8, 8, 8)

    def mark_rect(self) -> QRectF:
        """The status shape and its badge, in item coordinates."""
        size = self._size * 1.2
        return QRectF(-size, -size, 2 * size, 2 * size).united(self._badge)

    def label_rect(self, where: tuple[str, float]) -> QRectF:
        """The name's box for a placement (side, slide): beside the shape ("right", "left") or above or
        below it, slid from 0 (raised, or reaching left) through 0.5 (centred) to 1 (lowered, or
        reaching right) and always touching the shape's side."""
        side, slide = where
        width, height = self._name_size.width(), self._name_size.height()
        reach = self._size * 1.2 + self.GAP
        if side in ("right", "left"):
            top = -height / 2 + (slide - 0.5) * (height + reach)
            return QRectF(reach if side == "right" else -reach - width, top, width, height)
        left = -width / 2 + (slide - 0.5) * (width + reach)
        top = -self._size * 1.45 - self.GAP - height if side == "above" else reach
        return QRectF(left, top, width, height)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.spec is not None \
                and (self.pos().x() >= 0) != self._badge_left:
            self.relayout()
        return NodeItem.itemChange(self, change, value)  # the scene places the name, not the desktop's sides

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
        if spec.counts:  # across all localities: the share ring, as in the window, at the wall's scale
            paint_ring(painter, spec.share.counts, self._size * 1.2, largest_text=28, line=2.0, width=0.24)
        else:
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
        painter.setFont(self._count_font)
        for line in self._counts:
            painter.drawText(QRectF(inner.left(), y, inner.width(), QFontMetricsF(self._count_font).height()),
                             self._align | Qt.AlignmentFlag.AlignVCenter, line)
            y += QFontMetricsF(self._count_font).height()


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

    def name_rect(self) -> QRectF:
        return self._box

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

    RADIUS = 130.0  # at the theme's normal size; larger type widens the disc a little (`_layout`)
    WIDEST = 1.3  # the disc grows with the type up to this much, and stays clear of the items round it
    NAME_SIZE = 38.0  # the stage's name at the theme's normal size, as the items' names
    SMALLEST = 16.0  # a very long name shrinks this far (or to 0.6 of its size) before it is elided
    INSIDE = 14.0  # between the name and the disc's ring

    def _layout(self) -> None:
        """The stage's name in the theme's type, Ctrl+= and all, wrapped inside the disc: each line no
        wider than the disc is at that height; only a word too wide for the widest disc is broken."""
        target = THEME.px(self.NAME_SIZE)
        name = " ".join(self.spec.name.split())
        # The disc grows with the type, and for a long word, up to WIDEST: its longest word should fit
        # whole in type at least 0.8 of the items'.
        longest = max((QFontMetricsF(font(round(0.8 * target), bold=True)).horizontalAdvance(word)
                       for word in name.split()), default=0.0)
        base = type(self).RADIUS
        self.RADIUS = min(max(base * max(THEME.scale, 1.0), longest / 2 + self.INSIDE + 6), base * self.WIDEST)
        self._lines = None
        # Whole words in type down to 0.7 of the items' if need be; else words too wide for the disc broken.
        for smallest, hyphens in ((0.7 * target, False), (min(0.6 * target, self.SMALLEST), True)):
            size = target
            while self._lines is None and size >= smallest:
                self._font = font(max(6, round(size)), bold=True)
                self._lines = self._fit(name, self._font, hyphens)
                size -= 1
            if self._lines is not None:
                break
        if self._lines is None:  # a very long name: as much of it as fits, the rest elided
            self._lines = wrap(name, self._font, min(self._widths(self._font, 3)), max_lines=3)
        r = self.RADIUS
        self._bounds = QRectF(-r - 8, -r - 8, 2 * r + 16, 2 * r + 16)

    def _widths(self, fnt: QFont, count: int) -> list[float]:
        """How wide each of `count` lines, centred in the disc, may be."""
        line = QFontMetricsF(fnt).height()
        inner = self.RADIUS - self.INSIDE
        widths = []
        for n in range(count):
            top = -count * line / 2 + n * line
            far = max(abs(top), abs(top + line))
            widths.append(2 * math.sqrt(inner * inner - far * far) if far < inner else 0.0)
        return widths

    def _fit(self, name: str, fnt: QFont, hyphens: bool) -> list[str] | None:
        """The name in as few lines as fit the disc in this type, or None if it does not fit."""
        metrics = QFontMetricsF(fnt)
        for count in range(1, 6):
            widths = self._widths(fnt, count)
            if min(widths) <= 0:
                return None
            lines = _fill(name, metrics, widths, hyphens)
            if lines is not None:
                return lines
        return None

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
        for line, rect in zip(self._lines, self.line_rects()):
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, line)

    def line_rects(self) -> list[QRectF]:
        """Where each line of the name goes: centred in the disc, one under the other."""
        metrics = QFontMetricsF(self._font)
        height, count = metrics.height(), len(self._lines)
        rects = []
        for n, line in enumerate(self._lines):
            width = metrics.horizontalAdvance(line)
            rects.append(QRectF(-width / 2, -count * height / 2 + n * height, width, height))
        return rects


def _fill(text: str, metrics: QFontMetricsF, widths: list[float], hyphens: bool = True) -> list[str] | None:
    """Words into lines of these widths, in order; with `hyphens`, a word wider than the widest line
    broken with a hyphen. None if the words need more lines than there are widths."""
    words = text.split()
    lines: list[str] = []
    line = ""
    while words:
        if len(lines) >= len(widths):
            return None
        width = widths[len(lines)]
        word = words[0]
        trial = f"{line} {word}".strip()
        if metrics.horizontalAdvance(trial) <= width:
            line = trial
            words.pop(0)
            continue
        if line:  # the word goes on the next line
            lines.append(line)
            line = ""
            continue
        # A word wider than its line: if it is wider than any line, as much of it as fits, and a hyphen.
        if not hyphens or metrics.horizontalAdvance(word) <= max(widths):
            return None
        cut = len(word) - 1
        while cut > 2 and metrics.horizontalAdvance(word[:cut] + "-") > width:
            cut -= 1
        if cut <= 2 or len(word) - cut < 3:
            return None
        lines.append(word[:cut] + "-")
        words[0] = word[cut:]
    if line:
        if len(lines) >= len(widths):
            return None
        lines.append(line)
    return lines


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
    HOLDERS_STAY = True  # on the wall nothing moves: a holder keeps the place it took with its first item
    empty_hint = "No data items yet: type one below and press Enter."
    hint_colour, hint_below = "#111111", 170.0
    # The rings drawn wide (a 16:9 wall has room across, not up and down): the data items on an ellipse,
    # the holders near the wall's edges and corners, the items' names between. Laid-out ring radius →
    # (half width, half height, squareness).
    RINGS = ((0.0, 0.0, 0.0, 2.0), (260.0, 680.0, 235.0, 2.0), (470.0, 1010.0, 475.0, 6.0))
    WALL = QRectF(-1180, -530, 2360, 1060)  # what the wall shows (views.workshop_parts.WallView)
    NAMES_AREA = WALL.adjusted(28, 28, -28, -28)  # names keep clear of its edges: the wall never shrinks

    def __init__(self, graph, parent=None) -> None:
        super().__init__(graph, parent)
        self.setBackgroundBrush(PAPER)
        self.set_editable(False)

    @property
    def hint_pixels(self) -> int:  # the empty circle's hint, in the theme's type size
        return max(6, round(THEME.px(34)))

    def place(self, x: float, y: float) -> tuple[float, float]:
        """Stretch the laid-out circle onto the wall's rings, turned by half a slot so that no data
        item sits straight above or below the stage."""
        r = math.hypot(x, y)
        if r < 1e-6:
            return 0.0, 0.0
        inner, outer = next((a, b) for a, b in zip(self.RINGS, self.RINGS[1:]) if r <= b[0]) \
            if r <= self.RINGS[-1][0] else self.RINGS[-2:]
        f = (r - inner[0]) / (outer[0] - inner[0])
        angle = math.atan2(y, x) + self._turn()
        (x0, y0), (x1, y1) = _on_ring(inner, angle), _on_ring(outer, angle)
        return x0 + f * (x1 - x0), y0 + f * (y1 - y0)

    @staticmethod
    def _turn() -> float:
        return (item_angle(1) - item_angle(0)) / 2  # half the space between the first items: none straight up
    def relayout(self) -> None:
        """Redraw every node at the theme's current type size."""
        for node in self.nodes.values():
            relayout = getattr(node, "relayout", None)
            if relayout is not None:
                relayout()
        for hint in self._hints.values():
            hint.setFont(font(self.hint_pixels))
        for view in self._touches:
            self.arrange_labels(view)
        self.update()

    # ---- where the names go ----------------------------------------------------------------------

    def arrange_labels(self, view: int, changed: set | None = None) -> None:  # all of them, whatever changed
        """Each data item's name where it covers no other name, no item, no holder and not the stage, and
        stays on the wall: all of them as near their best places (out from the stage) as they can be
        together, and clear of where the next item typed will appear if they can, so that a new item
        finds room around the names already there and none of them moves unless it must."""
        stage = self.nodes.get((view, ("stage", view)))
        if stage is None:
            return
        items = sorted((n for (v, _), n in self.nodes.items() if v == view and isinstance(n, ProjectorItemNode)),
                       key=lambda n: n.key[1])
        marks = [n.mapRectToScene(n.mark_rect()) for n in items]
        marks += [n.mapRectToScene(n.name_rect()) for (v, k), n in self.nodes.items() if v == view and k[0] == "agency"]
        next_item = self._next_item(view, items)
        options = [self._places(node, stage, marks, next_item) for node in items]
        chosen = _all_clear(options) or _least_covered(options)
        for node, where in zip(items, chosen):
            node.choose_label(where)

    def _next_item(self, view: int, items: list[ProjectorItemNode]) -> QRectF:
        """Where the next data item typed will appear (its shape, as big as the others'), if there is room."""
        if not items:
            return QRectF()
        angle = item_angle(len(items))
        x, y = self.place(ITEM_RADIUS * math.cos(angle), ITEM_RADIUS * math.sin(angle))
        ox, oy = self.offset(view)
        return items[0].mark_rect().translated(x + ox, y + oy)

    def _places(self, node: ProjectorItemNode, stage: NodeItem, marks: list[QRectF], next_item: QRectF) -> list[Place]:
        """Where the node's name may go, each with how much of the items, holders and stage it covers
        (and of the wall's edge) and how good a place it is; the other names are left to `_all_clear`."""
        centre = stage.pos()
        places = []
        for score, where in self._options(node.pos() - centre):
            rect = node.mapRectToScene(node.label_rect(where))
            cost = sum(_overlap(rect, mark) for mark in marks)
            cost += _outside(rect, self.NAMES_AREA) + (_area(rect) if _on_disc(rect, centre, stage.RADIUS) else 0)
            box = rect.adjusted(-CLEARANCE, -CLEARANCE, CLEARANCE, CLEARANCE)
            in_the_way = NEXT_ITEM_ROOM if rect.intersects(next_item) else 0.0
            places.append(Place(where, box, cost, score + in_the_way))
        return places

    def _options(self, offset: QPointF) -> list[tuple[float, tuple[str, float]]]:
        """Where a name may go, best (lowest score) first: out from the stage (beside the item on the
        sides of the circle, above or below it at the top and bottom), then slid along, then the other
        sides."""
        _, width, height, _ = self.RINGS[1]
        across, down = offset.x() / width, offset.y() / height
        length = math.hypot(across, down) or 1.0
        across, down = across / length, down / length
        beside = "right" if across >= 0 else "left"
        upright = "above" if down < 0 else "below"
        sides = [beside, upright] if abs(across) >= 0.5 else [upright, beside]
        sides += [{"right": "left", "left": "right"}[beside], {"above": "below", "below": "above"}[upright]]
        ideal = {beside: 0.5 + 0.5 * down, upright: 0.5 + 0.5 * across}
        ranked = []
        for rank, side in zip((0, 1, 4, 5), sides):  # towards the stage only when nothing else is clear
            for step in range(9):
                slide = step / 8
                ranked.append((rank + 2 * abs(slide - ideal.get(side, 0.5)), (side, slide)))
        return sorted(ranked)


CLEARANCE = 6.0  # kept between two names, so that neither reads as part of the other
NEXT_ITEM_ROOM = 3.0  # what covering the next item's place costs a name: more than sliding along its side


@dataclass(frozen=True)
class Place:
    """A place for an item's name: where (side, slide), its box with a margin round it, how much of
    anything but other names it covers, and its score (lower is better)."""

    where: tuple[str, float]
    box: QRectF
    covers: float
    score: float


def _all_clear(options: list[list[Place]], budget: int = 100_000) -> list[tuple[str, float]] | None:
    """One place per name such that none covers anything or another name, with the lowest total score
    found within the budget (looking at the names in order, each from its best place); None if there
    is no such choice."""
    clear = [sorted((p for p in places if p.covers == 0), key=lambda p: p.score) for places in options]
    if not all(clear):
        return None
    flat = [(name, place) for name, places in enumerate(clear) for place in places]
    clashes = [0] * len(flat)  # per place, the places of other names it overlaps (as bits)
    for k, (name, place) in enumerate(flat):
        for m in range(k + 1, len(flat)):
            if flat[m][0] != name and place.box.intersects(flat[m][1].box):
                clashes[k] |= 1 << m
                clashes[m] |= 1 << k
    first = [0]
    for places in clear:
        first.append(first[-1] + len(places))
    least_left = [sum(places[0].score for places in clear[name:]) for name in range(len(clear) + 1)]
    best: list = [math.inf, None]
    left = [budget]

    def search(name: int, barred: int, total: float, picks: list[int]) -> None:
        if total + least_left[name] >= best[0] or left[0] <= 0:
            return
        if name == len(clear):
            best[:] = [total, list(picks)]
            return
        for k in range(first[name], first[name + 1]):
            left[0] -= 1
            if not barred >> k & 1:
                picks.append(k)
                search(name + 1, barred | clashes[k], total + flat[k][1].score, picks)
                picks.pop()

    search(0, 0, 0.0, [])
    return [flat[k][1].where for k in best[1]] if best[1] is not None else None


def _least_covered(options: list[list[Place]]) -> list[tuple[str, float]]:
    """When no choice is all clear: each name in turn where it covers least, the earlier names included."""
    chosen: list[Place] = []
    for places in options:
        chosen.append(min(places, key=lambda p: (p.covers + sum(_overlap(p.box, c.box) for c in chosen), p.score)))
    return [p.where for p in chosen]


def _on_ring(ring: tuple[float, float, float, float], angle: float) -> tuple[float, float]:
    """The point of a ring (laid-out radius, half width, half height, squareness) in a direction:
    squareness 2 is an ellipse; higher draws it out towards the corners of its rectangle."""
    _, width, height, power = ring
    across, down = math.cos(angle), math.sin(angle)
    return (width * math.copysign(abs(across) ** (2 / power), across),
            height * math.copysign(abs(down) ** (2 / power), down))


def _area(rect: QRectF) -> float:
    return rect.width() * rect.height()


def _overlap(a: QRectF, b: QRectF) -> float:
    return _area(a.intersected(b))


def _outside(rect: QRectF, area: QRectF) -> float:
    """How much of `rect` is outside `area`."""
    return _area(rect) - _overlap(rect, area)


def _on_disc(rect: QRectF, centre: QPointF, radius: float) -> bool:
    """Whether a rectangle covers any of a disc (the stage)."""
    nearest_x = min(max(centre.x(), rect.left()), rect.right())
    nearest_y = min(max(centre.y(), rect.top()), rect.bottom())
    return math.hypot(nearest_x - centre.x(), nearest_y - centre.y()) < radius
