"""Build a small map entirely through the window, then undo everything and redo everything:
the database, the graph, the diagram and the tables agree after every step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from models.graph import nodes_of
from models.store import MapStore
from test_app_support import Answers, answers, app_settings, assert_in_step, dump, make_window  # noqa: F401


def _ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _named(graph, kind: str, name: str):
    return next(k for k in graph if k[0] == kind and graph.nodes[k]["name"] == name)


def _pick(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0
    combo.setCurrentIndex(index)


def _add_item(qtbot, window, name: str, holder: str, useful: bool = False) -> None:
    panel = window.diagram
    panel.add_item_action.trigger()
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.name.lineEdit(), name)
    qtbot.keyClicks(dialog.holder.lineEdit(), holder)
    if useful:
        dialog.priority.setCurrentIndex(dialog.priority.findData("useful"))
    qtbot.keyClicks(dialog.purpose, "to find the families")
    _ok(dialog)


@pytest.fixture
def new_map(tmp_path):
    path = tmp_path / "workshop.needmap"
    MapStore.create(path, title="Workshop").close()
    return path


def test_build_a_map_through_the_window_then_undo_and_redo_everything(qtbot, app_settings, answers, new_map):
    start = dump(new_map)
    window = make_window(qtbot, answers, MapStore.open(new_map))
    panel, scene, graph = window.diagram, window.diagram.scene, window.document.graph
    states = [start]

    def step():
        assert_in_step(window)
        assert not window.message_bar.isVisible(), window.message_bar.label.text()
        states.append(dump(new_map))
        assert states[-1] != states[-2]  # every user action changed the file at once

    # A stage, through its form.
    panel.add_stage_action.trigger()
    qtbot.waitUntil(panel.dialog.isVisible)
    qtbot.keyClicks(panel.dialog.name, "Referral")
    qtbot.keyClicks(panel.dialog.aim, "refer families quickly")
    _ok(panel.dialog)
    stage = _named(graph, "stage", "Referral")
    step()
    _pick(panel.stage_picker, stage[1])
    assert scene.stage_id == stage[1] and (stage[1], stage) in scene.nodes

    # Two data items, each with a new holder: one undo step each.
    _add_item(qtbot, window, "Live birth notifications", "Maternity services")
    step()
    _add_item(qtbot, window, "Police call-outs", "Police", useful=True)
    step()
    births, callouts = _named(graph, "item", "Live birth notifications"), _named(graph, "item", "Police call-outs")
    assert graph.nodes[_named(graph, "agency", "Maternity services")]["name"] == "Maternity services"
    assert graph.edges[stage, callouts]["priority"] == "useful"
    assert scene.edges[(stage[1], stage, callouts)].essential is False

    # Access in two localities, with the keyboard shortcuts of the Edit menu.
    bolton, bury = (_named(graph, "locality", n) for n in ("Bolton", "Bury"))
    _pick(panel.locality_picker, bolton)
    panel.select_node(births)
    window.diagram.view.setFocus()
    qtbot.keyClick(window.diagram.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # blocked
    assert graph.edges[births, bolton]["status"] == "blocked"
    step()
    _pick(panel.locality_picker, bury)
    panel.select_node(births)
    panel.access_actions["accessible"].trigger()
    assert graph.edges[births, bury]["status"] == "accessible"
    step()

    # A blockage in Bury only, then an action from the node's context menu.
    panel.select_node(births)
    panel.blockage_action.trigger()
    qtbot.waitUntil(panel.dialog.isVisible)
    qtbot.keyClicks(panel.dialog.reason, "no data-sharing agreement with the trust")
    _ok(panel.dialog)
    blockage = next(k for k in graph if k[0] == "blockage")
    assert graph.nodes[blockage]["locality_id"] == bury[1]
    assert scene.nodes[(stage[1], births)].spec.blockages == 1
    step()
    menu = panel.build_menu(scene.nodes[(stage[1], births)])
    submenu = next(a.menu() for a in menu.actions() if a.menu() and "unblock" in a.text())
    submenu.actions()[0].trigger()
    qtbot.waitUntil(panel.dialog.isVisible)
    qtbot.keyClicks(panel.dialog.step, "sign a Tier 2 agreement")
    panel.dialog.level.setCurrentIndex(panel.dialog.level.findData("gm"))
    _ok(panel.dialog)
    action = next(k for k in graph if k[0] == "action")
    assert graph.nodes[action]["level"] == "gm"
    step()

    # Drag a node with the mouse: one step, the position kept in the file.
    node = scene.nodes[(stage[1], callouts)]
    viewport = panel.view.viewport()
    start_point = panel.view.mapFromScene(node.scenePos())
    end_point = start_point + QPoint(60, 45)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start_point)
    qtbot.mouseMove(viewport, start_point + QPoint(20, 15))
    qtbot.mouseMove(viewport, end_point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end_point)
    assert (stage[1], callouts) in graph.graph["positions"]
    assert window.document.undo_stack.undoText().startswith("Move")
    step()

    # Rename with F2 and the keyboard.
    panel.select_node(births)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: panel.view.rename_edit is not None and panel.view.rename_edit.isVisible())
    edit = panel.view.rename_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "Live births")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert graph.nodes[births]["name"] == "Live births"
    step()

    built = states[-1]
    stack = window.document.undo_stack
    assert stack.count() == len(states) - 1  # one undo step per user action
    for expected in reversed(states[:-1]):
        window.undo_action.trigger()
        assert dump(new_map) == expected
        assert_in_step(window)
    assert dump(new_map) == start
    assert not window.undo_action.isEnabled()
    for expected in states[1:]:
        window.redo_action.trigger()
        assert dump(new_map) == expected
        assert_in_step(window)
    assert dump(new_map) == built


def test_deleting_a_stage_is_one_step_and_undo_brings_back_the_same_ids(qtbot, app_settings, answers, sample_store):
    path = sample_store.path
    sample_store.close()
    before = dump(path)
    window = make_window(qtbot, answers, MapStore.open(path))
    graph, panel = window.document.graph, window.diagram
    stage = nodes_of(graph, "stage")[0]
    panel.select_node(stage)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert stage not in graph and dump(path) != before
    assert window.document.undo_stack.count() == 1
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dump(path) == before
    assert_in_step(window)


def test_the_diagram_gets_the_width_and_the_journey_is_one_row_to_scroll(qtbot, app_settings, answers,
                                                                          sample_store):
    from views.diagram_view import readable_scale

    window = make_window(qtbot, answers, sample_store)
    window.resize(1366, 768)
    panel = window.diagram
    qtbot.waitUntil(lambda: panel.view.width() > 0)
    legend = panel.legend
    assert legend.geometry().top() >= panel.view.geometry().bottom()  # a strip under the diagram, not beside it
    assert panel.view.width() >= panel.width() - 2
    assert any(label == "blockages recorded" for _, label in legend.rows())
    panel.journey_action.trigger()
    view, scene = panel.view, panel.scene
    stages = [k[1] for k in nodes_of(window.document.graph, "stage")]
    centres = [scene.node_at(("stage", s), s).pos() for s in stages]
    assert len({round(c.y()) for c in centres}) == 1 and [c.x() for c in centres] == sorted(c.x() for c in centres)
    # The stage shown is whole in sight, its names as readable as when it is shown alone; the rest is a scroll away.
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(scene.circle_rect(scene.stage_id))
    assert view.transform().m11() >= readable_scale() - 1e-6
    assert view.horizontalScrollBar().maximum() > 0 and view.verticalScrollBar().maximum() == 0
    panel.journey_action.trigger()
    qtbot.waitUntil(view.whole_in_sight)


def test_the_compare_view_names_the_keys_it_takes(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    window.workspaces.actions_["compare"].trigger()  # the comparison is built when it is first shown
    qtbot.waitUntil(lambda: window.compare is not None)
    text = window.compare.matrix_summary.text()
    assert "A, P, B or ?" in text and "B, U" not in text


def test_a_form_waits_for_what_the_map_would_refuse_and_keeps_what_was_typed(qtbot, app_settings, answers,
                                                                             sample_store):
    window = make_window(qtbot, answers, sample_store)
    panel, graph = window.diagram, window.document.graph
    before = dump(sample_store.path)
    ok = lambda: panel.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)

    panel.add_stage_action.trigger()
    qtbot.waitUntil(panel.dialog.isVisible)
    assert not ok().isEnabled()  # blank: nothing to add yet
    taken = graph.nodes[nodes_of(graph, "stage")[0]]["name"]
    qtbot.keyClicks(panel.dialog.aim, "refer families quickly")
    qtbot.keyClicks(panel.dialog.name, taken.upper())
    assert not ok().isEnabled() and "already a stage called" in panel.dialog.hint.text()
    _ok(panel.dialog)
    assert panel.dialog.isVisible() and panel.dialog.aim.text() == "refer families quickly"
    panel.dialog.name.setText("N" * 1000)
    assert not ok().isEnabled() and "1,000 characters long; keep it under 200" in panel.dialog.hint.text()
    panel.dialog.name.setText("Referral")
    assert ok().isEnabled() and panel.dialog.hint.isHidden()
    panel.dialog.reject()

    stage = ("stage", panel.scene.stage_id)
    needed = next(k for k in graph.successors(stage) if k[0] == "item")
    panel.add_item_action.trigger()
    qtbot.waitUntil(panel.dialog.isVisible)
    qtbot.keyClicks(panel.dialog.name.lineEdit(), graph.nodes[needed]["name"])
    assert not ok().isEnabled() and "already needs" in panel.dialog.hint.text()
    panel.dialog.reject()

    item = panel.scene.node_at(needed, stage[1])
    item.setSelected(True)
    panel.blockage_action.trigger()
    qtbot.waitUntil(panel.dialog.isVisible)
    qtbot.keyClicks(panel.dialog.reason, "   ")
    assert not ok().isEnabled()
    panel.dialog.reject()
    assert dump(sample_store.path) == before and not window.message_bar.isVisible()


def test_a_context_menu_leaves_the_edit_menu_as_it_was(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    before = [a.text() for a in window.edit_menu.actions()]
    item = next(n for n in window.diagram.scene.nodes.values() if n.key[0] == "item")
    window.diagram.build_menu(item)
    assert [a.text() for a in window.edit_menu.actions()] == before
    assert "Mark blocked" in before


def test_arrow_keys_walk_the_diagram_so_a_node_can_be_chosen_without_a_mouse(qtbot, app_settings, answers,
                                                                               sample_store):
    window = make_window(qtbot, answers, sample_store)
    view, scene = window.diagram.view, window.diagram.scene
    view.setFocus()
    scene.clearSelection()
    qtbot.keyClick(view, Qt.Key.Key_Up)
    first = scene.selected_node()
    assert first is not None and first.key[0] == "stage"  # the middle of the circle
    assert window.inspector.key == first.key
    seen = {first.key}
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Right):
        qtbot.keyClick(view, key)
        seen.add(scene.selected_node().key)
    assert len(seen) >= 4 and len(scene.selectedItems()) == 1
    assert window.inspector.key == scene.selected_node().key
    item = next(n for n in scene.nodes.values() if n.key[0] == "item")
    scene.clearSelection()
    item.setSelected(True)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    moved = scene.selected_node()
    assert moved is not item and moved.sceneBoundingRect().center().x() > item.sceneBoundingRect().center().x()


def test_the_undo_history_says_what_was_marked_where_in_plain_words(qtbot, app_settings, answers, sample_store):
    from app.intents import carry_out
    from views.intents import Intent

    window = make_window(qtbot, answers, sample_store)
    document, graph = window.document, window.document.graph
    item = _named(graph, "item", "Live birth notifications")
    wigan = _named(graph, "locality", "Wigan")
    carry_out(document, Intent("set", "access", (item[1], wigan[1]), {"status": "partial"}))
    assert document.undo_stack.undoText() == "Mark “Live birth notifications” partly accessible in Wigan"
    carry_out(document, Intent("add", "stage", None, {"name": "Bad\x1b[31m\x07name"}))
    assert document.undo_stack.undoText() == "Add stage “Bad[31mname”"


def test_f6_moves_the_keyboard_round_the_panes(qtbot, app_settings, answers, sample_store):
    from PySide6.QtWidgets import QApplication

    window = make_window(qtbot, answers, sample_store)
    window.diagram.view.setFocus()

    def visit(count: int) -> list[str]:
        visited = []
        for _ in range(count):
            qtbot.keyClick(window, Qt.Key.Key_F6)
            focus = QApplication.focusWidget()
            owner = next(name for name, pane in (("sentence", window.sentence_dock.widget()),
                                                 ("history", window.undo_view), ("tables", window.tables),
                                                 ("diagram", window.diagram.view)) if pane is not None
                         and (focus is pane or pane.isAncestorOf(focus)))
            visited.append(owner)
        return visited

    assert visit(2) == ["sentence", "diagram"]  # the inspector and the history are tabs behind the sentence
    window.history_dock.raise_()
    assert visit(2) == ["history", "diagram"]
    window.workspaces.actions_["tables"].trigger()  # the tables in the middle: F6 goes there instead of the map
    qtbot.waitUntil(lambda: window.tables is not None and window.tables.isVisible())
    window.tables.setFocus()
    assert visit(2) == ["history", "tables"]
    qtbot.keyClick(window, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert window.undo_view.isAncestorOf(QApplication.focusWidget()) or QApplication.focusWidget() is window.undo_view
