"""A map another program is writing to: edits, undo and redo are refused in words, and the undo history
never claims what the map does not hold."""

import sqlite3

import pytest

from app.commands import AddCommand, push
from app.document import Document
from models import services
from models.errors import MapStorageError
from models.graph import build_graph


@pytest.fixture
def document(qapp, empty_store):
    doc = Document(empty_store)
    raw = empty_store.engine.raw_connection()
    raw.driver_connection.execute("PRAGMA busy_timeout=50")  # fail fast in the test
    raw.close()
    yield doc
    doc.undo_stack.clear()


@pytest.fixture
def other_program(empty_store):
    """Another connection holding the write lock until released."""
    con = sqlite3.connect(empty_store.path, isolation_level=None)

    class Holder:
        def take(self):
            con.execute("BEGIN IMMEDIATE")

        def release(self):
            con.execute("ROLLBACK")

    yield Holder()
    con.close()


def stage_names(store):
    graph = build_graph(store)
    return {graph.nodes[k]["name"] for k in graph if k[0] == "stage"}


def test_an_edit_on_a_locked_map_is_refused_in_words(document, other_program):
    errors = []
    document.error.connect(errors.append)
    other_program.take()
    with pytest.raises(MapStorageError, match="busy"):
        services.add_stage(document.store, "Referral")
    assert not push(document, AddCommand(document, "Add stage", services.add_stage, name="Referral"))
    assert errors and "busy" in errors[-1] and document.undo_stack.count() == 0
    other_program.release()
    assert "Referral" not in stage_names(document.store)


def test_an_undo_that_cannot_be_saved_leaves_the_history_truthful(document, other_program):
    errors = []
    document.error.connect(errors.append)
    assert push(document, AddCommand(document, "Add stage “Referral”", services.add_stage, name="Referral"))
    other_program.take()
    document.undo_stack.undo()
    other_program.release()
    assert errors and errors[-1].startswith("Could not undo “Add stage “Referral””")
    assert "Referral" in stage_names(document.store)  # still in the map…
    assert "Referral" in {d.get("name") for _, d in document.graph.nodes(data=True)}  # …and on screen
    assert not document.undo_stack.canRedo()  # the history does not claim it was undone
