"""The wall stays readable and still: for every stage of the sample and for a 24-item, 10-holder stage, at
type 1.0 and 1.5, no name covers another name, a mark, a holder, a line or the stage, each name sits by its
own mark, holders never meet; adding or taking out an item moves nothing outside its holder's sector, and
what does move glides."""

from __future__ import annotations

import math
import random

import pytest
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from test_app_support import app_settings  # noqa: F401
from test_workshop import show_wall, type_line

from models import services
from models.graph import nodes_of
from views.workshop_items import THEME, ProjectorHolderNode, ProjectorItemNode, ProjectorStageNode

WORDS = ["north", "south", "east", "west", "river", "market", "chapel", "harbour", "orchard", "quarry", "meadow",
         "bridge", "castle", "forest", "valley", "garden"]
HOLDERS = ["Maternity services", "HM Revenue & Customs", "Greater Manchester Police", "Probation trust",
           "Youth offending service", "Jobcentre Plus", "Schools and council education services", "Housing providers",
           "Community health and GP practices", "Voluntary and community sector"]
ITEMS = ["Live birth notifications", "Midwife referrals of vulnerable expectant mothers", "HMRC household income",
         "Police call-outs to family addresses", "Domestic abuse incidents", "National police records (PNC)",
         "Offender status of adults in the family", "Youth offending", "Out-of-work benefits claimed",
         "Jobcentre Plus training advice received", "School attendance", "School exclusions",
         "Free school meals eligibility", "Tenancy status and rent arrears",
         "Anti-social behaviour complaints and tenancy enforcement", "GP registrations", "Health visitor contacts",
         "Drug and alcohol treatment received", "Voluntary sector support received", "Family needs assessments (CAF)",
         "Children's social care status", "Adult social care involvement", "Homelessness applications",
         "Missing from home reports"]


@pytest.fixture
def sample_wall(qtbot, app_settings, sample_store):  # noqa: F811
    session = show_wall(qtbot, sample_store)
    yield session
    THEME.set_scale(1.0)
    if shiboken6.isValid(session.widget):
        session.widget.close()
    session.document.undo_stack.clear()


@pytest.fixture
def big_wall(qtbot, app_settings, empty_store):  # noqa: F811
    """A stage of 24 data items from 10 holders, typed in no order of holder (as a room says them)."""
    stage = nodes_of_store(empty_store)
    agencies = [services.add_agency(empty_store, name).created[1] for name in HOLDERS]
    owners = [n % len(HOLDERS) for n in range(len(ITEMS))]
    random.Random(14).shuffle(owners)
    for name, owner in zip(ITEMS, owners):
        item = services.add_item(empty_store, name, holder_id=agencies[owner]).created[1]
        services.need_item(empty_store, stage, item, priority="essential" if len(name) % 3 else "useful")
    session = show_wall(qtbot, empty_store)
    yield session
    THEME.set_scale(1.0)
    if shiboken6.isValid(session.widget):
        session.widget.close()
    session.document.undo_stack.clear()


def nodes_of_store(store) -> int:
    from models.graph import build_graph

    return nodes_of(build_graph(store), "stage")[0][1]


def _crosses(rect: QRectF, line: QLineF) -> bool:
    """Whether a line segment runs through a rectangle."""
    if rect.contains(line.p1()) or rect.contains(line.p2()):
        return True
    corners = [rect.topLeft(), rect.topRight(), rect.bottomRight(), rect.bottomLeft()]
    return any(line.intersects(QLineF(a, b))[0] == QLineF.IntersectionType.BoundedIntersection
               for a, b in zip(corners, corners[1:] + corners[:1]))


def _gap(rect: QRectF, point: QPointF) -> float:
    dx = max(rect.left() - point.x(), 0.0, point.x() - rect.right())
    dy = max(rect.top() - point.y(), 0.0, point.y() - rect.bottom())
    return math.hypot(dx, dy)


def problems(scene) -> list[str]:
    """Everything on the wall that covers what it must not, or is off the wall, or stands apart from its mark."""
    nodes = [n for (view, _), n in scene.nodes.items() if view == scene.stage_id]
    items = [n for n in nodes if isinstance(n, ProjectorItemNode)]
    holders = [n for n in nodes if isinstance(n, ProjectorHolderNode)]
    stage = next(n for n in nodes if isinstance(n, ProjectorStageNode))
    labels = {n: n.mapRectToScene(n.name_rect()) for n in items}
    marks = {n: n.mapRectToScene(n.mark_rect()) for n in items}
    boxes = {n: n.mapRectToScene(n.name_rect()) for n in holders}
    lines = [(key, line.line()) for key, line in scene.lines.items()]
    pen = 3.0  # half the widest line
    found = []
    for node, label in labels.items():
        name = node.spec.name
        if not scene.frame.contains(label):
            found.append(f"{name}: name off the wall")
        if _gap(label, node.pos()) > node.reach() + 12:
            found.append(f"{name}: name {_gap(label, node.pos()):.0f} away from its mark")
        if stage.contains_rect(label):
            found.append(f"{name}: name on the stage")
        for other, rect in labels.items():
            if other is not node and label.intersects(rect):
                found.append(f"{name}: name on the name of {other.spec.name}")
        for other, rect in marks.items():
            if label.intersects(rect):
                found.append(f"{name}: name on the mark of {other.spec.name}")
        for holder, box in boxes.items():
            if label.intersects(box):
                found.append(f"{name}: name on the holder {holder.spec.name}")
        for key, line in lines:
            if _crosses(label.adjusted(-pen, -pen, pen, pen), line):
                found.append(f"{name}: name on the line {key}")
    for holder, box in boxes.items():
        if not scene.frame.contains(box):
            found.append(f"{holder.spec.name}: holder off the wall")
        if stage.contains_rect(box):
            found.append(f"{holder.spec.name}: holder on the stage")
        for other, rect in boxes.items():
            if other is not holder and box.intersects(rect):
                found.append(f"{holder.spec.name}: holder on the holder {other.spec.name}")
        for other, rect in marks.items():
            if box.intersects(rect):
                found.append(f"{holder.spec.name}: holder on the mark of {other.spec.name}")
    return found


