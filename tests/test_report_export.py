"""Export report from the window: the dialog's choices, the report written in the background on a copy of the
map (the window stays live, edits made meanwhile stay out of it), Cancel, a report held open in Excel, and
Open / Show in folder once it is written."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices

from app import report_export
from exports.report import progress_steps
from exports import report
from models import services
from models.errors import MapStorageError
from models.files import write_beside
from models.graph import nodes_of
from models.store import MapStore
from test_app_support import Answers, answers, app_settings, make_window  # noqa: F401

WAIT = 60_000  # ms: the real report starts a worker process; generous for a slow machine


@pytest.fixture
def window(qtbot, app_settings, answers, sample_store):
    path = sample_store.path
    sample_store.close()
    window = make_window(qtbot, answers, MapStore.open(path))
    yield window
    for gate in GATES:  # a test that failed half-way leaves no thread behind
        gate.go.set()
    GATES.clear()
    report_export._stop_all()


def open_dialog(window, qtbot):
    window.report_action.trigger()
    dialog = window.report_export.dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def export(qtbot, dialog, target: Path) -> None:
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def wait_for(qtbot, dialog, state: str) -> None:
    qtbot.waitUntil(lambda: dialog.state == state, timeout=WAIT)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


def sentence_rows(path: Path) -> list[tuple]:
    rows = list(openpyxl.load_workbook(path)["Sentences by stage"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Stage")
    return [tuple(r[:3]) for r in rows[start + 1:] if any(v is not None for v in r)]


GATES: list[Gate] = []


class Gate:
    """Stands in for write_report: holds the report at its start (or at its `at`-th step) until the test
    lets it go, so that what the test does meanwhile surely happens while the report is being written."""

    def __init__(self, monkeypatch, at: int = 0, pictures: bool = False) -> None:
        self.reached, self.go = threading.Event(), threading.Event()
        self.at, self.pictures, self.calls = at, pictures, []
        GATES.append(self)
        real = report.write_report

        def held(graph, target, **options):
            self.calls.append(options)
            progress, count = options["progress"], [0]

            def step(words):
                count[0] += 1
                if count[0] == self.at:
                    self.reached.set()
                    self.go.wait(WAIT / 1000)
                progress(words)

            if not self.at:
                self.reached.set()
                self.go.wait(WAIT / 1000)
            return real(graph, target, **{**options, "progress": step, "pictures": self.pictures})

        monkeypatch.setattr(report, "write_report", held)


def test_the_dialog_starts_with_everything_chosen_and_the_file_beside_the_map(window, qtbot):
    dialog = open_dialog(window, qtbot)
    graph = window.document.graph
    assert dialog.localities.ticked() == [graph.nodes[k]["name"] for k in nodes_of(graph, "locality")]
    assert dialog.stages.ticked() == [graph.nodes[k]["name"] for k in nodes_of(graph, "stage")]
    choice = dialog.choice()
    assert choice.localities is None and choice.stages is None  # every one: the report says "all localities"
    assert Path(choice.target) == window.document.store.path.with_name(f"{window.document.store.path.stem} report.xlsx")
    assert dialog.export_button.isEnabled() and dialog.export_button.isDefault()
    qtbot.mouseClick(dialog.localities.none_button, Qt.MouseButton.LeftButton)
    assert not dialog.export_button.isEnabled() and "locality" in dialog.hint.text()
    qtbot.mouseClick(dialog.localities.all_button, Qt.MouseButton.LeftButton)
    assert dialog.export_button.isEnabled()
    for widget in (dialog.localities.list, dialog.stages.list, dialog.path, dialog.browse, dialog.export_button,
                   dialog.close_button, dialog.localities.all_button, dialog.stages.none_button):
        assert widget.accessibleName()
    window.report_action.trigger()  # again: the same dialog, with what was chosen in it
    assert window.report_export.dialog is dialog


def test_choose_asks_for_the_file_and_makes_it_a_workbook(window, qtbot, answers, tmp_path):
    dialog = open_dialog(window, qtbot)
    answers.save_path = str(tmp_path / "for the PLG")
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    assert dialog.path.text() == str(tmp_path / "for the PLG.xlsx")


def test_one_locality_and_one_stage_through_the_dialog(window, qtbot, tmp_path):
    dialog = open_dialog(window, qtbot)
    qtbot.mouseClick(dialog.localities.none_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.stages.none_button, Qt.MouseButton.LeftButton)
    dialog.localities.tick_only(["Wigan"])
    wigan = dialog.stages.list.findItems("Design of support", Qt.MatchFlag.MatchExactly)[0]
    dialog.stages.list.setCurrentItem(wigan)
    qtbot.keyClick(dialog.stages.list, Qt.Key.Key_Space)  # ticked from the keyboard
    assert dialog.stages.ticked() == ["Design of support"]
    steps: list[tuple[str, int]] = []
    shown = dialog.show_step
    dialog.show_step = lambda words, number: (steps.append((words, number)), shown(words, number))
    target = tmp_path / "wigan.xlsx"
    export(qtbot, dialog, target)
    assert dialog.state == "running" and not dialog.choices.isEnabled()
    wait_for(qtbot, dialog, "done")
    rows = sentence_rows(target)
    assert [r[:2] for r in rows] == [("Design of support", "Wigan")]
    # Every step was shown in order, and the bar was full at the end.
    assert [n for _, n in steps] == list(range(1, len(steps) + 1))
    assert "the blockage register" in [w for w, _ in steps]
    assert len(steps) == progress_steps(1)  # the bar knows how many steps there are
    assert dialog.bar.value() == dialog.bar.maximum() >= len(steps) - 1
    assert "wigan.xlsx" in dialog.message.text() and dialog.open_button.isVisible()
    assert leftovers(tmp_path) == []


def test_the_window_stays_live_while_the_report_is_written(window, qtbot, tmp_path, monkeypatch):
    gate = Gate(monkeypatch)
    dialog = open_dialog(window, qtbot)
    export(qtbot, dialog, tmp_path / "live.xlsx")
    qtbot.waitUntil(gate.reached.is_set)
    seen = []
    QTimer.singleShot(10, lambda: seen.append(window.report_export.running))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [True]  # the timer fired while the report was being written
    assert dialog.state == "running" and dialog.close_button.text() == "Cancel"
    gate.go.set()
    wait_for(qtbot, dialog, "done")
    assert (tmp_path / "live.xlsx").is_file()


def test_cancel_stops_the_report_and_leaves_no_file(window, qtbot, tmp_path, monkeypatch):
    gate = Gate(monkeypatch, at=4)  # inside the workbook: its half file is beside the target by then
    dialog = open_dialog(window, qtbot)
    target = tmp_path / "cancelled.xlsx"
    export(qtbot, dialog, target)
    qtbot.waitUntil(gate.reached.is_set)
    assert leftovers(tmp_path)  # the workbook is being written beside the target
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)  # "Cancel"
    assert dialog.isVisible() and dialog.step.text() == "Cancelling…"
    gate.go.set()
    wait_for(qtbot, dialog, "cancelled")
    assert not target.exists() and leftovers(tmp_path) == []
    assert "no report" in dialog.message.text().lower()
    qtbot.waitUntil(lambda: not report_export._RUNNING)
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing running now: Esc closes
    assert not dialog.isVisible()


def test_an_edit_made_while_the_report_is_written_stays_out_of_it(window, qtbot, tmp_path, monkeypatch):
    gate = Gate(monkeypatch)
    dialog = open_dialog(window, qtbot)
    dialog.stages.tick_only(["Design of support"])
    target = tmp_path / "before the edit.xlsx"
    export(qtbot, dialog, target)
    qtbot.waitUntil(gate.reached.is_set)
    document = window.document
    stage = next(k for k in nodes_of(document.graph, "stage") if document.graph.nodes[k]["name"] == "Design of support")
    document.run(services.edit_stage, stage[1], name="Designing the support")
    assert document.graph.nodes[stage]["name"] == "Designing the support"
    gate.go.set()
    wait_for(qtbot, dialog, "done")
    assert {r[0] for r in sentence_rows(target)} == {"Design of support"}


def test_a_report_open_in_excel_is_named_and_no_half_file_is_left(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "PLG report.xlsx"
    target.write_bytes(b"the report Excel has open")

    def held(_source, _target):
        raise PermissionError(13, "The process cannot access the file because it is being used by another "
                                  "process", str(_target))

    monkeypatch.setattr(os, "replace", held)
    Gate(monkeypatch).go.set()  # a fast report (no pictures), not held
    dialog = open_dialog(window, qtbot)
    export(qtbot, dialog, target)
    wait_for(qtbot, dialog, "failed")
    text = dialog.message.text()
    assert "“PLG report.xlsx” is open in another program (Excel?): close it there and try again." in text
    assert "WinError" not in text and "process cannot access" not in text
    assert target.read_bytes() == b"the report Excel has open" and leftovers(tmp_path) == []
    assert dialog.choices.isEnabled() and dialog.export_button.isEnabled()  # closed in Excel, try again
    monkeypatch.undo()
    Gate(monkeypatch).go.set()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, dialog, "done")
    assert openpyxl.load_workbook(target).sheetnames


def test_write_beside_says_which_file_another_program_holds(tmp_path, monkeypatch):
    target = tmp_path / "matrix.xlsx"
    target.write_text("earlier")
    monkeypatch.setattr(os, "replace", lambda *_a: (_ for _ in ()).throw(PermissionError(13, "Access is denied")))
    with pytest.raises(MapStorageError, match=r"^“matrix\.xlsx” is open in another program \(Excel\?\): close it there"):
        write_beside(target, lambda path: Path(path).write_text("new"), ".xlsx.part")
    assert target.read_text() == "earlier" and leftovers(tmp_path) == []
    with pytest.raises(MapStorageError, match=r"^“circle\.png” is open in another program: close"):
        write_beside(tmp_path / "circle.png", lambda path: Path(path).write_bytes(b"png"))


def test_open_and_show_in_folder_hand_the_report_to_the_system(window, qtbot, tmp_path, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    Gate(monkeypatch).go.set()
    dialog = open_dialog(window, qtbot)
    target = tmp_path / "to open.xlsx"
    export(qtbot, dialog, target)
    wait_for(qtbot, dialog, "done")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert [Path(u.toLocalFile()) for u in opened] == [target, tmp_path]
    # The next report starts in the folder this one went to.
    window.report_export.dialog.close()
    window.report_export = None
    again = open_dialog(window, qtbot)
    assert Path(again.path.text()).parent == tmp_path


def test_a_refused_report_says_why_in_the_dialog(window, qtbot, tmp_path):
    dialog = open_dialog(window, qtbot)
    export(qtbot, dialog, tmp_path / "no such folder" / "report.xlsx")
    wait_for(qtbot, dialog, "failed")
    assert "no such folder" in dialog.message.text() and not (tmp_path / "no such folder").exists()


def test_what_changed_since_is_worked_out_by_the_app_and_passed_on(window, qtbot, tmp_path, monkeypatch):
    """The snapshot plumbing alone, with a stand-in for models.snapshots: newest first, the newest chosen,
    "Nothing" at the end, and the Since given to write_report."""
    import sys
    import types

    class Snap:
        def __init__(self, ident, name, day):
            self.id, self.name, self.taken_at = ident, name, dt.datetime(2026, 3, day, 10, 0)

    made = [Snap(1, "January meeting", 1), Snap(2, "March meeting", 9)]
    line = types.SimpleNamespace(kind="stage", words="Stage “Finding the families” added")
    asked = []
    fake = types.SimpleNamespace(
        list_snapshots=lambda store: list(made),
        changes_since=lambda store, graph, ident, today: asked.append((graph, ident)) or [line])
    monkeypatch.setitem(sys.modules, "models.snapshots", fake)
    gate = Gate(monkeypatch)
    gate.go.set()
    dialog = open_dialog(window, qtbot)
    assert [dialog.since.itemText(i) for i in range(dialog.since.count())] == \
        ["March meeting — 9 March 2026", "January meeting — 1 March 2026", "Nothing (no comparison)"]
    assert dialog.since.currentIndex() == 0 and dialog.since.isVisibleTo(dialog)
    export(qtbot, dialog, tmp_path / "since.xlsx")
    wait_for(qtbot, dialog, "done")
    since = gate.calls[0]["since"]
    assert (since.name, since.taken_on, since.lines) == ("March meeting", dt.date(2026, 3, 9), (line,))
    assert asked[0][1] == 2 and asked[0][0] is not window.document.graph  # on the copy
    dialog.since.setCurrentIndex(dialog.since.count() - 1)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, dialog, "done")
    assert gate.calls[1]["since"] is None


def test_no_snapshot_choice_without_snapshots(window, qtbot):
    pytest.importorskip("models.snapshots")
    dialog = open_dialog(window, qtbot)
    assert not dialog.since.isVisibleTo(dialog) and dialog.choice().since is None


def test_the_report_says_what_changed_since_the_newest_snapshot(window, qtbot, tmp_path, monkeypatch):
    snapshots = pytest.importorskip("models.snapshots")
    document = window.document
    snapshots.take_snapshot(document.store, "Before the March meeting")
    stage = nodes_of(document.graph, "stage")[0]
    document.run(services.edit_stage, stage[1], name="Finding the families")
    snapshots.take_snapshot(document.store, "After the March meeting",
                            taken_at=dt.datetime.now() + dt.timedelta(minutes=1))
    gate = Gate(monkeypatch)
    gate.go.set()
    dialog = open_dialog(window, qtbot)
    assert dialog.since.currentText().startswith("After the March meeting")
    dialog.since.setCurrentIndex(1)
    assert dialog.since.currentText().startswith("Before the March meeting")
    export(qtbot, dialog, tmp_path / "since.xlsx")
    wait_for(qtbot, dialog, "done")
    since = gate.calls[0]["since"]
    assert since.name == "Before the March meeting" and since.lines
    book = openpyxl.load_workbook(tmp_path / "since.xlsx")
    words = " ".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "Before the March meeting" in words
