"""The .needmap file: pragmas, every refusal leaving the file untouched, locking, migration, Save As."""

import sqlite3
import struct

import pytest

from models import services
from models.entities import Base
from models.errors import MapFileError, MapInUse, ReadOnlyMap
from models.graph import build_graph
from models.lock import lock_path
from models.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, MapStore


def pragma(path, name):
    con = sqlite3.connect(path)
    try:
        return con.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        con.close()


def test_a_new_map_is_a_document_file(tmp_path):
    store = MapStore.create(tmp_path / "m.needmap")
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    store.close()
    assert pragma(tmp_path / "m.needmap", "application_id") == APPLICATION_ID
    assert pragma(tmp_path / "m.needmap", "user_version") == SCHEMA_VERSION
    assert pragma(tmp_path / "m.needmap", "journal_mode") == "delete"
    graph = build_graph(MapStore.open(tmp_path / "m.needmap", read_only=True))
    assert sorted(graph.nodes[k]["name"] for k in graph if k[0] == "locality")[:2] == ["Bolton", "Bury"]
    assert [graph.nodes[k]["name"] for k in sorted((k for k in graph if k[0] == "stage"),
                                                   key=lambda k: graph.nodes[k]["position"])][0] == "Identification of need"


def test_create_never_overwrites(tmp_path):
    target = tmp_path / "m.needmap"
    target.write_bytes(b"precious")
    with pytest.raises(MapFileError, match="already a file"):
        MapStore.create(target)
    assert target.read_bytes() == b"precious"


def _other_apps_database(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('hello')")
    con.commit()
    con.close()


def _png(path):
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)


def _damaged(path):
    MapStore.create(path).close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xde\xad\xbe\xef" * 1024  # overwrite a page of the tables
    path.write_bytes(bytes(data))


def _newer(path):
    MapStore.create(path).close()
    data = bytearray(path.read_bytes())
    data[60:64] = struct.pack(">I", SCHEMA_VERSION + 1)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_bytes(b""), "is empty"),
    (_png, "not a database file"),
    (_other_apps_database, "another application"),
    (_damaged, "damaged"),
    (_newer, "newer version"),
    (lambda p: p.write_text("SQLite format 3\x00 but then text", encoding="latin-1"), "not a database file"),
])
@pytest.mark.parametrize("read_only", [False, True])
def test_bad_files_are_refused_untouched(tmp_path, make, message, read_only):
    path = tmp_path / "bad.needmap"
    make(path)
    before = path.read_bytes()
    with pytest.raises(MapFileError, match=message):
        MapStore.open(path, read_only=read_only)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.needmap"]  # no lock, journal or backup left


def test_a_missing_path_is_not_created(tmp_path):
    with pytest.raises(MapFileError, match="There is no file"):
        MapStore.open(tmp_path / "nothing.needmap")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(MapFileError, match="folder"):
        MapStore.open(tmp_path)


def test_a_second_window_is_offered_read_only(empty_store):
    with pytest.raises(MapInUse, match="read-only"):
        MapStore.open(empty_store.path)
    second = MapStore.open(empty_store.path, read_only=True)
    assert len(build_graph(second)) == len(build_graph(empty_store))
    with pytest.raises(ReadOnlyMap):
        services.add_stage(second, "Another stage")
    second.close()
    assert lock_path(empty_store.path).exists()  # closing the read-only copy keeps the editor's lock


def test_a_lock_left_by_a_crash_is_taken_over(tmp_path):
    path = tmp_path / "m.needmap"
    MapStore.create(path).close()
    import socket

    lock_path(path).write_text(f"someone,{socket.gethostname()},999999999,01/01/2026 10:00\n")
    store = MapStore.open(path)
    services.add_stage(store, "After the crash")
    store.close()
    assert not lock_path(path).exists()


def test_a_lock_from_another_machine_is_respected(tmp_path):
    path = tmp_path / "m.needmap"
    MapStore.create(path).close()
    lock_path(path).write_text("alice,another-host,1234,01/01/2026 10:00\n")
    with pytest.raises(MapInUse, match="alice on another-host"):
        MapStore.open(path)