def _shown_everywhere(qtbot, widget, graph):
    """Every stage, all localities and one, at type 1.0 and 1.5: what covers what."""
    found = []
    wigan = next(k for k in nodes_of(graph, "locality") if graph.nodes[k]["name"] == "Wigan")
    for scale in (1.0, 1.5):
        THEME.set_scale(scale)
        widget.apply_scale()
        for stage in nodes_of(graph, "stage"):
            widget.show_stage(stage[1])
            for locality in (None, wigan):
                widget.scene.set_locality(locality)
                found += [f"{scale} {graph.nodes[stage]['name']} {locality}: {p}" for p in problems(widget.scene)]
    return found


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (1366, 768)])
def test_no_name_covers_anything_on_any_sample_stage(qtbot, sample_wall, size):
    widget, graph = sample_wall.widget, sample_wall.document.graph
    widget.resize(*size)
    qtbot.waitUntil(lambda: widget.view.transform().m11() == pytest.approx(widget.view.viewport().width() / 1280))
    found = _shown_everywhere(qtbot, widget, graph)
    assert found == [], "\n".join(found)


def test_no_name_covers_anything_with_24_items_and_10_holders(qtbot, big_wall):
    widget, graph = big_wall.widget, big_wall.document.graph
    stage = widget.stage
    assert len(graph.adj[stage]) == 24
    assert len({k for k in widget.scene.nodes if k[1][0] == "agency"}) == 10
    found = _shown_everywhere(qtbot, widget, graph)
    assert found == [], "\n".join(found)
    # and on a 1920×1080 wall, the same picture half as large again
    widget.resize(1920, 1080)
    qtbot.waitUntil(lambda: widget.view.transform().m11() > 1.4)
    widget.show_stage(stage[1])
    assert problems(widget.scene) == []


def _places(scene) -> dict:
    """Where each node of the circle shown is, and its name's box, once nothing is gliding."""
    return {key: (round(n.pos().x(), 3), round(n.pos().y(), 3), n.mapRectToScene(n.name_rect()).getRect())
            for (view, key), n in scene.nodes.items() if view == scene.stage_id}


def _holder(graph, item):
    return next((t for t, d in graph.adj[item].items() if d["kind"] == "held_by"), None)


def _outside(places: dict, graph, holder) -> dict:
    """The places of every item and holder outside `holder`'s sector."""
    return {k: v for k, v in places.items()
            if k != holder and k[0] != "stage" and not (k[0] == "item" and k in graph and _holder(graph, k) == holder)}


def _settled(qtbot, scene):
    qtbot.waitUntil(lambda: not scene.moving)


