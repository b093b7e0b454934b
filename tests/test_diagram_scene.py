"""The circle scene: drawn from the graph, kept in step by diffing, dragging one intent per circle."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF

from app.commands import push
from app.intents import command_for
from models.analysis import circle
from models.graph import nodes_of
from models.layout import circle_layout
from models.services import Change
from views.diagram_items import DataItemNode, HolderNode, StageNode
from views.diagram_scene import CircleScene
from views.intents import Intent




@pytest.fixture
def scene(document, qtbot):
    scene = CircleScene(document.graph)
    document.changed.connect(lambda change: scene.sync(document.graph, change))
    return scene


def do(document, *args):
    assert push(document, command_for(document, Intent(*args)))


def first_stage(graph):
    return nodes_of(graph, "stage")[0]


def test_the_first_stage_is_drawn_with_its_items_holders_and_layout(scene, document):
    graph = document.graph
    stage = first_stage(graph)
    drawn = circle(graph, stage)
    assert scene.stage_id == stage[1]
    assert isinstance(scene.nodes[(stage[1], stage)], StageNode)
    items = [n for n in scene.nodes.values() if isinstance(n, DataItemNode)]
    holders = [n for n in scene.nodes.values() if isinstance(n, HolderNode)]
    assert {n.key for n in items} == {i.key for i in drawn.items}
    assert {n.key for n in holders} == set(drawn.holders)
    layout = circle_layout(graph, stage)
    for node in items + holders:
        assert (node.x(), node.y()) == pytest.approx(scene.place(*layout[node.key]))
        assert scene.unplace(node.x(), node.y()) == pytest.approx(layout[node.key])
    # One spoke per item, one line per item with a holder.
    assert len(scene.edges) == len(drawn.items) + sum(1 for i in drawn.items if i.holder is not None)


def test_all_localities_shows_how_many_can_access_each_item(scene, document):
    graph = document.graph
    stage = first_stage(graph)
    localities = len(nodes_of(graph, "locality"))
    for entry in circle(graph, stage).items:
        spec = scene.nodes[(stage[1], entry.key)].spec
        c = entry.counts
        rest = [f"{c[s]} {word}" for s, word in (("partial", "partly"), ("blocked", "blocked"),
                                                  ("unknown", "not known")) if c[s]]
        assert spec.count == " · ".join([f"{c['accessible']}/{localities} can access", *rest])
        assert spec.counts == (c["accessible"], c["partial"], c["blocked"], c["unknown"])  # what the ring draws
        assert spec.status == entry.status
        assert spec.essential == (entry.priority == "essential")
        assert spec.blockages == len(entry.blockages)


def test_one_locality_shows_its_own_status(scene, document):
    graph = document.graph
    stage = first_stage(graph)
    bolton = nodes_of(graph, "locality")[0]
    scene.set_locality(bolton)
    for entry in circle(graph, stage, bolton).items:
        spec = scene.nodes[(stage[1], entry.key)].spec
        assert spec.status == entry.status
        assert spec.count == "" and spec.counts == () and spec.share is None  # its shape and letter, no ring


def test_an_edit_redraws_only_the_node_it_names(scene, document):
    graph = document.graph
    stage = first_stage(graph)
    bolton = nodes_of(graph, "locality")[0]
    scene.set_locality(bolton)
    before = dict(scene.nodes)
    specs = {place: node.spec for place, node in before.items()}
    item = circle(graph, stage, bolton).items[0]
    new = "blocked" if item.status != "blocked" else "accessible"
    do(document, "set", "access", (item.key[1], bolton[1]), {"status": new})
    assert scene.nodes == before  # the very same items: nothing cleared or rebuilt
    assert all(scene.nodes[p] is n for p, n in before.items())
    changed = {p for p, node in scene.nodes.items() if node.spec != specs[p]}
    assert changed == {(stage[1], item.key)}
    assert scene.nodes[(stage[1], item.key)].spec.status == new


def test_adding_an_item_leaves_the_others_where_they_were(scene, document):
    graph = document.graph
    stage = first_stage(graph)
    places = {p: (n.x(), n.y()) for p, n in scene.nodes.items() if p[1][0] == "item"}
    do(document, "add", "item", None, {"name": "Council tax arrears"})
    item = next(k for k in graph if k[0] == "item" and graph.nodes[k]["name"] == "Council tax arrears")
    do(document, "add", "need", (stage[1], item[1]), {"purpose": "", "priority": "useful"})
    assert (stage[1], item) in scene.nodes
    assert {p: (n.x(), n.y()) for p, n in scene.nodes.items() if p in places} == places
    spoke = scene.edges[(stage[1], stage, item)]
    assert spoke.essential is False
    document.undo_stack.undo()
    assert (stage[1], item) not in scene.nodes
    assert (stage[1], stage, item) not in scene.edges


def test_removing_a_stage_shows_another_and_undo_brings_it_back(scene, document):
    graph = document.graph
    stage = first_stage(graph)
    do(document, "remove", "stage", stage[1])
    assert scene.stage_id != stage[1]
    assert all(view != stage[1] for view, _ in scene.nodes)
    document.undo_stack.undo()
    scene.show_stage(stage[1])
    assert (stage[1], stage) in scene.nodes


def test_the_whole_journey_puts_every_circle_in_order(scene, document):
    graph = document.graph
    scene.show_journey()
    stages = nodes_of(graph, "stage")
    for index, stage in enumerate(stages):
        node = scene.nodes[(stage[1], stage)]
        assert (node.x(), node.y()) == pytest.approx(scene.journey_offset(index))
        assert len([p for p in scene.nodes if p[0] == stage[1]]) == 1 + len(circle(graph, stage).items) + len(
            circle(graph, stage).holders)


def test_a_drag_becomes_one_move_intent_in_the_circle_coordinates(scene, document, qtbot):
    graph = document.graph
    scene.show_journey()
    stage = nodes_of(graph, "stage")[1]
    item = circle(graph, stage).items[0].key
    node = scene.nodes[(stage[1], item)]
    node.setSelected(True)
    start = node.pos()
    node.setPos(start + QPointF(40, -25))
    with qtbot.waitSignal(scene.intent) as signal:
        scene.finish_drag([(node, start)])
    intent = signal.args[0]
    ox, oy = scene.journey_offset(1)
    laid_out = scene.unplace(start.x() + 40 - ox, start.y() - 25 - oy)  # what the layout keeps: drawn the same
    assert intent.action == "move" and intent.kind == "nodes" and intent.ident == stage[1]
    assert intent.values["moves"] == {item: (round(laid_out[0], 1), round(laid_out[1], 1))}
    assert scene.place(*laid_out) == pytest.approx((start.x() + 40 - ox, start.y() - 25 - oy))


def test_a_node_not_moved_makes_no_intent(scene, document, qtbot):
    node = next(n for n in scene.nodes.values() if isinstance(n, DataItemNode))
    with qtbot.assertNotEmitted(scene.intent):
        scene.finish_drag([(node, node.pos())])


def test_a_reload_keeps_nothing_stale(scene, document):
    graph = document.graph
    stage = first_stage(graph)
    item = circle(graph, stage).items[0].key
    graph.remove_node(item)  # as if the file changed underneath
    scene.sync(graph, Change("reloaded"))
    assert (stage[1], item) not in scene.nodes


def _label_in_scene(node):
    return node.mapRectToScene(node.name_rect())


@pytest.mark.parametrize("journey", [False, True])
def test_labels_sit_clear_of_other_labels_nodes_and_spokes(scene, document, journey):
    from PySide6.QtCore import QLineF

    scene.show_journey(journey)
    items = [n for (v, k), n in scene.nodes.items() if k[0] == "item"]
    others = [n for (v, k), n in scene.nodes.items() if k[0] in ("agency", "stage")]
    assert items
    for node in items:
        label = _label_in_scene(node)
        stage = scene.nodes[(node.view, ("stage", node.view))]
        # Outward from the stage: the label's centre is farther from the stage than the item is.
        assert QLineF(stage.pos(), label.center()).length() > QLineF(stage.pos(), node.pos()).length() - 1
        for other in items:
            if other is not node:
                assert not label.intersects(_label_in_scene(other)), (node.spec.name, other.spec.name)
                spoke = QLineF(scene.nodes[(other.view, ("stage", other.view))].pos(), other.pos())
                assert not _crosses(label, spoke), (node.spec.name, "spoke of", other.spec.name)
        for other in others:
            box = other.mapRectToScene(other.boundingRect().adjusted(4, 4, -4, -4))
            assert not label.intersects(box), (node.spec.name, other.spec.name)


def _crosses(rect, line):
    from PySide6.QtCore import QLineF

    if rect.contains(line.p1()) or rect.contains(line.p2()):
        return True
    sides = [QLineF(rect.topLeft(), rect.topRight()), QLineF(rect.topRight(), rect.bottomRight()),
             QLineF(rect.bottomRight(), rect.bottomLeft()), QLineF(rect.bottomLeft(), rect.topLeft())]
    return any(line.intersects(side)[0] == QLineF.IntersectionType.BoundedIntersection for side in sides)


def test_items_past_the_first_twelve_go_between_the_others_and_none_moves(scene, document):
    import math

    graph = document.graph
    stage = first_stage(graph)
    for n in range(30 - len([k for k in graph.adj[stage] if k[0] == "item"])):
        do(document, "add", "item", None, {"name": f"Extra record {n}"})
        item = next(k for k in graph if k[0] == "item" and graph.nodes[k]["name"] == f"Extra record {n}")
        before = circle_layout(graph, stage)
        do(document, "add", "need", (stage[1], item[1]), {"purpose": "", "priority": "useful"})
        after = circle_layout(graph, stage)
        assert all(after[k] == place for k, place in before.items() if k[0] == "item")  # nothing jumps
    angles = sorted(math.atan2(y, x) for k, (x, y) in circle_layout(graph, stage).items() if k[0] == "item")
    gaps = [b - a for a, b in zip(angles, angles[1:])] + [angles[0] + 2 * math.pi - angles[-1]]
    assert len(angles) == 30 and min(gaps) >= 2 * math.pi / 48 - 1e-9  # spread round the whole ring
    assert max(gaps) <= 2 * math.pi / 24 + 1e-9


def test_items_thirteen_to_sixteen_go_round_the_ring_not_into_one_quarter():
    from models.layout import item_turn, spread_order

    quarters = {int(item_turn(index) * 4) for index in range(12, 16)}
    assert quarters == {0, 1, 2, 3}
    for count in (12, 24, 48, 96):
        assert sorted(spread_order(count)) == list(range(count))


def test_an_item_already_in_the_map_joins_a_circle_after_those_there(scene, document):
    graph = document.graph
    stages = nodes_of(graph, "stage")
    stage = stages[-1]
    scene.show_stage(stage[1])
    outside = min(k for k in nodes_of(graph, "item") if not graph.has_edge(stage, k))  # the oldest not here
    assert outside[1] < max(k[1] for k in graph.adj[stage] if k[0] == "item")
    places = {p: (n.x(), n.y()) for p, n in scene.nodes.items() if p[0] == stage[1] and p[1][0] == "item"}
    do(document, "add", "need", (stage[1], outside[1]), {"purpose": "", "priority": "useful"})
    assert (stage[1], outside) in scene.nodes
    assert {p: (n.x(), n.y()) for p, n in scene.nodes.items() if p in places} == places
    document.undo_stack.undo()
    document.undo_stack.redo()
    assert {p: (n.x(), n.y()) for p, n in scene.nodes.items() if p in places} == places
