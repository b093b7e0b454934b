"""The wall's scene: one stage's circle, its data items grouped by holder into sectors of a ring that
fills a 16:9 wall, each name fitted into its own cell beyond its mark, each holder named inside its
sector, between the stage and its data items.

Nothing crosses anything by construction: names live outside the ring, marks on it, holders and lines
inside it, each holder's lines within its own sector. Holders keep their sectors from edit to edit
(views.wall_layout.WallPlan), so an item added or taken out moves nothing outside its holder's sector;
what does move glides there. Scene units are pixels of a 1280-pixel-wide wall; larger type widens the
bands the names go in, never shrinks the picture.
"""

from __future__ import annotations

import math

import networkx as nx
from PySide6.QtCore import QEasingCurve, QLineF, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene, QGraphicsSimpleTextItem

from models import analysis
from models.graph import nodes_of
from models.vocabulary import ACCESS, PRIORITY
from views.diagram_items import RING_ORDER, HolderSpec, ItemSpec, StageSpec, font
from views.wall_layout import Ring, WallPlan, item_place, label_box, ring_geometry
from views.workshop_items import (
    HOLDING, PAPER, SPOKE, THEME, ProjectorHolderNode, ProjectorItemNode, ProjectorStageNode, WallNode,
)

NodeKey = tuple[str, int]
WALL_WIDTH = 1280.0  # scene units across the wall, whatever its pixels
WALL = QRectF(-640, -279, 1280, 558)  # a 1280×720 wall's picture under its status line and above the bar


def _cross(a: QPointF, b: QPointF) -> float:
    return a.x() * b.y() - a.y() * b.x()


class Wedge:
    """The part of the wall between two rays from the middle, clockwise from `first` to `last`."""

    def __init__(self, first: QPointF | None, last: QPointF | None) -> None:
        self.first, self.last = first, last
        if first is not None:
            turn = (math.atan2(last.y(), last.x()) - math.atan2(first.y(), first.x())) % (2 * math.pi)
            self.wide = turn > math.pi

    def holds(self, point: QPointF) -> bool:
        if self.first is None:
            return True
        if self.wide:  # more than half the ring: anywhere but the other side's wedge
            return not (_cross(self.last, point) > 0 and _cross(point, self.first) > 0)
        return _cross(self.first, point) >= 0 and _cross(point, self.last) >= 0

    def holds_rect(self, rect: QRectF) -> bool:
        return all(self.holds(p) for p in (rect.topLeft(), rect.topRight(), rect.bottomLeft(), rect.bottomRight()))


