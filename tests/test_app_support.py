"""Fixtures for the window tests (imported by them): settings and sample copies kept in a temp folder,
a main window on a fresh map, and a dump of the whole database to compare states with."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from models.graph import build_graph
from models.store import MapStore


@pytest.fixture
def app_settings(tmp_path, monkeypatch, qapp):
    """QSettings and the samples folder in a temp folder: tests never touch the user's settings."""
    folder = tmp_path / "settings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    from app import file_actions

    samples = tmp_path / "samples"
    samples.mkdir()
    monkeypatch.setattr(file_actions, "samples_folder", lambda: samples)
    return folder


class Answers:
    """Answers the window's questions (file names, read-only) instead of a person; records problems."""

    def __init__(self) -> None:
        self.open_path = None
        self.save_path = None
        self.read_only = False
        self.problems: list[tuple[str, str]] = []


@pytest.fixture
def answers():
    return Answers()


def make_window(qtbot, answers, store=None):
    from app.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.asker.open_path = lambda: answers.open_path
    window.asker.save_path = lambda *a, **k: answers.save_path
    window.asker.read_only = lambda message: answers.read_only
    window.asker.problem = lambda title, message: answers.problems.append((title, message))
    if store is not None:
        window.show_map(store)
    window.resize(1200, 800)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts reach only the active window
    return window


def dump(path) -> dict[str, list[tuple]]:
    """Every row of every table of a map file, sorted, read through a second read-only store."""
    store = MapStore.open(path, read_only=True)
    try:
        with store.read() as conn:
            tables = [r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            return {t: sorted(map(tuple, conn.exec_driver_sql(f"SELECT * FROM {t}")), key=repr) for t in tables}
    finally:
        store.close()


def graph_state(graph):
    return ({k: dict(v) for k, v in graph.nodes(data=True)}, sorted(graph.edges(data="kind"), key=repr),
            dict(graph.graph["positions"]), dict(graph.graph["map"]))


def assert_in_step(window):
    """The document's graph, the diagram and the tables agree with the database."""
    document = window.document
    fresh = build_graph(document.store)
    assert graph_state(document.graph) == graph_state(fresh)
    scene = window.diagram.scene
    from models.analysis import circle
    from models.layout import circle_layout

    for view in ([k[1] for k in fresh if k[0] == "stage"] if scene.journey else [scene.stage_id]):
        if view is None:
            continue
        stage = ("stage", view)
        drawn = circle(fresh, stage, scene.locality)
        wanted = {stage} | {i.key for i in drawn.items} | set(drawn.holders)
        assert {k for v, k in scene.nodes if v == view} == wanted
        layout = circle_layout(fresh, stage)
        ox, oy = scene.offset(view)
        for key in wanted:
            node = scene.nodes[(view, key)]
            at = scene.place(*layout[key])  # the desktop draws the laid-out circle wider than tall
            assert (round(node.x() - ox, 1), round(node.y() - oy, 1)) == tuple(round(c, 1) for c in at)
        for entry in drawn.items:
            assert scene.nodes[(view, entry.key)].spec.status == entry.status
    if window.tables is not None:
        for kind, model in window.tables.models.items():
            if kind in ("stage", "item", "agency", "locality", "blockage", "action"):
                assert model.rowCount() == sum(1 for k in fresh if k[0] == kind), kind
