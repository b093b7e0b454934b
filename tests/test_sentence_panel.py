"""The sentence beside the diagram: always the sentence of the stage and locality shown, after every edit,
undo and redo, stage, locality and map; Copy (button and Ctrl+Shift+C) puts it on the clipboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QTextDocument

from app.commands import AccessCommand, RemoveCommand, push, remover
from models import analysis
from models.graph import nodes_of
from models.sentences import stage_sentence
from test_app_support import answers, app_settings, make_window  # noqa: F401


def shown(qtbot, window) -> str:
    """The words the panel shows (its rich text as plain text) once it has caught up (just after the
    change), checked against what Copy would copy."""
    qtbot.waitUntil(lambda: window.sentence.up_to_date)
    page = QTextDocument()
    page.setHtml(window.sentence.body.text())
    words = page.toPlainText().strip()
    if not window.sentence.journey and window.document is not None:
        assert words == window.sentence.text()
    return words


def expected(window) -> str:
    scene = window.diagram.scene
    return stage_sentence(window.document.graph, ("stage", scene.stage_id), scene.locality)


def _in_window(window, widget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _named(graph, kind, name):
    return next(k for k in graph if k[0] == kind and graph.nodes[k]["name"] == name)


@pytest.fixture
def window(qtbot, app_settings, answers, sample_store):
    return make_window(qtbot, answers, sample_store)


def test_the_sentence_is_in_sight_beside_the_diagram_when_a_map_opens(qtbot, window):
    panel, graph = window.sentence, window.document.graph
    assert window.sentence_dock.isVisible() and not panel.visibleRegion().isEmpty()
    assert window.dockWidgetArea(window.sentence_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.inspector is None  # the inspector, a tab behind the sentence, is built when first shown
    assert not _in_window(window, window.diagram.view).intersects(_in_window(window, panel))
    first = nodes_of(graph, "stage")[0]
    assert window.diagram.scene.stage_id == first[1]
    assert shown(qtbot, window) == stage_sentence(graph, first, None) != ""
    assert analysis.name(graph, first) in panel.title and "all 10 localities" in panel.title
    heading = QTextDocument()
    heading.setHtml(panel.heading.text())
    assert heading.toPlainText() == f"1. {analysis.name(graph, first)}\nin all 10 localities"
    assert panel.body.wordWrap()
    assert panel.body.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert panel.copy_button.accessibleName() and panel.copy_action.text()
    assert panel.copy_action in window.edit_menu.actions()


def test_the_sentence_follows_every_edit_undo_and_redo(qtbot, window):
    document, panel = window.document, window.sentence
    graph = document.graph
    bolton = _named(graph, "locality", "Bolton")
    picker = window.diagram.locality_picker
    picker.setCurrentIndex(picker.findData(bolton))
    assert window.diagram.scene.locality == bolton
    before = shown(qtbot, window)
    assert "Bolton" in panel.title
    assert before == expected(window) == stage_sentence(graph, ("stage", window.diagram.scene.stage_id), bolton)

    # An item of this stage that Bolton can use, marked blocked there: one undo step.
    stage = ("stage", window.diagram.scene.stage_id)
    item = next(i for i in analysis.needed_items(graph, stage) if analysis.status(graph, i, bolton) != "blocked")
    assert push(document, AccessCommand(document, "Mark blocked", item[1], bolton[1], "blocked"))
    after = shown(qtbot, window)
    assert after == expected(window) and after != before
    assert analysis.name(graph, item).lower()[:12] in after.lower()

    document.undo_stack.undo()
    assert shown(qtbot, window) == expected(window) == before
    document.undo_stack.redo()
    assert shown(qtbot, window) == expected(window) == after
    window.undo_action.trigger()  # Edit ▸ Undo as the user would
    assert shown(qtbot, window) == before

    # All localities again, then the next stage.
    picker.setCurrentIndex(picker.findData(None))
    assert shown(qtbot, window) == expected(window) == stage_sentence(graph, stage, None)
    window.diagram.next_action.trigger()
    second = nodes_of(graph, "stage")[1]
    assert window.diagram.scene.stage_id == second[1]
    assert shown(qtbot, window) == stage_sentence(graph, second, None)
    assert analysis.name(graph, second) in panel.title


def test_removing_the_stage_shown_shows_the_sentence_of_the_stage_that_takes_its_place(qtbot, window):
    document, graph = window.document, window.document.graph
    first, second = nodes_of(graph, "stage")[:2]
    assert push(document, RemoveCommand(document, "Remove stage", remover("stage"), first[1]))
    assert window.diagram.scene.stage_id == second[1]
    assert shown(qtbot, window) == stage_sentence(graph, second, None)
    document.undo_stack.undo()
    assert shown(qtbot, window) == expected(window)


def test_the_whole_journey_shows_every_stage_sentence(qtbot, window):
    graph = window.document.graph
    window.diagram.journey_action.trigger()
    assert window.diagram.scene.journey
    words = shown(qtbot, window)
    for stage in nodes_of(graph, "stage"):
        assert stage_sentence(graph, stage, None) in words
        assert stage_sentence(graph, stage, None) in window.sentence.text()
    assert "Whole journey" in window.sentence.title
    window.diagram.journey_action.trigger()
    assert shown(qtbot, window) == expected(window)


def test_copy_and_ctrl_shift_c_put_the_sentence_on_the_clipboard(qtbot, window):
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("something else")
    qtbot.mouseClick(window.sentence.copy_button, Qt.MouseButton.LeftButton)
    assert clipboard.text() == expected(window) == window.sentence.text()
    assert "Copied the sentence" in window.statusBar().currentMessage()
    clipboard.setText("something else")
    window.diagram.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert clipboard.text() == expected(window)


def test_another_map_opened_shows_its_own_sentence_and_no_map_none(qtbot, window, empty_store):
    window.show_map(empty_store)
    graph = window.document.graph
    first = nodes_of(graph, "stage")[0]
    assert shown(qtbot, window) == stage_sentence(graph, first, None)
    assert analysis.name(graph, first) in window.sentence.title
    window.close_map()
    assert window.sentence.text() == "" and not window.sentence.copy_action.isEnabled()
    assert "once a map is open" in shown(qtbot, window)


def test_a_layout_saved_before_the_sentence_existed_still_shows_it(qtbot, app_settings, answers, sample_store):
    from app import file_actions
    from app.main_window import MainWindow

    old = MainWindow()
    qtbot.addWidget(old)
    old.removeDockWidget(old.sentence_dock)  # as a window of the version before saved its layout
    file_actions.settings().setValue("window/state", old.saveState())
    window = make_window(qtbot, answers, sample_store)
    assert window.sentence_dock.isVisible() and not window.sentence.visibleRegion().isEmpty()
    assert shown(qtbot, window) == expected(window)
