"""File ▸ New map: a form for the title, area and localities (the ten boroughs, none, or typed), then the
file, suggested in the user's documents folder — never the app's hidden data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QDialogButtonBox

from app import file_actions as files
from models.graph import build_graph, nodes_of
from models.vocabulary import GREATER_MANCHESTER
from test_app_support import Answers, answers, app_settings, make_window  # noqa: F401


@pytest.fixture
def documents(tmp_path, monkeypatch):
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(files, "documents_folder", lambda: folder)
    return folder


def _new_map(qtbot, window, title: str, choice: str, typed: str = "") -> None:
    window.new_action.trigger()
    dialog = window.new_map_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.title, title)
    dialog.choice[choice].click()
    for n, line in enumerate(typed.split("\n")):  # typed a line at a time, Enter between
        if n:
            qtbot.keyClick(dialog.typed, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.typed, line)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled(), dialog.hint.text()
    ok.click()


@pytest.mark.parametrize("choice, typed, wanted", [
    ("boroughs", "", list(GREATER_MANCHESTER)),
    ("none", "", []),
    ("typed", "Leeds\nBradford, Wakefield\n\nleeds", ["Bradford", "Leeds", "Wakefield"]),
])
def test_a_new_map_has_the_localities_chosen_and_is_suggested_in_documents(qtbot, app_settings, answers, documents,
                                                                           choice, typed, wanted):
    window = make_window(qtbot, answers)
    asked = []
    window.asker.save_path = lambda title, suggested, *rest: asked.append(suggested) or str(Path(suggested))
    _new_map(qtbot, window, "West Yorkshire pilot", choice, typed)
    assert asked == [str(documents / "West Yorkshire pilot.needmap")]
    qtbot.waitUntil(lambda: window.document is not None)
    graph = build_graph(window.document.store)
    assert sorted(graph.nodes[k]["name"] for k in nodes_of(graph, "locality")) == wanted
    assert graph.graph["map"]["title"] == "West Yorkshire pilot"
    assert len(nodes_of(graph, "stage")) == 4
    assert window.document.undo_stack.count() == 0  # the map as made: nothing to undo


def test_typed_localities_are_needed_before_ok(qtbot, app_settings, answers, documents):
    window = make_window(qtbot, answers)
    window.new_action.trigger()
    dialog = window.new_map_dialog
    qtbot.keyClicks(dialog.title, "Pilot")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.choice["typed"].click()
    assert not ok.isEnabled() and "one a line" in dialog.hint.text()
    qtbot.keyClicks(dialog.typed, "Leeds")
    assert ok.isEnabled()
    dialog.reject()
    assert window.document is None


def test_after_the_sample_the_file_dialogs_start_in_documents_not_the_apps_data_folder(qtbot, app_settings, answers,
                                                                                      documents, monkeypatch,
                                                                                      tmp_path):
    hidden = tmp_path / "data" / "Circle of Need"
    samples = hidden / "Samples"
    samples.mkdir(parents=True)
    monkeypatch.setattr(files, "samples_folder", lambda: samples)
    real = QStandardPaths.writableLocation
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda where: str(hidden) if where
                        == QStandardPaths.StandardLocation.AppDataLocation else real(where))
    window = make_window(qtbot, answers)
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None)
    assert Path(files.last_map()).parent == samples
    assert files._start_folder() == str(documents)
