"""The analysts' File-menu items: comparison workbook, borough input workbooks, filling in, merging; and
the compare view kept in step with the other panels."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox


from models.graph import build_graph, nodes_of
from models.store import MapStore
from test_app_support import Answers, answers, app_settings, dump, make_window  # noqa: F401
from views.intents import Intent


@pytest.fixture
def sample_path(sample_store):
    path = sample_store.path
    sample_store.close()
    return path


def test_export_comparison_from_the_menu(qtbot, app_settings, answers, sample_path, tmp_path):
    window = make_window(qtbot, answers, MapStore.open(sample_path))
    answers.save_path = str(tmp_path / "comparison")
    window.borough_actions["export_comparison"].trigger()
    book = openpyxl.load_workbook(tmp_path / "comparison.xlsx", read_only=True)
    assert len(book.sheetnames) >= 3


def test_a_borough_workbook_goes_out_and_comes_back(qtbot, app_settings, answers, sample_path, tmp_path,
                                                    monkeypatch):
    window = make_window(qtbot, answers, MapStore.open(sample_path))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("Wigan", True)))
    answers.save_path = str(tmp_path / "wigan.xlsx")
    window.borough_actions["write_borough_template"].trigger()
    assert (tmp_path / "wigan.xlsx").exists() and not answers.problems

    # Wigan now reports live birth notifications as accessible.
    book = openpyxl.load_workbook(tmp_path / "wigan.xlsx")
    sheet = next(ws for ws in book.worksheets if ws.sheet_state == "visible")
    header = [c.value for c in sheet[1]]
    status_column = next(n for n, h in enumerate(header) if h and "status" in str(h).lower())
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Live birth notifications"
               or any(c.value == "Live birth notifications" for c in r[:3]))
    row[status_column].value = "Accessible"
    book.save(tmp_path / "wigan.xlsx")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(tmp_path / "wigan.xlsx"),
                                                                                     "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    window.borough_actions["fill_from_workbook"].trigger()
    assert not answers.problems, answers.problems
    graph = window.document.graph
    births = next(k for k in nodes_of(graph, "item") if graph.nodes[k]["name"] == "Live birth notifications")
    wigan = next(k for k in nodes_of(graph, "locality") if graph.nodes[k]["name"] == "Wigan")
    assert graph.edges[births, wigan]["status"] == "accessible"
    fresh = build_graph(window.document.store)
    assert fresh.edges[births, wigan]["status"] == "accessible"
    # One undo step, naming the fill; undo takes all of it back, redo puts it again.
    stack = window.document.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Fill in Wigan from wigan.xlsx"
    stack.undo()
    assert build_graph(window.document.store).edges[births, wigan]["status"] != "accessible"
    stack.redo()
    assert build_graph(window.document.store).edges[births, wigan]["status"] == "accessible"


def test_a_fill_with_a_new_blockage_and_its_action_is_one_step(qtbot, app_settings, answers, sample_path, tmp_path,
                                                               monkeypatch):
    from exports.borough_template import HEADERS, write_template

    window = make_window(qtbot, answers, MapStore.open(sample_path))
    path = write_template(window.document.graph, "Wigan", tmp_path / "wigan.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Wigan"]
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == "School attendance")
    column = {h: n for n, h in enumerate(HEADERS, 1)}
    for header, value in (("Status", "Blocked"), ("Reason it is blocked", "The schools have not agreed"),
                          ("Category", "Organisational"), ("Action that would unblock it", "Ask the head teachers"),
                          ("Level", "Local"), ("Owner", "Wigan Council")):
        sheet.cell(row, column[header]).value = value
    book.save(path)
    before = dump(sample_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.borough_actions["fill_from_workbook"].trigger()
    assert not answers.problems, answers.problems
    graph = build_graph(window.document.store)
    reasons = {graph.nodes[b]["reason"]: b for b in nodes_of(graph, "blockage")}
    blockage = reasons["The schools have not agreed"]
    assert [graph.nodes[a]["step"] for a in graph.pred[blockage] if a[0] == "action"] == ["Ask the head teachers"]
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert dump(sample_path) == before


def test_a_stale_workbook_asks_before_overwriting_newer_answers(qtbot, app_settings, answers, sample_path, tmp_path,
                                                                monkeypatch):
    from exports.borough_template import HEADERS, write_template
    from models import services

    window = make_window(qtbot, answers, MapStore.open(sample_path))
    graph = window.document.graph
    births = next(k for k in nodes_of(graph, "item") if graph.nodes[k]["name"] == "Live birth notifications")
    wigan = next(k for k in nodes_of(graph, "locality") if graph.nodes[k]["name"] == "Wigan")
    then = graph.edges[births, wigan]["status"] if graph.has_edge(births, wigan) else "unknown"
    since, typed = [s for s in ("partial", "blocked", "accessible") if s != then][:2]
    path = write_template(graph, "Wigan", tmp_path / "wigan.xlsx")
    window.document.run(services.set_access, births[1], wigan[1], since)  # the map changes after it went out
    book = openpyxl.load_workbook(path)
    row = next(r[0].row for r in book["Wigan"].iter_rows(min_row=2) if r[0].value == "Live birth notifications")
    book["Wigan"].cell(row, HEADERS.index("Status") + 1).value = {"partial": "Partly accessible"}.get(
        typed, typed.capitalize())
    book.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    asked = []

    def cancel(box):
        asked.append(box.detailedText())
        return 0
    monkeypatch.setattr(QMessageBox, "exec", cancel)
    window.borough_actions["fill_from_workbook"].trigger()
    assert asked and "Live birth notifications, Status" in asked[0]
    assert build_graph(window.document.store).edges[births, wigan]["status"] == since  # kept: the user cancelled

    def overwrite(box):
        chosen = next(b for b in box.buttons() if b.text() == "Overwrite newer answers")
        monkeypatch.setattr(box, "clickedButton", lambda: chosen)
        return 0
    monkeypatch.setattr(QMessageBox, "exec", overwrite)
    window.borough_actions["fill_from_workbook"].trigger()
    assert build_graph(window.document.store).edges[births, wigan]["status"] == typed


def test_a_refused_workbook_changes_nothing(qtbot, app_settings, answers, sample_path, tmp_path, monkeypatch):
    window = make_window(qtbot, answers, MapStore.open(sample_path))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    before = dump(sample_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    window.borough_actions["fill_from_workbook"].trigger()
    assert answers.problems and answers.problems[-1][0] == "Cannot fill in the map"
    assert dump(sample_path) == before


def test_merging_two_maps_from_the_menu(qtbot, app_settings, answers, sample_store, empty_store, tmp_path,
                                        monkeypatch):
    paths = [str(sample_store.path), str(empty_store.path)]
    sample_store.close()
    empty_store.close()
    window = make_window(qtbot, answers)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (paths, "")))
    answers.save_path = str(tmp_path / "merged")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    window.borough_actions["merge_maps"].trigger()
    assert not answers.problems, answers.problems
    merged = MapStore.open(tmp_path / "merged.needmap", read_only=True)
    graph = build_graph(merged)
    merged.close()
    assert len(nodes_of(graph, "item")) == 28 and len(nodes_of(graph, "locality")) == 10


def test_the_compare_view_follows_edits_and_undo(qtbot, app_settings, answers, sample_path):
    window = make_window(qtbot, answers, MapStore.open(sample_path))
    graph = window.document.graph
    births = next(k for k in nodes_of(graph, "item") if graph.nodes[k]["name"] == "Live birth notifications")
    wigan = next(k for k in nodes_of(graph, "locality") if graph.nodes[k]["name"] == "Wigan")
    window.workspaces.show_workspace("compare")  # the comparison is built when it is first shown
    qtbot.waitUntil(lambda: window.compare is not None)
    window.compare.set_status(births, wigan, "accessible")  # a click in the matrix
    assert build_graph(window.document.store).edges[births, wigan]["status"] == "accessible"
    window.undo_action.trigger()
    assert build_graph(window.document.store).edges[births, wigan]["status"] == "blocked"
    window.on_intent(Intent("set", "access", (births[1], wigan[1]), {"status": "partial"}))
    assert graph.edges[births, wigan]["status"] == "partial"


def test_the_inspector_follows_the_locality_shown(qtbot, app_settings, answers, sample_path):
    window = make_window(qtbot, answers, MapStore.open(sample_path))
    window.inspector_dock.raise_()  # the inspector is built when it is first shown
    qtbot.waitUntil(lambda: window.inspector is not None)
    picker = window.diagram.locality_picker
    picker.setCurrentIndex(next(i for i in range(picker.count()) if picker.itemText(i).startswith("Wigan")))
    assert window.inspector.locality == next(k for k in nodes_of(window.document.graph, "locality")
                                             if window.document.graph.nodes[k]["name"] == "Wigan")


def test_borough_actions_are_in_the_file_menu(qtbot, app_settings, answers):
    window = make_window(qtbot, answers)
    names = [a.objectName() for a in window.file_menu.actions()]
    assert names.index("export_comparison") == names.index(window.picture_action.objectName()) + 1
    assert not window.borough_actions["fill_from_workbook"].isEnabled()  # no map open
    assert window.borough_actions["merge_maps"].isEnabled()

