"""The circle-of-need scene: one stage's circle, or every stage's circle in journey order.

The scene keeps a dict (stage shown, node key) → item and `sync(graph, change)` redraws only the
circles the Change touches, and in them only the nodes whose look changed: an edit never clears
and rebuilds the scene. Drags end in one `move nodes` intent per circle (one undo step).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
from PySide6.QtCore import QLineF, QPointF, QRectF, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent, QGraphicsSimpleTextItem

from models import analysis
from models.graph import nodes_of
from models.layout import HOLDER_RADIUS, ITEM_RADIUS, circle_layout
from models.vocabulary import ACCESS, PRIORITY
from views.diagram_items import (
    HOLDER_WIDTH,
    ITEM_SIZE,
    RING_ORDER,
    DataItemNode,
    EdgeItem,
    HolderNode,
    HolderSpec,
    ItemSpec,
    NodeItem,
    StageNode,
    StageSpec,
    font,
)
from views.intents import Intent

NodeKey = tuple[str, int]
Place = tuple[int, NodeKey]  # (the stage whose circle it is in, node)

# A circle of more data items than this cannot name them legibly: it is drawn as its pattern, each mark one item
# (its name in its tooltip), as the report's pictures draw it (exports.pictures.LETTERS_AS_MARKERS).
NAMED_AT_MOST = 60


def _overlap(a: QRectF, b: QRectF) -> float:
    both = a.intersected(b)
    return both.width() * both.height() if not both.isEmpty() else 0.0


def _crosses(rect: QRectF, line: QLineF) -> bool:
    """Whether a line runs through a rectangle."""
    x1, y1, x2, y2 = line.x1(), line.y1(), line.x2(), line.y2()
    if (max(x1, x2) < rect.left() or min(x1, x2) > rect.right() or max(y1, y2) < rect.top()
            or min(y1, y2) > rect.bottom()):
        return False  # far apart: most lines of a big circle, decided without geometry
    if rect.contains(line.p1()) or rect.contains(line.p2()):
        return True
    corners = [rect.topLeft(), rect.topRight(), rect.bottomRight(), rect.bottomLeft()]
    return any(line.intersects(QLineF(a, b))[0] == QLineF.IntersectionType.BoundedIntersection
               for a, b in zip(corners, corners[1:] + corners[:1]))


class CircleScene(QGraphicsScene):
    """Circles of need drawn from the graph; emits intents, never writes."""

    intent = Signal(object)  # views.intents.Intent
    node_selected = Signal(object)  # a node key, or None when nothing is selected
    shown_changed = Signal()  # the stage shown, the journey mode or the locality changed
    HOLDERS_STAY = False  # holders by the middle of their items (models.layout.circle_layout)

    # Another look for the same circles (the workshop's projector theme) overrides these; the defaults
    # are the desktop look.
    node_types: dict[str, type[NodeItem]] = {"stage": StageNode, "item": DataItemNode, "agency": HolderNode}
    edge_type: type[EdgeItem] = EdgeItem
    empty_hint = "No data items yet: right-click here, or press Insert, to add one."
    crowded_hint = ("{count} data items, too many to name here: each mark is one item (point at it for its name);\n"
                    "the data items table lists them all (Tables).")
    hint_pixels, hint_colour, hint_below = 16, "#4A5561", 120.0

    # A screen is wider than it is tall: the desktop draws the laid-out circle wider and less tall (an ellipse),
    # so the whole circle fits a laptop's window with its names at a readable size.
    STRETCH = (1.1, 0.72)  # the data items' ring: across, up and down
    HOLDERS_ACROSS = 1.3  # the holders' ring is wider still: their boxes clear of the items' names
    JOURNEY_GAP = 140.0  # between circles in the whole-journey row

    def _across(self, radius: float) -> float:
        """How much wider than laid out the circle is drawn at `radius` from its stage."""
        inner, outer = self.STRETCH[0], self.HOLDERS_ACROSS
        share = min(1.0, max(0.0, (radius - ITEM_RADIUS) / (HOLDER_RADIUS - ITEM_RADIUS)))
        return inner + (outer - inner) * share

    def place(self, x: float, y: float) -> tuple[float, float]:
        """Where a laid-out (or dragged) position is drawn, relative to its stage."""
        return x * self._across(math.hypot(x, y)), y * self.STRETCH[1]

    def unplace(self, x: float, y: float) -> tuple[float, float]:
        """The laid-out position kept for a node dragged to (x, y) relative to its stage: the inverse of `place`.
        A scene that draws its circle another way, with no inverse, keeps what it draws."""
        if type(self).place is not CircleScene.place:
            return x, y
        ly = y / self.STRETCH[1]
        lx = x / self.STRETCH[0]
        for _ in range(40):  # the width drawn depends on the radius laid out: settle it (it converges fast)
            lx = x / self._across(math.hypot(lx, ly))
        return lx, ly

    def journey_offset(self, index: int) -> tuple[float, float]:
        """Where the `index`-th stage's circle is centred in the whole journey: one row, left to right, to
        scroll along, each circle as large as when it is shown alone."""
        width = 2 * (HOLDER_RADIUS * self.HOLDERS_ACROSS + HOLDER_WIDTH / 2) + self.JOURNEY_GAP
        return index * width, 0.0

    def drawn_keys(self, view: int | None) -> set[NodeKey]:
        """The keys a circle drawn now depends on (its stage, items, holders, their blockages)."""
        return set(self._touches.get(view, ())) if view is not None else set()

    def circle_rect(self, view: int) -> QRectF:
        """What a circle's nodes cover (its names too)."""
        rect = QRectF()
        for (v, _key), node in self.nodes.items():
            if v == view:
                rect = rect.united(node.sceneBoundingRect())
        return rect

    def __init__(self, graph: nx.DiGraph, parent=None) -> None:
        super().__init__(parent)
        self.graph = graph
        self.journey = False
        self._resized: dict[int, set[NodeKey]] = {}  # per circle, nodes whose names changed size in this edit
        self.stage_id: int | None = None
        self.locality: NodeKey | None = None  # None: across all localities
        self.editable = True
        self.nodes: dict[Place, NodeItem] = {}
        self.edges: dict[tuple[int, NodeKey, NodeKey], EdgeItem] = {}
        self._touches: dict[int, set[NodeKey]] = {}  # per circle drawn: the keys its drawing depends on
        self._blockage_item: dict[int, dict[NodeKey, NodeKey]] = {}  # per circle: blockage → its data item
        self._offsets: dict[int, tuple[float, float]] = {}
        self._hints: dict[int, QGraphicsSimpleTextItem] = {}
        self._pressed: dict[NodeItem, QPointF] = {}
        self.changes: dict[NodeKey, str] = {}  # data item → what changed since a snapshot (its tooltip words)
        self.setBackgroundBrush(QColor("#FBFBF8"))
        self.selectionChanged.connect(self._on_selection)
        self._draw(set(self._shown()), all_dirty=True)

    # ---- what is shown -----------------------------------------------------------------------

    def stages(self) -> list[NodeKey]:
        return nodes_of(self.graph, "stage")

    def _shown(self) -> list[int]:
        stages = [key[1] for key in self.stages()]
        if self.stage_id not in stages:
            self.stage_id = stages[0] if stages else None
        if self.journey:
            return stages
        return [self.stage_id] if self.stage_id is not None else []

    def show_stage(self, stage_id: int | None) -> None:
        if stage_id == self.stage_id and not self.journey:
            return
        self.stage_id, self.journey = stage_id, False
        self._draw(set(), all_dirty=False)
        self.shown_changed.emit()

    def show_journey(self, journey: bool = True) -> None:
        if journey == self.journey:
            return
        self.journey = journey
        self._draw(set(), all_dirty=False)
        self.shown_changed.emit()

    def set_locality(self, locality: NodeKey | None) -> None:
        if locality == self.locality:
            return
        self.locality = locality
        self._draw(set(), all_dirty=True)
        self.shown_changed.emit()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        for node in self.nodes.values():
            node.set_movable(editable)

    def offset(self, stage_id: int) -> tuple[float, float]:
        return self._offsets.get(stage_id, (0.0, 0.0))

    def node_at(self, key: NodeKey, stage_id: int | None = None) -> NodeItem | None:
        """The drawn node for `key` (in the circle of `stage_id`, or the first circle it appears in)."""
        if stage_id is not None:
            return self.nodes.get((stage_id, key))
        return next((n for (view, k), n in self.nodes.items() if k == key), None)

    def selected_node(self) -> NodeItem | None:
        chosen = [i for i in self.selectedItems() if isinstance(i, NodeItem)]
        return chosen[0] if chosen else None

    def select_node(self, key: NodeKey | None) -> None:
        """Select a node (a stage not shown is brought into view); anything else is deselected."""
        if key is not None and key[0] == "stage" and not self.journey and key[1] != self.stage_id:
            self.show_stage(key[1])
        target = self.node_at(key, self.stage_id) or self.node_at(key) if key is not None else None
        self.blockSignals(True)
        try:
            for item in self.selectedItems():
                if item is not target:
                    item.setSelected(False)
            if target is not None:
                target.setSelected(True)
        finally:
            self.blockSignals(False)

    def set_changes(self, changes: dict[NodeKey, str]) -> None:
        """Mark the data items whose access changed since a snapshot ({} clears the marks), in every
        circle shown and in those drawn later."""
        before, self.changes = self.changes, dict(changes)
        for (_view, key), node in self.nodes.items():
            if (key in before or key in self.changes) and hasattr(node, "set_change"):
                node.set_change(self.changes.get(key, ""))

    # ---- keeping in step with the graph --------------------------------------------------------

    def sync(self, graph: nx.DiGraph, change) -> None:
        """Redraw what `change` (a models.services.Change) names."""
        self.graph = graph
        if change.kind == "reloaded" or any(k[0] == "locality" for k in change.updated | change.removed):
            self._draw(set(), all_dirty=True)
            return
        touched = set(change.updated) | set(change.removed)
        for key in change.updated:  # a blockage shows on its data item
            if key[0] == "blockage" and key in graph:
                touched.add(("item", graph.nodes[key]["item_id"]))
        dirty = {view for view, keys in self._touches.items() if keys & touched}
        dirty |= {key[1] for key in touched if key[0] == "stage"}
        moved = {view for view, _ in change.positions}
        # Most edits change how a few nodes look: update those in place; anything that may change
        # which nodes a circle has (or where they sit) redraws that circle by diffing.
        self._resized = {}
        full = {view for view in dirty if not self._update_in_place(view, touched)}
        self._draw(full, all_dirty=False)
        for view in (self._resized.keys() & dirty) - full - moved:  # a name or a count changed size
            if view in self._touches:
                self.arrange_labels(view, self._resized[view])
        for view in moved - full:
            self._place(view, {key for v, key in change.positions if v == view})

    def _update_in_place(self, view: int, touched: set[NodeKey]) -> bool:
        graph, stage = self.graph, ("stage", view)
        if stage in touched or view not in self._touches:
            return False
        localities = [self.locality] if self.locality is not None else nodes_of(graph, "locality")
        for key in touched & self._touches[view]:
            if key[0] == "blockage":
                key = self._blockage_item[view].get(key)
                if key is None:
                    continue
            node = self.nodes.get((view, key))
            if node is None or key not in graph:
                return False
            if key[0] == "item":
                if key not in graph.adj[stage]:
                    return False
                entry = self._circle_item(stage, key, localities)
                holder = next((e.target.key for e in node.edges if e.source is node), None)
                if entry.holder != holder:
                    return False
                size = node.name_rect().size()
                node.set_spec(self._item_spec(entry, node.spec.named))
                if node.name_rect().size() != size:  # only then may its name now cover another
                    self._resized.setdefault(view, set()).add(key)
                self._blockage_item[view].update(dict.fromkeys(entry.blockages, key))
                self._touches[view].update(entry.blockages)
            elif key[0] == "agency":
                data = graph.nodes[key]
                node.set_spec(HolderSpec(data["short_name"] or data["name"], self._holder_tip(key)))
                self._resized.setdefault(view, set()).add(key)
        return True

    def _circle_item(self, stage: NodeKey, item: NodeKey, localities: list[NodeKey]) -> analysis.CircleItem:
        """One entry of analysis.circle, computed alone."""
        graph, need = self.graph, self.graph.adj[stage][item]
        counts = analysis.status_counts(graph, item, localities)
        shown = analysis.status(graph, item, self.locality) if self.locality is not None \
            else analysis.overall_status(counts)
        return analysis.CircleItem(item, analysis.name(graph, item), analysis.holder(graph, item), need["priority"],
                                   need["purpose"], shown, counts, analysis.blockages_of(graph, item, self.locality))

    def _place(self, view: int, keys: set[NodeKey]) -> None:
        """Move nodes to where the layout (or a drag) now puts them."""
        layout = circle_layout(self.graph, ("stage", view), holders_stay=self.HOLDERS_STAY)
        ox, oy = self.offset(view)
        for key in keys:
            node = self.nodes.get((view, key))
            if node is not None and key in layout:
                x, y = self.place(*layout[key])
                target = QPointF(x + ox, y + oy)
                if node.pos() != target:
                    node.setPos(target)
        self.arrange_labels(view, keys)
        self.fit_rect()

    def _draw(self, dirty: set[int], all_dirty: bool) -> None:
        shown = self._shown()
        for view in set(self._touches) - set(shown):
            self._forget_circle(view)
        stages = [key[1] for key in self.stages()]
        for view in shown:
            offset = self.journey_offset(stages.index(view)) if self.journey else (0.0, 0.0)
            if all_dirty or view in dirty or view not in self._touches or self._offsets.get(view) != offset:
                self._offsets[view] = offset
                self._draw_circle(view, offset)
        self.fit_rect()

    def fit_rect(self) -> None:
        """The scene is what is drawn now (Qt's own rect only grows: after the whole journey a single
        circle would scroll sideways in a window that fits it)."""
        bounds = self.itemsBoundingRect()
        self.setSceneRect(bounds.adjusted(-20, -20, 20, 20) if not bounds.isEmpty() else QRectF(-300, -300, 600, 600))

    def _forget_circle(self, view: int) -> None:
        for place in [p for p in self.nodes if p[0] == view]:
            self._remove_node(place)
        self._touches.pop(view, None)
        self._blockage_item.pop(view, None)
        self._offsets.pop(view, None)
        hint = self._hints.pop(view, None)
        if hint is not None:
            self.removeItem(hint)

    def _remove_node(self, place: Place) -> None:
        node = self.nodes.pop(place)
        for edge in list(node.edges):
            edge.detach()
            self.edges.pop((place[0], edge.source.key, edge.target.key), None)
            if edge.scene() is self:
                self.removeItem(edge)
        self.removeItem(node)

    def _draw_circle(self, view: int, offset: tuple[float, float]) -> None:
        graph, stage = self.graph, ("stage", view)
        drawn = analysis.circle(graph, stage, self.locality)
        layout = circle_layout(graph, stage, holders_stay=self.HOLDERS_STAY)
        specs: dict[NodeKey, object] = {stage: self._stage_spec(stage)}
        named = len(drawn.items) <= NAMED_AT_MOST
        for entry in drawn.items:
            specs[entry.key] = self._item_spec(entry, named)
        for holder in drawn.holders:
            data = graph.nodes[holder]
            specs[holder] = HolderSpec(data["short_name"] or data["name"], self._holder_tip(holder))
        self._blockage_item[view] = {b: entry.key for entry in drawn.items for b in entry.blockages}
        self._touches[view] = set(specs) | set(self._blockage_item[view])
        for place in [p for p in self.nodes if p[0] == view and p[1] not in specs]:
            self._remove_node(place)
        for key, spec in specs.items():
            place = (view, key)
            node = self.nodes.get(place)
            if node is None:
                kind = self.node_types[key[0]]
                node = kind(view, key, spec, movable=self.editable)
                self.addItem(node)
                self.nodes[place] = node
                if key in self.changes and hasattr(node, "set_change"):
                    node.set_change(self.changes[key])
            else:
                node.set_spec(spec)
            x, y = self.place(*layout.get(key, (0.0, 0.0)))
            target = QPointF(x + offset[0], y + offset[1])
            if node.pos() != target:
                node.setPos(target)
            if key[0] == "item":
                node.setScale(1.0 if named else self._mark_scale(len(drawn.items)))
        wanted_edges: dict[tuple[int, NodeKey, NodeKey], bool] = {}
        for entry in drawn.items:
            wanted_edges[(view, stage, entry.key)] = entry.priority == "essential"
            if entry.holder is not None:
                wanted_edges[(view, entry.key, entry.holder)] = True
        for edge_key in [k for k in self.edges if k[0] == view and k not in wanted_edges]:
            edge = self.edges.pop(edge_key)
            edge.detach()
            self.removeItem(edge)
        for edge_key, essential in wanted_edges.items():
            edge = self.edges.get(edge_key)
            if edge is None:
                _, source, target = edge_key
                edge = self.edge_type(self.nodes[(view, source)], self.nodes[(view, target)],
                                      spoke=source[0] == "stage", essential=essential)
                self.addItem(edge)
                self.edges[edge_key] = edge
            else:
                edge.set_essential(essential)
        self._draw_hint(view, offset, not drawn.items, len(drawn.items))
        if named:
            self.arrange_labels(view)

    def _mark_scale(self, count: int) -> float:
        """How much smaller each mark of a circle too big to name is drawn, so that its marks sit side by side
        round the ring as a pattern (where the ring is tightest: its top and bottom are drawn less tall, and
        items sit in 12, 24, 48… places round it, models.layout)."""
        places = 12
        while places < count:
            places *= 2
        tightest = 2 * math.pi * ITEM_RADIUS * min(self.STRETCH) / places
        return max(0.2, min(1.0, 0.9 * tightest / (ITEM_SIZE * 2.4)))

    def arrange_labels(self, view: int, changed: set[NodeKey] | None = None) -> None:
        """Each data item's name where it covers no other name, node or line of its circle: the first
        of its placements (outward from the stage first) that is clear, else the least covered.
        With `changed` (data items moved or renamed), only their names are placed again, around the
        others as they are; a moved holder or stage can touch any name, so it places them all."""
        nodes = [n for (v, _), n in self.nodes.items() if v == view]
        items = [n for n in nodes if isinstance(n, DataItemNode) and type(n)._layout is DataItemNode._layout]
        if changed is not None and any(key[0] != "item" for key in changed):
            changed = None
        again = items if changed is None else [n for n in items if n.key in changed]
        if not again:
            return
        shape = QRectF(-ITEM_SIZE * 1.2, -ITEM_SIZE * 1.2, ITEM_SIZE * 2.4, ITEM_SIZE * 2.4)
        solid = [(n, n.mapRectToScene(n.boundingRect() if not isinstance(n, DataItemNode) else shape)) for n in nodes]
        lines = [(e, QLineF(e.source.pos(), e.target.pos())) for (v, _, _), e in self.edges.items() if v == view]
        stage = self.nodes.get((view, ("stage", view)))
        centre = stage.pos() if stage is not None else QPointF(*self.offset(view))
        names = {node: node.mapRectToScene(node.name_rect()) for node in items if node not in again}

        def covers(node: DataItemNode, rect: QRectF) -> float:
            """How much a name there would cover of the circle's nodes, lines and the other names placed."""
            cost = sum(_overlap(rect, r) for n, r in solid if n is not node)
            cost += sum(_overlap(rect, r) for n, r in names.items() if n is not node)
            return cost + sum(400 for e, line in lines if node not in (e.source, e.target) and _crosses(rect, line))

        def place(node: DataItemNode) -> None:
            """The node's name at its first clear placement around the names placed, else the least covered."""
            best, best_cost = None, None
            reach = QLineF(centre, node.pos()).length() - 1
            for where in node.label_options():
                rect = node.mapRectToScene(node.label_rect(where))
                if QLineF(centre, rect.center()).length() <= reach:
                    continue  # a name never reads inward, towards its stage
                cost = covers(node, rect)
                if best_cost is None or cost < best_cost:
                    best, best_cost = where, cost
                if cost == 0:
                    break
            node.choose_label(best)
            names[node] = node.mapRectToScene(node.name_rect())

        order = sorted(again, key=lambda n: n.key[1])
        for node in order:
            place(node)
        covered = sum(covers(node, names[node]) for node in order)
        # A name left covering something may find room once a name placed before it moves to another of its
        # clear places: place them all again (twice at most), keeping whichever round covered least.
        for _ in range(2):
            if covered == 0:
                break
            before = {node: node.chosen for node in order}
            for node in order:
                place(node)
            now = sum(covers(node, names[node]) for node in order)
            if now >= covered:
                for node, where in before.items():
                    node.choose_label(where)
                    names[node] = node.mapRectToScene(node.name_rect())
                break
            covered = now

    def _draw_hint(self, view: int, offset: tuple[float, float], empty: bool, count: int = 0) -> None:
        """Under the stage: how to add the first item to an empty circle, or what a circle too big to name
        shows."""
        hint = self._hints.get(view)
        text = self.empty_hint if empty else self.crowded_hint.format(count=count) if count > NAMED_AT_MOST else ""
        if not text:
            if hint is not None:
                self.removeItem(self._hints.pop(view))
            return
        if hint is None:
            hint = QGraphicsSimpleTextItem()
            hint.setFont(font(self.hint_pixels))
            hint.setBrush(QColor(self.hint_colour))
            self.addItem(hint)
            self._hints[view] = hint
        hint.setText(text)
        width = hint.boundingRect().width()
        below = self.hint_below
        if not empty:  # under the whole circle, clear of its marks and holders
            drawn = [n.sceneBoundingRect().bottom() for (v, _k), n in self.nodes.items() if v == view]
            below = max(drawn, default=offset[1]) - offset[1] + 16
        hint.setPos(offset[0] - width / 2, offset[1] + below)

    # ---- what each node shows ------------------------------------------------------------------

    def _stage_spec(self, stage: NodeKey) -> StageSpec:
        data = self.graph.nodes[stage]
        aim = f"\nAim: to {data['aim']}" if data["aim"] else ""
        return StageSpec(data["name"], f"Stage: {data['name']}{aim}")

    def _item_spec(self, entry: analysis.CircleItem, named: bool = True) -> ItemSpec:
        graph = self.graph
        where = analysis.name(graph, self.locality) if self.locality else "all localities"
        lines = [entry.name, f"{PRIORITY.label(entry.priority)} for this stage"]
        if entry.purpose:
            lines.append(f"Why: {entry.purpose}")
        if entry.holder is not None:
            lines.append(f"Held by {analysis.name(graph, entry.holder)}")
        if self.locality is not None:
            lines.append(f"{ACCESS.label(entry.status)} in {where}")
            count, counts = "", ()
        else:  # the share ring: the same analysis.Share the wall, the pictures and the report read
            share = analysis.Share.of(entry.counts)
            count, counts = share.line, tuple(share.counts[s] for s in RING_ORDER)
            lines.append(share.words)
        for blockage in entry.blockages[:5]:
            data = graph.nodes[blockage]
            lines.append(f"Blocked: {data['reason']}")
        if len(entry.blockages) > 5:
            lines.append(f"… and {len(entry.blockages) - 5} more blockages")
        return ItemSpec(entry.name, entry.status, entry.priority == "essential", count, len(entry.blockages),
                        "\n".join(lines), counts, named)

    def _holder_tip(self, holder: NodeKey) -> str:
        data = self.graph.nodes[holder]
        lines = [f"Holder: {data['name']}"]
        if data["sector"]:
            lines.append(f"Sector: {data['sector']}")
        if data["contact"]:
            lines.append(f"Contact: {data['contact']}")
        return "\n".join(lines)

    # ---- selection and dragging ----------------------------------------------------------------

    def _on_selection(self) -> None:
        node = self.selected_node()
        self.node_selected.emit(node.key if node is not None else None)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        self._pressed = {i: i.pos() for i in self.selectedItems() if isinstance(i, NodeItem)}

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._pressed = self._pressed, {}
        self.finish_drag(pressed.items())

    def finish_drag(self, pressed: Iterable[tuple[NodeItem, QPointF]]) -> None:
        """Nodes that moved since the press become one `move nodes` intent per circle."""
        moves: dict[int, dict[NodeKey, tuple[float, float]]] = {}
        for node, start in pressed:
            if node.scene() is self and node.pos() != start:
                ox, oy = self.offset(node.view)
                x, y = self.unplace(node.x() - ox, node.y() - oy)
                moves.setdefault(node.view, {})[node.key] = (round(x, 1), round(y, 1))
        for view, moved in moves.items():
            self.arrange_labels(view, set(moved))
        if moves:
            self.fit_rect()
        for view, moved in moves.items():
            self.intent.emit(Intent("move", "nodes", view, {"moves": moved}))