V1_SCHEMA = """
CREATE TABLE map_info (id INTEGER PRIMARY KEY CHECK (id = 1), title TEXT NOT NULL, area TEXT NOT NULL,
    programme TEXT NOT NULL, notes TEXT NOT NULL);
CREATE TABLE stage (id INTEGER PRIMARY KEY, name VARCHAR(200) COLLATE NOCASE NOT NULL UNIQUE, aim TEXT NOT NULL,
    position INTEGER NOT NULL);
CREATE TABLE agency (id INTEGER PRIMARY KEY, name VARCHAR(200) COLLATE NOCASE NOT NULL UNIQUE,
    short_name TEXT NOT NULL, sector TEXT NOT NULL, contact TEXT NOT NULL);
CREATE TABLE locality (id INTEGER PRIMARY KEY, name VARCHAR(200) COLLATE NOCASE NOT NULL UNIQUE);
CREATE TABLE data_item (id INTEGER PRIMARY KEY, name VARCHAR(200) COLLATE NOCASE NOT NULL UNIQUE,
    description TEXT NOT NULL, holder_id INTEGER REFERENCES agency(id) ON DELETE SET NULL, personal BOOLEAN,
    nature VARCHAR(20), volume VARCHAR(20), identifier TEXT NOT NULL, granularity VARCHAR(20),
    months_in_arrears INTEGER, update_frequency TEXT NOT NULL, pseudonymised_ok BOOLEAN, legal_basis TEXT NOT NULL,
    consent_needed BOOLEAN, agreement_tier VARCHAR(20), agreement_reference TEXT NOT NULL);
CREATE TABLE need (stage_id INTEGER NOT NULL REFERENCES stage(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES data_item(id) ON DELETE CASCADE, purpose TEXT NOT NULL,
    priority VARCHAR(20) NOT NULL, PRIMARY KEY (stage_id, item_id));
CREATE TABLE access (item_id INTEGER NOT NULL REFERENCES data_item(id) ON DELETE CASCADE,
    locality_id INTEGER NOT NULL REFERENCES locality(id) ON DELETE CASCADE, status VARCHAR(20) NOT NULL,
    PRIMARY KEY (item_id, locality_id));
CREATE TABLE blockage (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES data_item(id) ON DELETE CASCADE,
    locality_id INTEGER REFERENCES locality(id) ON DELETE CASCADE, category VARCHAR(20) NOT NULL,
    reason TEXT NOT NULL, evidence TEXT NOT NULL);
CREATE TABLE action (id INTEGER PRIMARY KEY, blockage_id INTEGER NOT NULL REFERENCES blockage(id) ON DELETE CASCADE,
    step TEXT NOT NULL, level VARCHAR(20) NOT NULL, owner_body TEXT NOT NULL, owner_person TEXT NOT NULL,
    status VARCHAR(20) NOT NULL, due DATE);
INSERT INTO map_info VALUES (1, 'Old map', 'Greater Manchester', 'Community Budgets', '');
INSERT INTO stage VALUES (1, 'Identification of need', 'accurately identify families', 0);
INSERT INTO locality VALUES (1, 'Wigan');
INSERT INTO agency VALUES (1, 'Maternity services', 'NHS', 'Health', '');
INSERT INTO data_item (id, name, description, holder_id, identifier, update_frequency, legal_basis,
    agreement_reference) VALUES (1, 'Live birth notifications', '', 1, 'NHS number', 'Weekly', '', '');
INSERT INTO need VALUES (1, 1, 'find families early', 'essential');
INSERT INTO access VALUES (1, 1, 'blocked');
INSERT INTO blockage VALUES (1, 1, 1, 'legal', 'the trust has no sharing agreement with the council', '');
"""


def _version_1_map(path):
    con = sqlite3.connect(path)
    con.executescript(V1_SCHEMA)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()


