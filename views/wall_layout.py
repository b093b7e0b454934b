"""Where things go on the wall: holders' sectors of the ring (kept while the wall shows a stage) and the
cells round the ring that the data items' names are fitted into.

The ring is a row of slots round a rectangle: along the top and the bottom, down the sides, one in each
corner. Each holder takes a run of slots, its sector; its data items share the run. Beyond each slot lies
its cell, a box between the ring and the wall's edge, and a name is fitted inside its item's cells: no two
names can meet, and no name can reach a mark, a line or a holder, which are all inside the ring.

A sector keeps its slots while its holder gains and loses items, so an edit moves nothing outside it: a
new holder takes free slots, a sector that is full grows into free slots beside it; only when there are
none is the ring planned afresh (everything then glides to its new place).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF

SLOTS = 24  # the ring's slots for up to 24 data items; more items, more (smaller) slots


@dataclass
class Sector:
    """A holder's run of slots: from `start`, `size` long (modulo the ring's slots)."""

    start: int
    size: int

    def slots(self, ring: int) -> list[int]:
        return [(self.start + n) % ring for n in range(self.size)]


@dataclass
class WallPlan:
    """Which slots each holder's sector takes, kept from one edit to the next for as long as the wall shows
    the stage. `update` fits the plan to the circle as it is now, moving as little as it can."""

    slots: int = SLOTS
    sectors: dict[Hashable, Sector] = field(default_factory=dict)
    left: dict[Hashable, Sector] = field(default_factory=dict)  # holders that went: their place, if they return
    replanned: int = 0  # how many times the ring was planned afresh

    def update(self, groups: dict[Hashable, int]) -> None:
        """Fit the plan to `groups`: each holder (in the order they came into the circle) and how many
        data items it has."""
        total = sum(groups.values())
        ring = max(SLOTS, total + (total % 2))
        if ring != self.slots or not self.sectors:
            self._afresh(groups, ring)
            return
        for holder in [h for h in self.sectors if h not in groups]:
            self.left[holder] = self.sectors.pop(holder)
        for holder, count in groups.items():
            sector = self.sectors.get(holder)
            if sector is None:
                sector = self._new_sector(holder, count)
                if sector is None:
                    self._afresh(groups, ring)
                    return
                self.sectors[holder] = sector
                self.left.pop(holder, None)
            elif count > sector.size and not self._grow(sector, count):
                self._afresh(groups, ring)
                return

    def _taken(self) -> set[int]:
        return {s for sector in self.sectors.values() for s in sector.slots(self.slots)}

    def _free_runs(self) -> list[tuple[int, int]]:
        """The runs of free slots, (start, length), longest first."""
        taken = self._taken()
        ring = self.slots
        if not taken:
            return [(0, ring)]
        runs = []
        for slot in range(ring):
            if slot not in taken and (slot - 1) % ring in taken:
                length = 0
                while (slot + length) % ring not in taken:
                    length += 1
                runs.append((slot, length))
        return sorted(runs, key=lambda r: (-r[1], r[0]))

    def _new_sector(self, holder: Hashable, count: int) -> Sector | None:
        """Free slots for a holder new to the circle: its old place if it is free, else the middle of the
        longest free run (with a slot to spare there if it can)."""
        taken = self._taken()
        old = self.left.get(holder)
        if old is not None and old.size >= count and not set(old.slots(self.slots)) & taken:
            return Sector(old.start, old.size)
        runs = self._free_runs()
        if not runs or runs[0][1] < count:
            return None
        start, length = runs[0]
        size = min(length, count + 1) if length >= count + 2 else count
        return Sector((start + (length - size) // 2) % self.slots, size)

    def _grow(self, sector: Sector, count: int) -> bool:
        """Take free slots just after the sector's end, then just before its start; False when there are
        not enough."""
        taken = self._taken()
        ring = self.slots
        while sector.size < count:
            after, before = (sector.start + sector.size) % ring, (sector.start - 1) % ring
            if after not in taken:
                sector.size += 1
                taken.add(after)
            elif before not in taken:
                sector.start, sector.size = before, sector.size + 1
                taken.add(before)
            else:
                return False
        return True

    def _afresh(self, groups: dict[Hashable, int], ring: int) -> None:
        """The sectors in order round the ring from the top left: each with its items and a slot to spare
        while there are slots to spare, the rest shared out as gaps between sectors."""
        self.slots, self.sectors, self.left = ring, {}, {}
        self.replanned += 1
        if not groups:
            return
        free = ring - sum(groups.values())
        # Some free slots kept as gaps between sectors, for holders still to come; the rest spare room in
        # the sectors (their names get wider cells, and a sector's next item takes its spare slot), a slot
        # each round the sectors in turn, never more than doubling one.
        reserve = min(free, max(2, len(groups) // 2))
        spare = dict.fromkeys(groups, 0)
        left = free - reserve
        while left > 0:
            given = False
            for holder, count in groups.items():
                if left > 0 and spare[holder] < count:
                    spare[holder] += 1
                    left -= 1
                    given = True
            if not given:
                break
        free -= sum(spare.values())
        gaps = [free // len(groups) + (1 if n < free % len(groups) else 0) for n in range(len(groups))]
        start = 0
        for (holder, count), gap in zip(groups.items(), gaps):
            size = count + spare[holder]
            self.sectors[holder] = Sector(start % ring, size)
            start += size + gap

    def item_slots(self, holder: Hashable, count: int) -> list[list[int]]:
        """The slots of each of a holder's `count` items, in order: the sector shared out among them."""
        sector = self.sectors[holder]
        slots = sector.slots(self.slots)
        return [slots[k * sector.size // count:(k + 1) * sector.size // count] for k in range(count)]


# ---- the geometry of the ring ------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One place on the ring: where its mark sits, its side ("top", "right", "bottom", "left" or a corner
    such as "top right") and its cell(s): the box beyond the ring on each side it faces."""

    mark: QPointF
    side: str
    cells: dict[str, QRectF]


@dataclass(frozen=True)
class Ring:
    """The ring's slots on a wall of a given size, and the room inside the ring."""

    slots: list[Slot]
    inner: QRectF  # where the marks' centres are (the ring itself)
    mark_radius: float


def ring_geometry(frame: QRectF, count: int, scale: float, mark_radius: float) -> Ring:
    """`count` slots round the wall `frame` (centred on 0, 0) for names in type of this `scale`: a band
    along the top and bottom for names above and below their marks, wider bands at the sides for names
    beside them, as many slots on each as keeps the cells alike in how much of a name they show."""
    margin, gap = 8.0, 6.0
    half_w, half_h = frame.width() / 2, frame.height() / 2
    # Bands that grow with the type, so larger type keeps as many words; the ring inside them.
    top_band = min(0.4 * half_h, 84.0 * (0.6 + 0.4 * scale))
    side_band = min(0.45 * half_w, 250.0 * (0.7 + 0.3 * scale))
    mw = half_w - margin - side_band - gap - mark_radius
    mh = half_h - margin - top_band - gap - mark_radius
    along = (count - 4) // 2  # slots on one top edge plus one side
    best = None
    for on_top in range(1, along):
        on_side = along - on_top
        width = 2 * mw / (on_top + 1)  # a top cell
        height = 2 * mh / (on_side + 1)  # a side cell
        # A top cell shows words across, a side cell lines down: how many of each against what a name needs.
        fit = min(width / (140.0 * scale), height / (62.0 * scale))
        if best is None or fit > best[0]:
            best = (fit, on_top, on_side)
    _, on_top, on_side = best
    e, d = 2 * mw / (on_top + 1), 2 * mh / (on_side + 1)
    out = mark_radius + gap  # from a mark's centre to its cell
    top, bottom = -half_h + margin, half_h - margin
    left, right = -half_w + margin, half_w - margin
    xs = [-mw + (j + 1) * e for j in range(on_top)]
    ys = [-mh + (k + 1) * d for k in range(on_side)]
    above = QRectF(QPointF(0, top), QPointF(0, -mh - out))
    below = QRectF(QPointF(0, mh + out), QPointF(0, bottom))

    def column(x0: float, x1: float, band: QRectF) -> QRectF:
        return QRectF(QPointF(x0, band.top()), QPointF(x1, band.bottom()))

    def row(y0: float, y1: float, east: bool) -> QRectF:
        return QRectF(QPointF(mw + out, y0), QPointF(right, y1)) if east else \
            QRectF(QPointF(left, y0), QPointF(-mw - out, y1))

    slots: list[Slot] = []
    for x in xs:  # the top, left to right
        slots.append(Slot(QPointF(x, -mh), "top", {"top": column(x - e / 2, x + e / 2, above)}))
    slots.append(Slot(QPointF(mw, -mh), "top right", {"top": column(xs[-1] + e / 2, right, above),
                                                      "right": row(top, ys[0] - d / 2, True)}))
    for y in ys:  # the right, downwards
        slots.append(Slot(QPointF(mw, y), "right", {"right": row(y - d / 2, y + d / 2, True)}))
    slots.append(Slot(QPointF(mw, mh), "bottom right", {"bottom": column(xs[-1] + e / 2, right, below),
                                                        "right": row(ys[-1] + d / 2, bottom, True)}))
    for x in reversed(xs):  # the bottom, right to left
        slots.append(Slot(QPointF(x, mh), "bottom", {"bottom": column(x - e / 2, x + e / 2, below)}))
    slots.append(Slot(QPointF(-mw, mh), "bottom left", {"bottom": column(left, xs[0] - e / 2, below),
                                                        "left": row(ys[-1] + d / 2, bottom, False)}))
    for y in reversed(ys):  # the left, upwards
        slots.append(Slot(QPointF(-mw, y), "left", {"left": row(y - d / 2, y + d / 2, False)}))
    slots.append(Slot(QPointF(-mw, -mh), "top left", {"top": column(left, xs[0] - e / 2, above),
                                                      "left": row(top, ys[0] - d / 2, False)}))
    # Start at the top left corner's neighbour: slot 0 is the first along the top.
    return Ring(slots, QRectF(-mw, -mh, 2 * mw, 2 * mh), mark_radius)


def item_place(ring: Ring, slots: list[int]) -> tuple[QPointF, list[tuple[str, QRectF]]]:
    """Where an item with these (consecutive) slots has its mark, and the cells its name may fill, largest
    first: on each side its slots face, the cells of that side joined into one box."""
    points = [ring.slots[s].mark for s in slots]
    middle = len(points) // 2
    mark = points[middle] if len(points) % 2 else (points[middle - 1] + points[middle]) / 2
    sides: dict[str, QRectF] = {}
    for s in slots:
        for side, cell in ring.slots[s].cells.items():
            sides[side] = sides[side].united(cell) if side in sides else QRectF(cell)
    # Only the sides the mark is on (both, at a corner): a name never sits round a corner from its mark.
    inner = ring.inner
    on = {"top": abs(mark.y() - inner.top()) < 0.5, "bottom": abs(mark.y() - inner.bottom()) < 0.5,
          "left": abs(mark.x() - inner.left()) < 0.5, "right": abs(mark.x() - inner.right()) < 0.5}
    facing = {side: cell for side, cell in sides.items() if on[side]} or sides
    cells = sorted(facing.items(), key=lambda sc: -(sc[1].width() * sc[1].height()))
    return mark, cells


def label_box(cell: QRectF, side: str, mark: QPointF, width: float, height: float) -> QRectF:
    """A name's box of this size in its cell, against the ring next to its mark: centred over (or under)
    the mark in a top (bottom) cell, level with it in a side cell, moved along only as far as the cell
    needs."""
    if side in ("top", "bottom"):
        left = min(max(mark.x() - width / 2, cell.left()), cell.right() - width)
        top = cell.bottom() - height if side == "top" else cell.top()
    else:
        top = min(max(mark.y() - height / 2, cell.top()), cell.bottom() - height)
        left = cell.left() if side == "right" else cell.right() - width
    return QRectF(left, top, width, height)
