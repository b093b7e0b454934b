"""Where each node of a stage's circle sits: the layout shared by the diagram and the report's pictures.

The stage is at the centre, the data items it needs on an inner ring, their holders on an outer ring.
Items take places in the order they came into the circle: twelve evenly spaced from twelve o'clock, then the next twelve half-way
between those, then half-way again, so adding an item never moves one already placed (a workshop wall
must not jump) and a big circle stays evenly spread. Positions a user dragged (stored per stage) win
over the computed ones.
"""

from __future__ import annotations

import functools
import math

import networkx as nx

from models.analysis import holder, needed_items
from models.change import NodeKey

ITEM_RADIUS = 260.0
HOLDER_RADIUS = 470.0
STAGE_SPACING = 1150.0  # between circles in the whole-journey view
_FIRST_SLOTS = 12


def _slots(count: int) -> int:
    """Slots on a ring: 12, then doubled whenever the ring is full."""
    slots = _FIRST_SLOTS
    while slots < count:
        slots *= 2
    return slots


def _on_ring(radius: float, slot: int, slots: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * slot / slots  # the first slot at twelve o'clock
    return radius * math.cos(angle), radius * math.sin(angle)


def spread_order(count: int) -> list[int]:
    """0 … count-1 in an order that spreads them round a ring: each next one as far as it can be from
    those before (digit reversal: 12 gives 0, 6, 3, 9, 1, 7, 4, 10, 2, 8, 5, 11)."""
    radices, rest = [], count
    for factor in (2, 3, 5, 7):
        while rest % factor == 0:
            radices.append(factor)
            rest //= factor
    radices += [rest] if rest > 1 else []
    order = []
    for index in range(count):
        place, span = 0, count
        for radix in radices:
            index, digit = divmod(index, radix)
            span //= radix
            place += digit * span
        order.append(place)
    return order


def item_turn(index: int) -> float:
    """How far round from twelve o'clock (0 to 1, clockwise on screen) the `index`-th item sits."""
    if index < _FIRST_SLOTS:
        return index / _FIRST_SLOTS
    placed = _FIRST_SLOTS  # the places already given out, all evenly spread: the next go between them
    while index >= 2 * placed:
        placed *= 2
    gap = _gaps(placed)[index - placed]  # spread round the ring, not one quarter filled first
    return (2 * gap + 1) / (2 * placed)


@functools.cache
def _gaps(count: int) -> tuple[int, ...]:
    return tuple(spread_order(count))


def item_angle(index: int) -> float:
    """The angle (radians, screen coordinates: y down) of the `index`-th data item of a circle."""
    return -math.pi / 2 + 2 * math.pi * item_turn(index)


def circle_layout(graph: nx.DiGraph, stage: NodeKey, use_dragged: bool = True,
                  holders_stay: bool = False) -> dict[NodeKey, tuple[float, float]]:
    """Positions of the stage, its items and their holders, the stage at (0, 0). A holder sits by the
    middle of its items; with `holders_stay` (a workshop wall, where nothing may move) by its first item,
    so that it keeps its place whatever is added after."""
    positions: dict[NodeKey, tuple[float, float]] = {stage: (0.0, 0.0)}
    needs = graph.adj[stage]
    items = sorted(needed_items(graph, stage), key=lambda k: (needs[k].get("place", 0), k[1]))
    angles: dict[NodeKey, list[float]] = {}
    for index, item in enumerate(items):
        angle = item_angle(index)
        positions[item] = ITEM_RADIUS * math.cos(angle), ITEM_RADIUS * math.sin(angle)
        owner = holder(graph, item)
        if owner is not None:
            angles.setdefault(owner, []).append(2 * math.pi * item_turn(index))
    # Each holder sits in the outer slot nearest the mean direction of its items (or its first item's,
    # holders taking their places in the order they came into the circle), or the nearest free one.
    holder_slots = max(2 * _FIRST_SLOTS, _slots(len(angles))) if holders_stay else _slots(len(angles))
    taken: set[int] = set()
    for owner in angles if holders_stay else sorted(angles, key=lambda k: k[1]):
        turns = angles[owner][:1] if holders_stay else angles[owner]
        mean = math.atan2(sum(math.sin(a) for a in turns), sum(math.cos(a) for a in turns))
        wanted = round((mean % (2 * math.pi)) / (2 * math.pi) * holder_slots) % holder_slots
        slot = next((wanted + d) % holder_slots for offset in range(holder_slots)
                    for d in (offset, -offset) if (wanted + d) % holder_slots not in taken)
        taken.add(slot)
        positions[owner] = _on_ring(HOLDER_RADIUS, slot, holder_slots)
    if use_dragged:
        dragged = graph.graph.get("positions", {})
        for key in positions:
            if (stage[1], key) in dragged:
                positions[key] = dragged[(stage[1], key)]
    return positions


JOURNEY_COLUMNS = 2  # circles per row in the whole-journey view: a grid fits a screen, a long row does not
ROW_SPACING = 1100.0  # between rows of circles in the whole-journey view


def journey_offset(index: int) -> tuple[float, float]:
    """Where the circle of the stage at `index` sits in the whole-journey view: in reading order, rows of two."""
    row, column = divmod(index, JOURNEY_COLUMNS)
    return column * STAGE_SPACING, row * ROW_SPACING