def test_an_older_map_is_upgraded_after_a_backup(tmp_path):
    path = tmp_path / "old.needmap"
    _version_1_map(path)
    before = path.read_bytes()
    store = MapStore.open(path)
    backup = tmp_path / "old.v1-backup.needmap"
    assert backup.exists() and pragma(backup, "user_version") == 1
    assert pragma(backup, "application_id") == APPLICATION_ID
    graph = build_graph(store)
    assert graph.edges[("item", 1), ("locality", 1)]["status"] == "blocked"
    assert graph.edges[("item", 1), ("locality", 1)]["said_by"] == ""
    assert graph.edges[("stage", 1), ("item", 1)]["place"] == 1  # version 3: places follow the item ids
    services.set_positions(store, 1, {("item", 1): (10.0, 20.0)})  # the table version 2 added
    services.set_access(store, 1, 1, "partial", said_by="Data lead, Wigan Council")
    store.close()
    assert pragma(path, "user_version") == SCHEMA_VERSION
    assert before != path.read_bytes()


def test_a_failed_upgrade_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "old.needmap"
    _version_1_map(path)
    before = path.read_bytes()

    def half_then_fail(conn):
        conn.exec_driver_sql("ALTER TABLE access ADD COLUMN said_by TEXT NOT NULL DEFAULT ''")
        conn.exec_driver_sql("CREATE TABLE position (view INTEGER)")
        raise RuntimeError("disk full")

    monkeypatch.setitem(MIGRATIONS, 1, half_then_fail)
    with pytest.raises(MapFileError, match="could not be upgraded"):
        MapStore.open(path)
    assert path.read_bytes() == before  # the DDL was rolled back with the rest
    assert not lock_path(path).exists()
    assert (tmp_path / "old.v1-backup.needmap").exists()


def test_save_as_copies_everything_and_moves_on(sample_store, tmp_path):
    original = sample_store.path
    before = build_graph(sample_store)
    copy = sample_store.save_as(tmp_path / "copy.needmap")
    assert copy.path.name == "copy.needmap" and not copy.read_only
    assert copy.path.stat().st_mode & 0o044 == 0o044  # colleagues can open it
    after = build_graph(copy)
    assert sorted(after.edges) == sorted(before.edges)
    services.add_stage(copy, "Only in the copy")
    copy.close()
    assert not lock_path(original).exists()  # the original is released
    original_again = MapStore.open(original, read_only=True)
    assert "Only in the copy" not in {d.get("name") for _, d in build_graph(original_again).nodes(data=True)}
    original_again.close()


def test_an_edit_is_on_disk_at_once(empty_store):
    services.add_stage(empty_store, "Commissioning")
    con = sqlite3.connect(empty_store.path)
    assert con.execute("SELECT count(*) FROM stage WHERE name = 'Commissioning'").fetchone()[0] == 1
    con.close()


def test_every_table_is_in_a_new_map(tmp_path):
    store = MapStore.create(tmp_path / "m.needmap")
    with store.read() as conn:
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    store.close()
    assert set(Base.metadata.tables) <= tables


KILLED_MID_EDIT = """
import os, sys
from models.store import MapStore
from models import services
from models.entities import Stage
store = MapStore.open(sys.argv[1])
services.add_stage(store, "Saved before the crash")
with store.write() as session:
    session.add(Stage(name="Half written", aim="", position=9))
    session.flush()
    os._exit(9)  # killed in the middle of an edit: no commit, no close, the lock left behind
"""


