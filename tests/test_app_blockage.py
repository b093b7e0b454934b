"""Saying why an item is blocked, from the window: Ctrl+B names the locality shown, records the blockage
there and marks the item blocked, as one undo step; marking accessible an item whose blockages are still
recorded says what remains and how to clear it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from models import analysis
from models.graph import nodes_of
from test_app_support import Answers, answers, app_settings, assert_in_step, dump, make_window  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


def _named(graph, kind: str, name: str):
    return next(k for k in graph if k[0] == kind and graph.nodes[k]["name"] == name)


def _window_on(qtbot, answers, store, item_name: str, locality_name: str | None):
    """The window on the sample map, the first stage shown in that locality (None: all), the item selected."""
    window = make_window(qtbot, answers, store)
    panel, graph = window.diagram, window.document.graph
    panel.scene.show_stage(nodes_of(graph, "stage")[0][1])
    locality = _named(graph, "locality", locality_name) if locality_name else None
    panel.show_locality(locality)
    item = _named(graph, "item", item_name)
    panel.select_node(item)
    panel.view.setFocus()
    return window, item, locality


def _ctrl_b(qtbot, window, reason: str, everywhere: bool = False):
    panel = window.diagram
    qtbot.keyClick(panel.view, Qt.Key.Key_B, CTRL)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    texts = (dialog.windowTitle(), dialog.question.text(), dialog.effect.text())
    qtbot.keyClicks(dialog.reason, reason)
    if everywhere:
        dialog.everywhere.setChecked(True)
        texts += (dialog.effect.text(),)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return texts


def _blockages(graph, item):
    return {b: (graph.nodes[b]["locality_id"], graph.nodes[b]["reason"]) for b in analysis.blockages_of(graph, item)}


def test_ctrl_b_in_a_locality_records_why_and_marks_it_blocked_as_one_step(qtbot, app_settings, answers,
                                                                           sample_store):
    window, item, wigan = _window_on(qtbot, answers, sample_store, "Domestic abuse incidents", "Wigan")
    document, graph, path = window.document, window.document.graph, sample_store.path
    stack = document.undo_stack
    assert analysis.status(graph, item, wigan) == "partial"
    before_blockages, before, steps = _blockages(graph, item), dump(path), stack.count()

    title, question, effect = _ctrl_b(qtbot, window, "no agreement with the police division")

    # The question whole in the form; the title bar, which cuts a long title mid-word, says only what it is.
    assert title == "Add a blockage" and question == "Why can't Wigan access “Domestic abuse incidents”?"
    assert "marks “Domestic abuse incidents” blocked in Wigan" in effect and "partly accessible now" in effect
    assert stack.count() == steps + 1  # one undo step for both
    assert analysis.status(graph, item, wigan) == "blocked"
    added = {b: v for b, v in _blockages(graph, item).items() if b not in before_blockages}
    assert list(added.values()) == [(wigan[1], "no agreement with the police division")]
    assert "blocked in Wigan" in stack.undoText()
    assert not window.message_bar.isVisible(), window.message_bar.label.text()
    assert_in_step(window)
    after = dump(path)

    window.undo_action.trigger()  # once: both gone, the earlier record (who said so, when) back
    assert dump(path) == before
    assert graph.edges[item, wigan]["status"] == "partial"
    assert graph.edges[item, wigan]["said_by"] == "Public protection lead, GMP Wigan division"
    assert _blockages(graph, item) == before_blockages
    assert_in_step(window)

    window.redo_action.trigger()  # both back, the blockage with the same id
    assert dump(path) == after
    assert analysis.status(graph, item, wigan) == "blocked"
    assert {b: v for b, v in _blockages(graph, item).items() if b not in before_blockages} == added
    assert_in_step(window)


def test_ctrl_b_on_an_item_already_blocked_keeps_who_said_so(qtbot, app_settings, answers, sample_store):
    window, item, wigan = _window_on(qtbot, answers, sample_store, "Live birth notifications", "Wigan")
    graph, stack = window.document.graph, window.document.undo_stack
    record = dict(graph.edges[item, wigan])
    count = len(_blockages(graph, item))

    _, _, effect = _ctrl_b(qtbot, window, "the trust's systems cannot export the notifications")

    assert "already marked blocked in Wigan" in effect
    assert window.diagram.dialog.category.currentData() == "technical"  # guessed from the words, as on the wall
    assert graph.edges[item, wigan] == record and len(_blockages(graph, item)) == count + 1
    stack.undo()
    assert len(_blockages(graph, item)) == count and graph.edges[item, wigan] == record


def test_ctrl_b_with_all_localities_shown_records_it_everywhere_and_leaves_access_alone(
        qtbot, app_settings, answers, sample_store):
    window, item, _ = _window_on(qtbot, answers, sample_store, "School attendance", None)
    graph, path, stack = window.document.graph, sample_store.path, window.document.undo_stack
    localities = nodes_of(graph, "locality")
    statuses, earlier = analysis.statuses(graph, item, localities), _blockages(graph, item)
    before = dump(path)

    title, question, effect = _ctrl_b(qtbot, window, "the DfE has withdrawn the data feed")

    assert "every locality" in question and title == "Add a blockage"
    assert "recorded for every locality" in effect and "access stays as it is" in effect
    assert not window.diagram.dialog.everywhere.isVisible()
    assert analysis.statuses(graph, item, localities) == statuses
    added = [v for b, v in _blockages(graph, item).items() if b not in earlier]
    assert added == [(None, "the DfE has withdrawn the data feed")]
    stack.undo()
    assert dump(path) == before


def test_a_national_blockage_from_one_locality_marks_only_that_locality_blocked(qtbot, app_settings, answers,
                                                                                 sample_store):
    window, item, wigan = _window_on(qtbot, answers, sample_store, "School attendance", "Wigan")
    graph = window.document.graph
    others = [k for k in nodes_of(graph, "locality") if k != wigan]
    statuses, earlier = analysis.statuses(graph, item, others), _blockages(graph, item)

    *_, effect = _ctrl_b(qtbot, window, "the DfE has withdrawn the data feed", everywhere=True)

    assert "every locality (a national blockage)" in effect and "other localities stays as it is" in effect
    assert analysis.status(graph, item, wigan) == "blocked"
    assert analysis.statuses(graph, item, others) == statuses
    added = [v for b, v in _blockages(graph, item).items() if b not in earlier]
    assert added == [(None, "the DfE has withdrawn the data feed")]


def test_ctrl_1_on_an_item_with_a_blockage_says_what_is_still_recorded(qtbot, app_settings, answers, sample_store):
    window, item, wigan = _window_on(qtbot, answers, sample_store, "Domestic abuse incidents", "Wigan")
    graph = window.document.graph
    _ctrl_b(qtbot, window, "no agreement with the police division")
    assert analysis.status(graph, item, wigan) == "blocked"

    qtbot.keyClick(window.diagram.view, Qt.Key.Key_1, CTRL)

    assert analysis.status(graph, item, wigan) == "accessible"  # marked as asked
    message = window.statusBar().currentMessage()
    assert message == ("“Domestic abuse incidents” marked accessible in Wigan; 1 blockage is still recorded "
                       "there — remove it in Tables ▸ Blockages once it no longer applies: “no agreement with "
                       "the police division”.")
    assert not window.message_bar.isVisible()  # not a refusal

    # Partly accessible with a blockage is a fair account: nothing to say.
    window.statusBar().clearMessage()
    qtbot.keyClick(window.diagram.view, Qt.Key.Key_2, CTRL)
    assert analysis.status(graph, item, wigan) == "partial" and window.statusBar().currentMessage() == ""


def test_marking_accessible_counts_blockages_recorded_for_every_locality(qtbot, app_settings, answers,
                                                                          sample_store):
    window, item, wigan = _window_on(qtbot, answers, sample_store, "Out-of-work benefits claimed", "Wigan")
    window.diagram.access_actions["accessible"].trigger()
    message = window.statusBar().currentMessage()
    assert "2 blockages are still recorded there" in message
    assert "“there is no legal gateway for DWP" in message and "recorded for every locality" in message
    assert "remove them" in message and "they no longer apply" in message
    assert analysis.status(window.document.graph, item, wigan) == "accessible"


def test_marking_accessible_with_nothing_recorded_says_nothing(qtbot, app_settings, answers, sample_store):
    window, item, wigan = _window_on(qtbot, answers, sample_store, "Domestic abuse incidents", "Wigan")
    qtbot.keyClick(window.diagram.view, Qt.Key.Key_1, CTRL)
    assert analysis.status(window.document.graph, item, wigan) == "accessible"
    assert window.statusBar().currentMessage() == ""