def _check_removals(qtbot, session, stage) -> list[str]:
    """Take each item of the stage out (typed, as on the wall) and put it back (Ctrl+Z): nothing outside its
    holder's sector moves either way, and Ctrl+Z puts everything back where it was."""
    widget, document = session.widget, session.document
    scene = widget.scene
    widget.show_stage(stage[1])
    moved = []
    for item in list(document.graph.adj[stage]):
        graph = document.graph
        holder, name = _holder(graph, item), graph.nodes[item]["name"]
        before = _places(scene)
        result = type_line(qtbot, session, f"-{name}")
        assert result.startswith("✓ Took"), result
        _settled(qtbot, scene)
        after = _places(scene)
        expected = _outside(before, graph, holder)
        if {k: after.get(k) for k in expected} != expected:
            moved.append(f"taking out {name}: {[(k, expected[k], after.get(k)) for k in expected if after.get(k) != expected[k]][:2]} {scene.frame} {scene.plans[stage[1]]}")
        qtbot.keyClick(widget.bar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        _settled(qtbot, scene)
        if _places(scene) != before:
            moved.append(f"putting back {name}: {[k for k in before if _places(scene).get(k) != before[k]]}")
    return moved


def test_taking_an_item_out_and_back_moves_nothing_outside_its_sector_on_every_sample_stage(qtbot, sample_wall):
    moved = []
    for stage in nodes_of(sample_wall.document.graph, "stage"):
        moved += _check_removals(qtbot, sample_wall, stage)
    assert moved == [], "\n".join(moved)


def test_taking_an_item_out_and_back_moves_nothing_outside_its_sector_with_24_items(qtbot, big_wall):
    for scale in (1.0, 1.5):
        THEME.set_scale(scale)
        big_wall.widget.apply_scale()
        moved = _check_removals(qtbot, big_wall, big_wall.widget.stage)
        assert moved == [], "\n".join(moved)


def test_adding_an_item_moves_nothing_outside_its_holders_sector_on_every_sample_stage(qtbot, sample_wall):
    session, widget, document = sample_wall, sample_wall.widget, sample_wall.document
    scene = widget.scene
    moved = []
    for number, stage in enumerate(nodes_of(document.graph, "stage")):
        widget.show_stage(stage[1])
        graph = document.graph
        holders = [h for h in dict.fromkeys(_holder(graph, k) for k in graph.adj[stage]) if h is not None]
        for n, holder in enumerate(holders[:3] + [None]):  # three holders there, and a new one
            before = _places(scene)
            short = graph.nodes[holder]["short_name"] if holder is not None else f"Sure Start in {WORDS[number]}"
            line = f"{WORDS[4 * number + n].capitalize()} @{short}"
            assert type_line(qtbot, session, line).startswith("✓ Added"), widget.result.text()
            _settled(qtbot, scene)
            graph = document.graph
            after = _places(scene)
            expected = _outside(before, graph, holder)
            if {k: after.get(k) for k in expected} != expected:
                moved.append(f"{line}: {[graph.nodes[k]['name'] for k in expected if after.get(k) != expected[k]]}")
            assert problems(scene) == [], line
    assert moved == [], "\n".join(moved)


def test_what_moves_glides(qtbot, sample_wall):
    session, widget, document = sample_wall, sample_wall.widget, sample_wall.document
    scene = widget.scene
    stage = widget.stage
    assert type_line(qtbot, session, "Sure Start visits @Sure Start centres").startswith("✓")
    assert type_line(qtbot, session, "Sure Start referrals @Sure Start centres").startswith("✓")
    _settled(qtbot, scene)
    first = scene.node_at(next(k for k in document.graph.adj[stage]
                               if document.graph.nodes[k]["name"] == "Sure Start visits"))
    second = scene.node_at(next(k for k in document.graph.adj[stage]
                                if document.graph.nodes[k]["name"] == "Sure Start referrals"))
    start = QPointF(second.pos())
    type_line(qtbot, session, "-Sure Start visits")  # the other item of the sector takes its room
    assert scene.moving and second.pos() == start  # not a jump: it sets off from where it was
    end = scene.target(second)
    assert end != start
    seen = []
    qtbot.waitUntil(lambda: seen.append(QPointF(second.pos())) or not scene.moving)
    assert second.pos() == end
    assert first.scene() is None


def test_larger_type_grows_the_text_not_shrinks_the_wall(qtbot, sample_wall):
    widget = sample_wall.widget
    scene, view = widget.scene, widget.view
    node = next(n for n in scene.nodes.values() if isinstance(n, ProjectorItemNode))
    stage = next(n for n in scene.nodes.values() if isinstance(n, ProjectorStageNode))
    size, stage_size, transform = node._font.pixelSize(), stage._font.pixelSize(), view.transform()
    for _ in range(5):
        qtbot.keyClick(widget.bar, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert THEME.scale == pytest.approx(1.5)
    assert node._font.pixelSize() >= 1.45 * size and stage._font.pixelSize() >= stage_size
    assert view.transform().m11() == pytest.approx(transform.m11(), rel=0.02)  # nothing shrinks to make room
    assert problems(scene) == []


def test_the_stage_name_reads_from_the_back_of_the_room(qtbot, sample_wall):
    widget = sample_wall.widget
    for stage in nodes_of(sample_wall.document.graph, "stage"):
        widget.show_stage(stage[1])
        node = next(n for n in widget.scene.nodes.values() if isinstance(n, ProjectorStageNode))
        on_screen = node._font.pixelSize() * widget.view.transform().m11()
        assert on_screen >= 28, (node.spec.name, on_screen)
        assert "".join(node._lines).replace(" ", "") == node.spec.name.replace(" ", "")  # whole, no "…"


def test_a_three_line_answer_under_the_bar_is_never_cut_off(qtbot, sample_wall):
    widget = sample_wall.widget
    label = widget.result
    for scale in (1.0, 1.5):
        THEME.set_scale(scale)
        widget.apply_scale()
        long = ("“Anti-social behaviour complaints and tenancy enforcement” accessible in Wigan; still recorded as "
                "blocking it: “the housing provider has no data sharing agreement with the council” — remove it in "
                "the window's Blockages table (Esc).")
        widget.show_result(long, ok=True)
        qtbot.waitUntil(lambda: label.width() > 500)
        widget.show_result(long, ok=True)
        label.ensurePolished()
        assert label.heightForWidth(label.width()) <= label.height(), (scale, label.height())
        assert widget.result_type_size >= 12
