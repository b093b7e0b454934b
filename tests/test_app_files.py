"""Files and errors in the window: open, samples, recent and last map, Save As, exports, read-only
when in use, files that are not maps, refused edits shown as messages, drops, remembered layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from app import file_actions as files
from app.main import open_window
from models.graph import nodes_of
from models.lock import lock_path
from models.store import MapStore
from test_app_support import Answers, answers, app_settings, dump, make_window  # noqa: F401
from views.intents import Intent


@pytest.fixture
def sample_path(sample_store):
    path = sample_store.path
    sample_store.close()
    return path


def test_open_sample_makes_the_users_copy_once_and_reopens_it(qtbot, app_settings, answers, tmp_path):
    window = make_window(qtbot, answers)
    assert window.stack.currentWidget() is window.welcome
    window.sample_action.trigger()
    first = window.document.store.path
    assert first.parent == tmp_path / "samples" and first.name == "greater-manchester.needmap"
    assert "Greater Manchester" in window.windowTitle() and first.name in window.windowTitle()
    assert len(nodes_of(window.document.graph, "stage")) == 4
    window.close_map()
    assert not lock_path(first).exists()  # the map was closed
    window.sample_action.trigger()
    assert window.document.store.path == first
    assert sorted(p.name for p in first.parent.iterdir() if p.suffix == ".needmap") == [first.name]


def test_the_last_map_is_reopened_and_listed_as_recent(qtbot, app_settings, answers, sample_path):
    window = make_window(qtbot, answers)
    assert window.open_path(sample_path)
    window.close()
    assert files.recent_files()[0] == str(sample_path)
    again = open_window()
    qtbot.addWidget(again)
    assert again.document is not None and again.document.store.path == sample_path
    again.recent_menu.aboutToShow.emit()
    assert [a.toolTip() for a in again.recent_menu.actions()] == [str(sample_path)]


def test_a_file_that_is_not_a_map_is_refused_with_its_message(qtbot, app_settings, answers, tmp_path):
    bogus = tmp_path / "notes.needmap"
    bogus.write_text("not a map at all, just some notes\n" * 20)
    window = make_window(qtbot, answers)
    answers.open_path = str(bogus)
    window.open_action.trigger()
    assert window.document is None and window.stack.currentWidget() is window.welcome
    assert len(answers.problems) == 1 and "notes.needmap" in answers.problems[0][1]
    assert bogus.read_text().startswith("not a map")


def test_a_map_in_use_is_offered_read_only_and_edits_are_disabled(qtbot, app_settings, answers, sample_path):
    holder = MapStore.open(sample_path)  # "another window"
    try:
        before = dump(sample_path)
        window = make_window(qtbot, answers)
        answers.read_only = False
        assert not window.open_path(sample_path)
        assert window.document is None
        answers.read_only = True
        assert window.open_path(sample_path)
        assert window.document.read_only and "read-only" in window.windowTitle()
        panel = window.diagram
        assert not panel.add_item_action.isEnabled() and not panel.remove_action.isEnabled()
        node = next(n for n in panel.scene.nodes.values() if n.key[0] == "item")
        assert not node.flags() & node.GraphicsItemFlag.ItemIsMovable
        window.on_intent(Intent("edit", "stage", nodes_of(window.document.graph, "stage")[0][1], {"name": "X"}))
        assert window.message_bar.isVisible() and "read-only" in window.message_bar.label.text()
        assert dump(sample_path) == before
    finally:
        holder.close()


def test_a_refused_edit_shows_the_service_message_and_changes_nothing(qtbot, app_settings, answers, sample_path):
    window = make_window(qtbot, answers, MapStore.open(sample_path))
    before = dump(sample_path)
    graph, panel = window.document.graph, window.diagram
    first, second = nodes_of(graph, "stage")[:2]
    panel.select_node(first)
    panel.rename_action.trigger()
    edit = panel.view.rename_edit
    edit.selectAll()
    qtbot.keyClicks(edit, graph.nodes[second]["name"])
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.message_bar.isVisible()
    assert "already a stage called" in window.message_bar.label.text()
    assert window.document.undo_stack.count() == 0 and dump(sample_path) == before
    # A blank data item name, through the add form.
    panel.add_item_action.trigger()
    panel.dialog.accept()
    assert "blank" in window.message_bar.label.text().lower() or "name" in window.message_bar.label.text().lower()
    assert window.document.undo_stack.count() == 0 and dump(sample_path) == before


def test_save_as_copies_the_map_and_later_edits_go_to_the_copy(qtbot, app_settings, answers, sample_path, tmp_path):
    window = make_window(qtbot, answers, MapStore.open(sample_path))
    target = tmp_path / "copy.needmap"
    answers.save_path = str(target)
    window.save_as_action.trigger()
    assert window.document.store.path == target and "copy.needmap" in window.windowTitle()
    assert dump(target) == dump(sample_path)
    stage = nodes_of(window.document.graph, "stage")[0]
    window.on_intent(Intent("edit", "stage", stage[1], {"name": "Finding families"}))
    assert ("Finding families",) in [r[1:2] for r in dump(target)["stage"]]
    assert ("Finding families",) not in [r[1:2] for r in dump(sample_path)["stage"]]
    assert not lock_path(sample_path).exists()


def test_export_picture_writes_the_circle_shown(qtbot, app_settings, answers, sample_path, tmp_path):
    window = make_window(qtbot, answers, MapStore.open(sample_path))
    target = tmp_path / "circle.png"
    answers.save_path = str(target)
    window.picture_action.trigger()
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    answers.save_path = str(tmp_path / "circle.gif")
    window.picture_action.trigger()
    assert answers.problems and ".png" in answers.problems[-1][1]


def test_export_report_writes_a_workbook(qtbot, app_settings, answers, sample_path, tmp_path):
    window = make_window(qtbot, answers, MapStore.open(sample_path))
    target = tmp_path / "report.xlsx"
    answers.save_path = str(target)
    window.report_action.trigger()
    dialog = window.report_export.dialog  # the choices and the progress: tests/test_report_export.py
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=60_000)
    import openpyxl

    book = openpyxl.load_workbook(target)
    assert len(book.sheetnames) > 1


def test_dropping_a_map_opens_it(qtbot, app_settings, answers, sample_path):
    window = make_window(qtbot, answers)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.document is not None)
    assert window.document.store.path == sample_path


def test_close_map_returns_to_the_welcome_page_and_frees_the_file(qtbot, app_settings, answers, sample_path):
    window = make_window(qtbot, answers, MapStore.open(sample_path))
    assert lock_path(sample_path).exists()
    window.close_action.trigger()
    assert window.document is None and window.stack.currentWidget() is window.welcome
    assert not lock_path(sample_path).exists()
    assert window.welcome.recent.count() == 1


def test_the_window_layout_is_remembered(qtbot, app_settings, answers):
    window = make_window(qtbot, answers)
    window.history_dock.hide()
    window.close()
    assert files.settings().value("window/state") is not None
    again = make_window(qtbot, answers)
    assert again.history_dock.isHidden()
    assert Path(app_settings).is_dir() and any(Path(app_settings).rglob("*"))


def test_a_closed_map_no_longer_reaches_the_window(qtbot, app_settings, answers, sample_path):
    from PySide6.QtCore import SIGNAL

    window = make_window(qtbot, answers)
    assert window.open_path(sample_path)
    stack = window.document.undo_stack
    wired = {name: stack.receivers(SIGNAL(name)) for name in ("cleanChanged(bool)", "indexChanged(int)")}
    assert all(wired.values())
    window.close_map()
    assert {name: stack.receivers(SIGNAL(name)) for name in wired} == dict.fromkeys(wired, 0)
    stack.indexChanged.emit(3)  # an old stack's last words change nothing in the window
    assert window.windowTitle() == "Circle of Need" and not window.undo_action.isEnabled()


def test_a_file_problem_is_said_but_a_bug_reaches_the_error_handler(qtbot, app_settings, answers, monkeypatch,
                                                                    capsys):
    import sys

    from app.main import error_hook
    from models.errors import MapFileError

    window = make_window(qtbot, answers)
    said = []
    monkeypatch.setattr(files, "copy_sample", lambda name: (_ for _ in ()).throw(MapFileError("No room on the disk.")))
    window.sample_action.trigger()
    assert answers.problems == [("Cannot open the sample", "No room on the disk.")]

    def bug(name):
        raise AttributeError("'NoneType' object has no attribute 'path'\nmore detail")

    monkeypatch.setattr(files, "copy_sample", bug)
    old_hook, sys.excepthook = sys.excepthook, error_hook(lambda: window, lambda parent, text: said.append(text))
    try:
        window.sample_action.trigger()  # a slot that raises, as when a user picks the menu item
    finally:
        sys.excepthook = old_hook
    assert len(answers.problems) == 1  # a bug is not dressed up as a file problem
    assert said == ["Something went wrong: 'NoneType' object has no attribute 'path'. Your map is saved."]
    assert "Traceback" in capsys.readouterr().err and window.isVisible()


def test_the_sample_from_the_command_line_is_the_users_own_copy(qtbot, app_settings):
    from app.main import open_window

    first = open_window(sample="greater-manchester")
    qtbot.addWidget(first)
    path = first.document.store.path
    first.on_intent(Intent("add", "stage", values={"name": "Referral"}))
    first.close_map()
    again = open_window(sample="greater-manchester")
    qtbot.addWidget(again)
    assert again.document.store.path == path
    graph = again.document.graph
    assert "Referral" in {graph.nodes[k]["name"] for k in nodes_of(graph, "stage")}
    again.close_map()