class WorkshopScene(QGraphicsScene):
    """One stage's circle on the wall, in the projector theme; not editable by mouse."""

    shown_changed = Signal()  # the stage or the locality shown changed
    GLIDE_MS = 280  # what moves glides this long
    empty_hint = "No data items yet: type one below and press Enter."
    WALL = WALL

    def __init__(self, graph: nx.DiGraph, parent=None) -> None:
        super().__init__(parent)
        self.graph = graph
        self.stage_id: int | None = None
        self.locality: NodeKey | None = None
        self.nodes: dict[tuple[int, NodeKey], WallNode] = {}
        self.lines: dict[tuple[NodeKey, NodeKey], QGraphicsLineItem] = {}
        self.plans: dict[int, WallPlan] = {}  # per stage: its holders' sectors, kept while the wall is up
        self.frame = QRectF(WALL)
        self.ring: Ring | None = None
        self._hint: QGraphicsSimpleTextItem | None = None
        self._targets: dict[WallNode, QPointF] = {}
        self._starts: dict[WallNode, QPointF] = {}
        self._moving: dict[WallNode, QPointF] = {}
        self._line_ends: dict[tuple[NodeKey, NodeKey], tuple[str, bool]] = {}
        self._glide = QVariantAnimation(self)
        self._glide.setDuration(self.GLIDE_MS)
        self._glide.setStartValue(0.0)
        self._glide.setEndValue(1.0)
        self._glide.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._glide.valueChanged.connect(self._step)
        self._glide.finished.connect(self._settle)
        self.setBackgroundBrush(PAPER)
        self.setSceneRect(self.frame)
        self._draw(glide=False)

    # ---- what is shown ---------------------------------------------------------------------------

    def stages(self) -> list[NodeKey]:
        return nodes_of(self.graph, "stage")

    def _check_stage(self) -> None:
        ids = [key[1] for key in self.stages()]
        if self.stage_id not in ids:
            self.stage_id = ids[0] if ids else None

    def show_stage(self, stage_id: int | None) -> None:
        if stage_id == self.stage_id:
            return
        self.stage_id = stage_id
        self._draw(glide=False)
        self.shown_changed.emit()

    def set_locality(self, locality: NodeKey | None) -> None:
        if locality == self.locality:
            return
        self.locality = locality
        self._draw(glide=False)
        self.shown_changed.emit()

    def sync(self, graph: nx.DiGraph, change) -> None:
        """Keep in step with the map (`change` is a models.services.Change): the circle drawn again, by
        diffing; what moved glides."""
        self.graph = graph
        self._draw(glide=True)

    def relayout(self) -> None:
        """Everything again at the theme's type size (the holders keep their sectors)."""
        self._draw(glide=False)

    def set_frame(self, frame: QRectF) -> None:
        """The wall's size in scene units (its pixels over its width's share of 1280)."""
        if frame == self.frame:
            return
        self.frame = QRectF(frame)
        self.setSceneRect(self.frame)
        self._draw(glide=False)

    @property
    def moving(self) -> bool:
        return self._glide.state() == QVariantAnimation.State.Running

    def node_at(self, key: NodeKey) -> WallNode | None:
        return self.nodes.get((self.stage_id, key)) if self.stage_id is not None else None

    def target(self, node: WallNode) -> QPointF:
        """Where a node is going (where it is, when nothing is gliding)."""
        return self._targets.get(node, node.pos())

    # ---- drawing ---------------------------------------------------------------------------------

    def _draw(self, glide: bool) -> None:
        self._check_stage()
        if self.moving:
            self._glide.stop()
            self._settle()
        view = self.stage_id
        if view is None:
            self._clear()
            self._show_hint("This map has no stages: add one in the main window.")
            return
        graph, stage = self.graph, ("stage", view)
        drawn = analysis.circle(graph, stage, self.locality)
        needs = graph.adj[stage]
        entries = sorted(drawn.items, key=lambda e: (needs[e.key].get("place", 0), e.key[1]))
        groups: dict[NodeKey | None, list[analysis.CircleItem]] = {}
        for entry in entries:  # holders in the order they came into the circle
            groups.setdefault(entry.holder, []).append(entry)
        plan = self.plans.setdefault(view, WallPlan())
        plan.update({holder: len(items) for holder, items in groups.items()})

        specs: dict[NodeKey, object] = {stage: self._stage_spec(stage)}
        for entry in entries:
            specs[entry.key] = self._item_spec(entry)
        for holder in groups:
            if holder is not None:
                data = graph.nodes[holder]
                specs[holder] = HolderSpec(data["short_name"] or data["name"], self._holder_tip(holder))
        for place in [p for p in self.nodes if p[0] != view or p[1] not in specs]:
            self.removeItem(self.nodes.pop(place))
        kinds = {"stage": ProjectorStageNode, "item": ProjectorItemNode, "agency": ProjectorHolderNode}
        new: set[WallNode] = set()
        for key, spec in specs.items():
            node = self.nodes.get((view, key))
            if node is None:
                node = kinds[key[0]](view, key, spec)
                self.addItem(node)
                self.nodes[(view, key)] = node
                new.add(node)
            else:
                node.set_spec(spec)
                node.relayout()

        self.ring = ring = ring_geometry(self.frame, plan.slots, THEME.scale, ProjectorItemNode.reach())
        stage_node: ProjectorStageNode = self.nodes[(view, stage)]
        targets: dict[WallNode, QPointF] = {stage_node: QPointF(0, 0)}
        ends: dict[tuple[NodeKey, NodeKey], tuple[str, bool]] = {}
        for holder, items in groups.items():
            for entry, slots in zip(items, plan.item_slots(holder, len(items))):
                node = self.nodes[(view, entry.key)]
                targets[node] = self._place_item(node, ring, slots)
                essential = entry.priority == "essential"
                ends[(holder, entry.key) if holder is not None else (stage, entry.key)] = ("holding", essential)
        # The holders round the ring in order, each inside its own sector where it fits (so where it goes
        # hangs on its sector alone); then those of slivers of sectors, in the same order, where there is room.
        sectors = sorted((plan.sectors[h].start, h) for h in groups if h is not None)
        placed: list[QRectF] = []  # the holders' boxes placed so far
        waiting = []
        for inside in (True, False):
            for _, holder in (sectors if inside else waiting):
                node = self.nodes[(view, holder)]
                sector = plan.sectors[holder].slots(plan.slots)
                place = self._place_holder(node, stage_node, ring, sector, placed, inside)
                if place is None:
                    waiting.append((0, holder))
                    continue
                targets[node] = place
                ends[(stage, holder)] = ("spoke", True)
        self._line_ends = ends
        self._draw_lines()
        self._move(targets, new, glide)
        if entries:
            self._hide_hint()
        else:
            self._show_hint(self.empty_hint, below=stage_node.half_height + 40)

    def _place_item(self, node: ProjectorItemNode, ring: Ring, slots: list[int]) -> QPointF:
        """The item's mark on the ring, its name in the cell where most of it shows."""
        mark, cells = item_place(ring, slots)
        best = None
        for side, cell in cells:
            node.fit(cell.width(), cell.height())
            shown = sum(len(line.rstrip("…")) for line in node._lines) - 1000 * any("…" in ln for ln in node._lines)
            score = (shown + 100 * len(node._counts), cell.width() * cell.height())
            if best is None or score > best[0]:
                best = (score, side, cell)
        _, side, cell = best
        width, height = node.fit(cell.width(), cell.height())
        box = label_box(cell, side, mark, width, height)
        node.set_label(box.translated(-mark), side)
        return mark

    def _place_holder(self, node: ProjectorHolderNode, stage: ProjectorStageNode, ring: Ring,
                      sector: list[int], placed: list[QRectF], inside: bool) -> QPointF | None:
        """The holder's name inside its sector, between the stage and its items: as large and whole as fits."""
        count = len(ring.slots)
        marks = [s.mark for s in ring.slots]
        if len(sector) >= count:
            wedge = Wedge(None, None)
        else:
            first, last = sector[0], sector[-1]
            wedge = Wedge((marks[first] + marks[(first - 1) % count]) / 2, (marks[last] + marks[(last + 1) % count]) / 2)
        middle, _ = item_place(ring, sector)
        safe = ring.inner.adjusted(ring.mark_radius + 8, ring.mark_radius + 8, -ring.mark_radius - 8,
                                   -ring.mark_radius - 8)
        edge = stage.edge_towards(middle)
        # Inside its own sector if it fits there (then no line of another sector can reach it); else, for a
        # sliver of a sector, as near as it can be without meeting a holder already placed or a mark.
        if inside:
            for whole, smaller, width in ((whole, smaller, width) for whole in (True, False)
                                          for smaller in (1.0, 0.86, 0.74, 0.64)
                                          for width in (260.0, 200.0, 150.0, 110.0, 80.0, 56.0)):
                w, h = node.fit(width, 80.0, smaller)
                if whole and any("…" in line for line in node._lines):
                    continue  # a whole name in smaller type before a cut one
                for t, across in ((t, a) for a in (0.0, -0.5, 0.5, -1.0, 1.0)
                                  for t in (0.5, 0.62, 0.38, 0.74, 0.26, 0.86, 0.14, 0.95)):
                    centre = edge + (middle - edge) * t + QPointF(across * w, 0)
                    box = QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)
                    if not safe.contains(box) or stage.contains_rect(box, 8):
                        continue
                    if any(box.adjusted(-4, -4, 4, 4).intersects(other) for other in placed):
                        continue
                    if wedge.holds_rect(box):
                        placed.append(box)
                        return centre
            return None
        # Nowhere clear even so: the smallest box, anywhere inside the ring clear of the stage, the marks and
        # the other holders, nearest its sector first.
        spots = sorted((QPointF(x, y) for x in range(int(safe.left()), int(safe.right()) + 1, 12)
                        for y in range(int(safe.top()), int(safe.bottom()) + 1, 8)),
                       key=lambda p: math.hypot(p.x() - middle.x(), p.y() - middle.y()))
        for width, smaller in ((110.0, 0.74), (56.0, 0.6)):
            w, h = node.fit(width, 30.0, smaller)
            for centre in spots:
                box = QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)
                if safe.contains(box) and not stage.contains_rect(box, 8) and not any(
                        box.adjusted(-4, -4, 4, 4).intersects(other) for other in placed):
                    placed.append(box)
                    return centre
        return edge + (middle - edge) * 0.5

    # ---- lines --------------------------------------------------------------------------------------

    def _draw_lines(self) -> None:
        for key in [k for k in self.lines if k not in self._line_ends]:
            self.removeItem(self.lines.pop(key))
        for key, (kind, essential) in self._line_ends.items():
            line = self.lines.get(key)
            if line is None:
                line = QGraphicsLineItem()
                line.setZValue(0 if kind == "spoke" else 1)
                self.addItem(line)
                self.lines[key] = line
            if kind == "spoke":
                pen = QPen(SPOKE, 6.0)
            elif essential:
                pen = QPen(HOLDING, 4.0)
            else:
                pen = QPen(HOLDING, 3.5, Qt.PenStyle.DashLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            line.setPen(pen)
            line.setData(0, kind)
            line.setData(1, essential)
        self._follow()

    def _follow(self) -> None:
        """Each line between its nodes where they are now (during a glide, every step)."""
        view = self.stage_id
        for (a, b), line in self.lines.items():
            source, target = self.nodes.get((view, a)), self.nodes.get((view, b))
            if source is None or target is None:
                continue
            start, end = self._end(source, target.pos()), self._end(target, source.pos())
            line.setLine(QLineF(start, end))

    @staticmethod
    def _end(node: WallNode, towards: QPointF) -> QPointF:
        """Where a line from `node` towards a point leaves the node's shape."""
        here = node.pos()
        if isinstance(node, ProjectorStageNode):
            return here + node.edge_towards(towards - here)
        direction = towards - here
        length = math.hypot(direction.x(), direction.y()) or 1.0
        if isinstance(node, ProjectorItemNode):
            return here + direction * (node.reach() / length)
        box = node.name_rect()
        scale = min(box.width() / 2 / abs(direction.x()) if direction.x() else math.inf,
                    box.height() / 2 / abs(direction.y()) if direction.y() else math.inf)
        return here + direction * min(scale, 1.0)

    # ---- moving ----------------------------------------------------------------------------------

    def _move(self, targets: dict[WallNode, QPointF], new: set[WallNode], glide: bool) -> None:
        moving = {n: t for n, t in targets.items() if n not in new and n.pos() != t}
        for node, place in targets.items():
            if node in new or not glide or node not in moving:
                node.setPos(place)
        self._follow()
        if not (glide and moving):
            self._targets = {}
            return
        self._starts = {n: n.pos() for n in moving}
        self._targets = dict(targets)
        self._moving = moving
        self._glide.start()

    def _step(self, value: object) -> None:
        t = float(value)
        for node, place in self._moving.items():
            start = self._starts[node]
            node.setPos(start + (place - start) * t)
        self._follow()

    def _settle(self) -> None:
        for node, place in self._moving.items():
            node.setPos(place)
        self._moving, self._targets = {}, {}
        self._follow()

    # ---- the hint ---------------------------------------------------------------------------------

    def _show_hint(self, text: str, below: float = 60.0) -> None:
        if self._hint is None:
            self._hint = QGraphicsSimpleTextItem()
            self._hint.setBrush(QColor("#111111"))
            self.addItem(self._hint)
        self._hint.setText(text)
        self._hint.setFont(font(max(6, round(THEME.px(26)))))
        width = self._hint.boundingRect().width()
        self._hint.setPos(-width / 2, below)

    def _hide_hint(self) -> None:
        if self._hint is not None:
            self.removeItem(self._hint)
            self._hint = None

    def _clear(self) -> None:
        for place in list(self.nodes):
            self.removeItem(self.nodes.pop(place))
        for key in list(self.lines):
            self.removeItem(self.lines.pop(key))

    # ---- what each node shows ---------------------------------------------------------------------

    def _stage_spec(self, stage: NodeKey) -> StageSpec:
        data = self.graph.nodes[stage]
        aim = f"\nAim: to {data['aim']}" if data["aim"] else ""
        return StageSpec(data["name"], f"Stage: {data['name']}{aim}")

    def _item_spec(self, entry: analysis.CircleItem) -> ItemSpec:
        graph = self.graph
        lines = [entry.name, f"{PRIORITY.label(entry.priority)} for this stage"]
        if entry.purpose:
            lines.append(f"Why: {entry.purpose}")
        if entry.holder is not None:
            lines.append(f"Held by {analysis.name(graph, entry.holder)}")
        if self.locality is not None:
            lines.append(f"{ACCESS.label(entry.status)} in {analysis.name(graph, self.locality)}")
            count, counts = "", ()
        else:  # the share ring: the same analysis.Share the window, the pictures and the report read
            share = analysis.Share.of(entry.counts)
            count, counts = share.line, tuple(share.counts[s] for s in RING_ORDER)
            lines.append(share.words)
        for blockage in entry.blockages[:5]:
            lines.append(f"Blocked: {graph.nodes[blockage]['reason']}")
        if len(entry.blockages) > 5:
            lines.append(f"… and {len(entry.blockages) - 5} more blockages")
        return ItemSpec(entry.name, entry.status, entry.priority == "essential", count, len(entry.blockages),
                        "\n".join(lines), counts)

    def _holder_tip(self, holder: NodeKey) -> str:
        data = self.graph.nodes[holder]
        lines = [f"Holder: {data['name']}"]
        if data["sector"]:
            lines.append(f"Sector: {data['sector']}")
        if data["contact"]:
            lines.append(f"Contact: {data['contact']}")
        return "\n".join(lines)
