"""The words the window shows: undo entries name what they changed, and nothing is cut mid-word (the history,
dialog titles, combo boxes)."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QStyle, QStyleOptionComboBox

from models.graph import build_graph, nodes_of
from test_app_support import Answers, answers, app_settings, make_window  # noqa: F401
from views.intents import Intent, cut_at_word


def _named(graph, kind: str, name: str):
    return next(k for k in graph if k[0] == kind and graph.nodes[k]["name"] == name)


def _ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_undo_entries_name_the_item_they_changed(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    panel, graph, stack = window.diagram, window.document.graph, window.document.undo_stack
    scene = panel.scene
    births = _named(graph, "item", "Live birth notifications")
    stage = graph.nodes[("stage", scene.stage_id)]["name"]

    panel.select_node(births)  # all localities shown: a blockage for every locality
    panel.blockage_action.trigger()
    qtbot.keyClicks(panel.dialog.reason, "No gateway in law")
    _ok(panel.dialog)
    assert stack.undoText() == "Add blockage to “Live birth notifications”"
    blockage = max(k for k in nodes_of(graph, "blockage"))
    assert build_graph(window.document.store).nodes[blockage]["reason"] == "No gateway in law"

    panel.ask_action(blockage)
    qtbot.keyClicks(panel.dialog.step, "Ask the ICO")
    _ok(panel.dialog)
    assert stack.undoText() == "Add action “Ask the ICO” to unblock “Live birth notifications”"

    node = scene.node_at(births, scene.stage_id)
    start = node.pos()
    node.setPos(start + QPointF(30, 20))
    scene.finish_drag([(node, start)])  # as a mouse release ends a drag
    assert stack.undoText() == f"Move layout of “Live birth notifications” in “{stage}”"
    panel.reset_action.trigger()
    assert stack.undoText() == f"Reset layout of “{stage}”"
    assert dict(build_graph(window.document.store).graph["positions"]) == {}
    window.undo_action.trigger()
    assert window.undo_action.text() == f"&Undo Move layout of “Live birth notifications” in “{stage}”"


def test_long_names_are_cut_at_a_word_in_the_history(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    long = " ".join(["Multi-agency safeguarding hub referrals"] * 5)
    window.on_intent(Intent("add", "stage", None, {"name": long}))
    text = window.document.undo_stack.undoText()
    assert len(text) <= 120 and text.endswith("…”")
    shown_words = text[len("Add stage “"):-2].split()
    assert shown_words == long.split()[:len(shown_words)]  # every word whole
    assert cut_at_word("a" * 200, 50).endswith("…") and len(cut_at_word("a" * 200, 50)) <= 50


def test_dialog_titles_are_short_and_the_names_are_in_the_form(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    panel, graph = window.diagram, window.document.graph
    offender = _named(graph, "item", "Offender status of adults in the family")
    wigan = _named(graph, "locality", "Wigan")
    panel.show_locality(wigan)
    panel.select_node(offender)
    for open_form, words in ((panel.ask_add_item, graph.nodes[("stage", panel.scene.stage_id)]["name"]),
                             (panel.ask_blockage, "Offender status of adults in the family")):
        dialog = open_form()
        qtbot.waitUntil(dialog.isVisible)
        title = dialog.windowTitle()
        assert len(title) <= 20 and dialog.fontMetrics().horizontalAdvance(title) < dialog.width() / 2
        assert words in dialog.question.text() and dialog.question.wordWrap()
        dialog.reject()


def test_combo_boxes_show_their_entries_whole(qtbot, app_settings, answers, sample_store):
    window = make_window(qtbot, answers, sample_store)
    window.resize(1366, 768)
    window.workspaces.actions_["compare"].trigger()
    window.workspaces.actions_["tables"].trigger()
    window.tables.setCurrentWidget(window.tables.pages["blockage"])
    combos = [c for c in window.compare.findChildren(QComboBox) + window.tables.pages["blockage"].findChildren(QComboBox)
              if not c.isEditable()]
    assert combos

    def cut() -> list[tuple[str, str, int]]:
        found = []
        for combo in combos:
            widest = max((combo.itemText(i) for i in range(combo.count())),
                         key=combo.fontMetrics().horizontalAdvance, default="")
            wide = combo.fontMetrics().horizontalAdvance(widest)
            if wide < 300:  # a national list's longest names may be cut: the list that drops down shows them
                option = QStyleOptionComboBox()
                combo.initStyleOption(option)
                field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                                     QStyle.SubControl.SC_ComboBoxEditField, combo)
                if field.width() < wide:
                    found.append((combo.accessibleName(), widest, field.width()))
        return found

    qtbot.waitUntil(lambda: not cut())
