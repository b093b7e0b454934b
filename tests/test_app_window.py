"""The window on a laptop and a large screen: the map first and whole, panes sized to be useful, and a view
that follows what the user does (a new stage, undo and redo) without jumping when a node is dragged."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLineF, QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QToolButton
from test_app_support import Answers, answers, app_settings, make_window  # noqa: F401

from models import services
from models.graph import build_graph, nodes_of
from views.diagram_items import ITEM_SIZE, LABEL
from views.intents import Intent

# The window a 1366×768 laptop leaves once its task bar and title bar have taken their share, and a large screen's.
LAPTOP, LARGE = (1366, 700), (1920, 1010)


def _named(graph, kind: str, name: str):
    return next(k for k in graph if k[0] == kind and graph.nodes[k]["name"] == name)


def _sized(qtbot, window, size) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    window._first_sizes()


def _names_readable(view) -> bool:
    from views.diagram_view import smallest_label_pixels

    return view.transform().m11() * LABEL >= smallest_label_pixels() - 1e-6


@pytest.mark.parametrize("size", [LAPTOP, LARGE])
def test_the_first_view_shows_the_whole_circle_with_readable_names(qtbot, app_settings, answers, sample_store,
                                                                   size):
    window = make_window(qtbot, answers, sample_store)
    _sized(qtbot, window, size)
    view = window.diagram.view
    qtbot.waitUntil(view.whole_in_sight)
    assert _names_readable(view)
    assert not view.horizontalScrollBar().isVisible() and not view.verticalScrollBar().isVisible()
    # The map has most of the window: three quarters of its width or more.
    assert view.width() >= 0.72 * window.width()


@pytest.mark.parametrize("size", [LAPTOP, LARGE])
def test_fit_to_window_fits_after_zooming(qtbot, app_settings, answers, sample_store, size):
    window = make_window(qtbot, answers, sample_store)
    _sized(qtbot, window, size)
    view, panel = window.diagram.view, window.diagram
    for _ in range(3):
        panel.zoom_out_action.trigger()
    zoomed_out = view.transform().m11()
    for _ in range(6):
        panel.zoom_in_action.trigger()
    assert not view.whole_in_sight()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.whole_in_sight() and _names_readable(view)
    assert view.transform().m11() > zoomed_out
    for _ in range(3):
        panel.zoom_in_action.trigger()
    button = next(b for b in panel.findChildren(QToolButton) if b.defaultAction() is panel.fit_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert view.whole_in_sight() and _names_readable(view)


def test_the_tables_comparison_and_inspector_are_built_when_first_shown(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    assert window.tables is None and window.compare is None and window.inspector is None
    window.workspaces.actions_["tables"].trigger()
    assert window.tables is not None and window.tables.isVisible() and not window.diagram.isVisible()
    window.workspaces.actions_["compare"].trigger()
    assert window.compare is not None and window.compare.isVisible()
    window.workspaces.actions_["map"].trigger()
    assert window.diagram.isVisible() and window.inspector is None
    node = next(n for (_v, k), n in window.diagram.scene.nodes.items() if k[0] == "item")
    window.diagram.scene.clearSelection()
    node.setSelected(True)  # something selected: the inspector comes to the front, built, showing it
    qtbot.waitUntil(lambda: window.inspector is not None and window.inspector.isVisible())
    assert window.inspector.key == node.key
    window.diagram.scene.clearSelection()  # nothing selected: the sentence is back in front
    qtbot.waitUntil(lambda: window.sentence.isVisible())


@pytest.mark.parametrize("size", [LAPTOP, LARGE])
def test_the_comparison_and_the_tables_show_rows_enough_to_work_with(qtbot, app_settings, answers, sample_store,
                                                                     size):
    window = make_window(qtbot, answers, sample_store)
    _sized(qtbot, window, size)
    window.workspaces.actions_["compare"].trigger()
    table = window.compare.table
    qtbot.waitUntil(lambda: table.isVisible() and table.viewport().height() > 0)
    step = table.verticalHeader().defaultSectionSize()
    assert table.viewport().height() // step >= 15
    # The locality names of the matrix's header are whole (not clipped to “olton”, “ury”).
    header = table.horizontalHeader()
    assert header.height() >= max(header.sectionSizeFromContents(i).height() for i in range(header.count())) - 1
    window.workspaces.actions_["tables"].trigger()
    page = window.tables.pages["item"]
    window.tables.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.view.isVisible())
    assert page.view.viewport().height() // page.view.verticalHeader().defaultSectionSize() >= 15


def test_a_message_overlays_the_map_and_does_not_push_it_down(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    view = window.diagram.view
    before = (view.mapTo(window, QPoint(0, 0)), view.size(), view.transform().m11())
    window.on_intent(Intent("add", "stage", None, {"name": ""}))
    qtbot.waitUntil(window.message_bar.isVisible)
    assert window.message_bar.label.text()
    assert (view.mapTo(window, QPoint(0, 0)), view.size(), view.transform().m11()) == before
    bar = window.message_bar
    assert bar.width() == window.centralWidget().width()
    # Over the top of the circle, not over the stage and locality pickers.
    assert bar.geometry().top() == view.mapTo(window.centralWidget(), QPoint(0, 0)).y()


def _add_stage(qtbot, window, name: str) -> None:
    panel = window.diagram
    panel.add_stage_action.trigger()
    qtbot.waitUntil(panel.dialog.isVisible)
    qtbot.keyClicks(panel.dialog.name, name)
    panel.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_a_new_stage_is_shown_and_undo_and_redo_show_what_they_changed(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    graph, scene = window.document.graph, window.diagram.scene
    first, second = nodes_of(graph, "stage")[:2]
    assert scene.stage_id == first[1]
    _add_stage(qtbot, window, "Referral")
    referral = _named(graph, "stage", "Referral")
    assert scene.stage_id == referral[1] and window.diagram.stage_picker.currentData() == referral[1]
    qtbot.waitUntil(lambda: window.sentence.up_to_date and "Referral" in window.sentence.title)
    window.undo_action.trigger()  # the stage taken back: the view is on a stage that is there
    assert referral not in build_graph(window.document.store) and scene.stage_id in (first[1], second[1])
    window.redo_action.trigger()  # the stage back: shown, not an empty stage elsewhere
    assert scene.stage_id == referral[1]

    # An item added to the second stage; the user goes back to the first; undo shows the second stage losing it.
    window.diagram.stage_picker.setCurrentIndex(window.diagram.stage_picker.findData(second[1]))
    window.on_intent(Intent(
        "add", "need", (second[1], None), {"name": "Tenancy start dates", "purpose": "", "priority": "useful"}))
    item = _named(graph, "item", "Tenancy start dates")
    window.diagram.stage_picker.setCurrentIndex(window.diagram.stage_picker.findData(first[1]))
    assert scene.stage_id == first[1]
    window.undo_action.trigger()
    assert scene.stage_id == second[1] and item not in build_graph(window.document.store)
    window.diagram.stage_picker.setCurrentIndex(window.diagram.stage_picker.findData(first[1]))
    window.redo_action.trigger()
    assert scene.stage_id == second[1] and (second[1], item) in scene.nodes


def test_an_edit_in_the_circle_shown_stays_on_it(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    graph, scene = window.document.graph, window.diagram.scene
    shown = scene.stage_id
    item = next(k for (v, k) in scene.nodes if v == shown and k[0] == "item")
    wigan = _named(graph, "locality", "Wigan")
    window.on_intent(Intent(
        "set", "access", (item[1], wigan[1]), {"status": "accessible"}))
    window.undo_action.trigger()
    window.redo_action.trigger()
    assert scene.stage_id == shown


def test_dragging_a_node_moves_only_it_and_never_refits_the_view(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    view, scene = window.diagram.view, window.diagram.scene
    qtbot.waitUntil(view.whole_in_sight)
    graph = window.document.graph
    # The item nearest the edge of the view: dragged outwards, the circle grows beyond what was fitted.
    item = max((n for (v, k), n in scene.nodes.items() if k[0] == "item"), key=lambda n: abs(n.pos().x()))
    others = {k: n.pos() for (v, k), n in scene.nodes.items() if n is not item}
    transform, centre = view.transform(), view.mapToScene(view.viewport().rect().center())
    start = view.mapFromScene(item.pos())
    outward = QPoint(60 if item.pos().x() > 0 else -60, 40)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 7):
        qtbot.mouseMove(viewport, start + outward * step / 6)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + outward)
    qtbot.waitUntil(lambda: any(key == item.key for _view, key in graph.graph["positions"]))
    assert build_graph(window.document.store).graph["positions"] == graph.graph["positions"]
    assert view.transform() == transform
    now = view.mapToScene(view.viewport().rect().center())
    assert abs(now.x() - centre.x()) < 1 and abs(now.y() - centre.y()) < 1
    assert {k: n.pos() for (v, k), n in scene.nodes.items() if n is not item} == others
    window.undo_action.trigger()
    assert view.transform() == transform


def test_a_stage_of_more_than_sixty_items_is_drawn_as_its_pattern(qtbot, app_settings, answers, sample_store):
    stage = services.add_stage(sample_store, "National roll-out").created
    for n in range(75):
        item = services.add_item(sample_store, f"Record {n:02d}").created
        services.need_item(sample_store, stage[1], item[1])
    window = make_window(qtbot, answers, sample_store)
    _sized(qtbot, window, LAPTOP)
    panel, scene, view = window.diagram, window.diagram.scene, window.diagram.view
    panel.stage_picker.setCurrentIndex(panel.stage_picker.findData(stage[1]))
    items = [n for (v, k), n in scene.nodes.items() if v == stage[1] and k[0] == "item"]
    assert len(items) == 75
    assert all(not n.spec.named and n.name_rect().isEmpty() for n in items)
    assert all("Record" in n.toolTip() for n in items)  # each mark still says which item it is
    # Side by side round the ring, not a pile: no mark over another.
    marks = [(n.pos(), ITEM_SIZE * 1.2 * n.scale()) for n in items]  # each mark's centre and radius
    assert not any(QLineF(a, b).length() < ra + rb for i, (a, ra) in enumerate(marks) for b, rb in marks[i + 1:])
    hint = scene._hints[stage[1]]
    assert "75 data items" in hint.text()
    qtbot.waitUntil(view.whole_in_sight)
    # Back to a stage of the sample: its items are named again.
    panel.stage_picker.setCurrentIndex(0)
    assert all(n.spec.named for (v, k), n in scene.nodes.items() if k[0] == "item")