def test_a_program_killed_mid_edit_loses_nothing_saved(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "m.needmap"
    MapStore.create(path).close()
    result = subprocess.run([sys.executable, "-c", KILLED_MID_EDIT, str(path)], capture_output=True, timeout=60)
    assert result.returncode == 9
    assert lock_path(path).exists()  # left by the killed program
    store = MapStore.open(path)  # the stale lock is taken over, the half edit rolled back
    names = {d["name"] for k, d in build_graph(store).nodes(data=True) if k[0] == "stage"}
    store.close()
    assert "Saved before the crash" in names and "Half written" not in names
    assert pragma(path, "integrity_check") == "ok"
    assert not (tmp_path / "m.needmap-journal").exists()


KILLED_WHILE_WRITING = """
import os, sys
from models.store import MapStore
from models import services
from models.entities import Stage
store = MapStore.open(sys.argv[1])
services.add_stage(store, "Saved before the crash")
store.connection.execute("PRAGMA cache_size=1")  # the edit's pages go to the file before it commits
with store.write() as session:
    session.add_all(Stage(name=f"Half written {n}", aim="x" * 500, position=9 + n) for n in range(200))
    session.flush()
    os._exit(9)  # killed as the edit was being written: the file holds part of it, the journal its undoing
"""


def _killed_mid_edit(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "m.needmap"
    MapStore.create(path).close()
    result = subprocess.run([sys.executable, "-c", KILLED_WHILE_WRITING, str(path)], capture_output=True, timeout=60)
    assert result.returncode == 9
    journal = tmp_path / "m.needmap-journal"
    assert journal.stat().st_size > 0  # a hot journal: the half edit is in the map file, its undoing beside it
    return path, journal


def test_reading_a_map_left_by_a_crash_reads_the_saved_map_and_changes_nothing(tmp_path):
    """Reading opens read-only, so it cannot roll the crashed edit back in the file: it used to call the sound
    map "damaged (attempt to write a readonly database)". It reads a private copy, rolled back there."""
    path, journal = _killed_mid_edit(tmp_path)
    before = (path.read_bytes(), journal.read_bytes())
    store = MapStore.open(path, read_only=True)
    names = {d["name"] for k, d in build_graph(store).nodes(data=True) if k[0] == "stage"}
    store.close()
    assert "Saved before the crash" in names and not any(n.startswith("Half written") for n in names)
    assert (path.read_bytes(), journal.read_bytes()) == before  # the user's file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["m.needmap", "m.needmap-journal", lock_path(path).name])


def test_the_command_line_reads_a_map_left_by_a_crash(tmp_path, capsys):
    from app.cli import main

    path, _journal = _killed_mid_edit(tmp_path)
    assert main(["check", str(path)]) == 0
    assert main(["summary", str(path)]) == 0
    assert "damaged" not in capsys.readouterr().err


def _torn_copy(tmp_path):
    """A copy taken while an edit was being saved, as a sync client copying a few KB at a time takes it: one page
    from before the edit, the rest after. Such a copy passes SQLite's quick check (which does not compare
    indexes with their rows): the copy holds a row its index does not."""
    from benchmarks.national import make_national_map

    path = tmp_path / "m.needmap"
    make_national_map(path, localities=3, items=400)
    before = path.read_bytes()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE data_item SET holder_id = holder_id % 40 + 1 WHERE id % 5 = 0")
    conn.close()
    after = path.read_bytes()
    size = 4096
    changed = [n for n in range(1, len(before) // size) if before[n * size:(n + 1) * size] != after[n * size:(n + 1) * size]]
    for page in changed:
        torn = bytearray(after)
        torn[page * size:(page + 1) * size] = before[page * size:(page + 1) * size]
        copy = tmp_path / "copy.needmap"
        copy.write_bytes(bytes(torn))
        if pragma(copy, "quick_check") == "ok" and pragma(copy, "integrity_check") != "ok":
            return copy
    raise AssertionError("no torn page found")


def test_a_copy_torn_while_the_map_was_being_saved_is_refused_on_opening(tmp_path):
    copy = _torn_copy(tmp_path)
    before = copy.read_bytes()
    for read_only in (True, False):
        with pytest.raises(MapFileError, match="is damaged .*missing from index.*copy taken while the map was "
                                               "being saved.*Save As"):
            MapStore.open(copy, read_only=read_only)
    assert copy.read_bytes() == before
    assert not lock_path(copy).exists()
