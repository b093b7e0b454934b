"""Shared fixtures: every test gets its own map file, copied from templates built once per session."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything can import Qt

import shutil
from pathlib import Path

import pytest

from models.graph import build_graph
from models.interchange import import_map, read_json
from models.store import MapStore
from sample_maps import sample_path


TEST_FONT = ("DejaVu Sans", 9)  # Qt's own default offscreen; fonts-dejavu-core, installed by .ci/system-packages


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):
    """pytest-qt's QApplication, with one font set once before any widget or diagram font is made, so a
    test measures text the same whichever test ran first."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or qapp_cls(qapp_args)
    app.setApplicationName(pytestconfig.getini("qt_qapp_name"))
    app.setFont(QFont(*TEST_FONT))
    yield app


@pytest.fixture(scope="session")
def _templates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    MapStore.create(folder / "empty.needmap", title="Test map").close()
    import_map(read_json(sample_path("greater-manchester")), folder / "sample.needmap").close()
    return folder


def _copy(templates: Path, name: str, tmp_path: Path) -> MapStore:
    target = tmp_path / f"{name}.needmap"
    shutil.copyfile(templates / f"{name}.needmap", target)
    return MapStore.open(target)


@pytest.fixture
def empty_store(_templates, tmp_path):
    """A new map (the four default stages and the ten Greater Manchester boroughs), open for editing."""
    store = _copy(_templates, "empty", tmp_path)
    yield store
    store.close()


@pytest.fixture
def sample_store(_templates, tmp_path):
    """A copy of the Greater Manchester sample map, open for editing."""
    store = _copy(_templates, "sample", tmp_path)
    yield store
    store.close()


@pytest.fixture
def sample_graph(sample_store):
    return build_graph(sample_store)


@pytest.fixture
def document(sample_store, qapp):
    """The sample map as the window holds it: its graph and its undo stack."""
    from app.document import Document

    doc = Document(sample_store)
    yield doc
    doc.undo_stack.clear()
