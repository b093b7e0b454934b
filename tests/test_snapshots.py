"""Snapshots (a map marked as reported) and what changed since one: the model, the file upgrade, the commands."""

import datetime as dt
import sqlite3

import pytest

from app.cli import main
from models import services as sv
from models import snapshots as sn
from models.errors import InvalidInput, MapFileError, NotFound
from models.graph import build_graph, nodes_of
from models.interchange import export_map
from models.store import APPLICATION_ID, SCHEMA_VERSION, MapStore

MEETING = dt.datetime(2011, 11, 14, 10, 30)
NEXT_DAY = dt.date(2011, 11, 15)


def ids(store, kind):
    return sv.ids_by_name(store, kind)


def pragma(path, name):
    con = sqlite3.connect(path)
    try:
        return con.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        con.close()


def dump(path):
    """Every row of every table of a map file."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def action_named(graph, start):
    return next(a for a in nodes_of(graph, "action") if graph.nodes[a]["step"].startswith(start))


def test_a_snapshot_keeps_the_whole_map_and_lists_oldest_first(sample_store, sample_graph):
    first = sn.take_snapshot(sample_store, "PLG 14 November 2011", taken_at=MEETING)
    assert first.kind == "snapshot taken" and first.created[0] == "snapshot"
    assert not first.updated and not first.removed  # no graph node: the graph has nothing to redo
    sn.take_snapshot(sample_store, "PLG 12 December 2011", sample_graph, taken_at=dt.datetime(2011, 12, 12, 10))
    sn.take_snapshot(sample_store, "Before the workshop", taken_at=dt.datetime(2011, 10, 3, 9))
    assert [s.name for s in sn.list_snapshots(sample_store)] == [
        "Before the workshop", "PLG 14 November 2011", "PLG 12 December 2011"]
    assert sn.latest_snapshot(sample_store).name == "PLG 12 December 2011"
    taken = sn.find_snapshot(sample_store, "plg 14 NOVEMBER 2011")
    assert taken == sn.Snapshot(first.created[1], "PLG 14 November 2011", MEETING)
    assert sn.snapshot_document(sample_store, "PLG 14 November 2011") == export_map(sample_graph)
    assert sn.snapshot_document(sample_store, taken.id) == export_map(sample_graph)


def test_no_snapshot_yet(sample_store):
    assert sn.list_snapshots(sample_store) == [] and sn.latest_snapshot(sample_store) is None
    with pytest.raises(InvalidInput, match="There is no snapshot called “PLG”; this map has: none yet."):
        sn.snapshot_document(sample_store, "PLG")


@pytest.mark.parametrize("name, message", [
    ("", "A snapshot needs a name"),
    ("   \t ", "A snapshot needs a name"),
    ("plg 14 NOVEMBER 2011", "There is already a snapshot called “PLG 14 November 2011”; choose another name."),
    ("x" * 201, "201 characters long; keep it to 200 or fewer"),
])
def test_refused_names_change_nothing(sample_store, name, message):
    sn.take_snapshot(sample_store, "PLG 14 November 2011", taken_at=MEETING)
    with pytest.raises(InvalidInput, match=message):
        sn.take_snapshot(sample_store, name)
    other = sn.take_snapshot(sample_store, "PLG December").created[1]
    with pytest.raises(InvalidInput, match=message):
        sn.rename_snapshot(sample_store, other, name)
    assert [s.name for s in sn.list_snapshots(sample_store)] == ["PLG 14 November 2011", "PLG December"]


def test_a_name_of_200_characters_and_a_case_only_rename_are_taken(sample_store):
    sn.take_snapshot(sample_store, "y" * 200)
    change = sn.rename_snapshot(sample_store, "Y" * 200, "PLG 14 november 2011")
    assert change.previous == {"name": "y" * 200}
    sn.rename_snapshot(sample_store, "plg 14 november 2011", "PLG 14 November 2011")  # its own name, in other case
    assert [s.name for s in sn.list_snapshots(sample_store)] == ["PLG 14 November 2011"]


def test_unicode_names_clash_in_any_case(sample_store):
    sn.take_snapshot(sample_store, "Réunion PLG")
    with pytest.raises(InvalidInput, match="already a snapshot called “Réunion PLG”"):
        sn.take_snapshot(sample_store, "RÉUNION plg")


def test_rename_and_delete_and_undo_of_a_delete(sample_store, sample_graph):
    ident = sn.take_snapshot(sample_store, "PLG 14 November 2011", taken_at=MEETING).created[1]
    sn.rename_snapshot(sample_store, ident, "  PLG   November  ")
    assert sn.find_snapshot(sample_store, ident).name == "PLG November"
    gone = sn.delete_snapshot(sample_store, "plg november")
    assert sn.list_snapshots(sample_store) == []
    with pytest.raises(NotFound):
        sn.delete_snapshot(sample_store, ident)
    sv.restore(sample_store, gone.snapshot)  # the window's undo of a deletion
    assert sn.list_snapshots(sample_store) == [sn.Snapshot(ident, "PLG November", MEETING)]
    assert sn.snapshot_document(sample_store, ident) == export_map(sample_graph)


def test_snapshots_are_read_from_a_map_open_read_only(sample_store):
    sn.take_snapshot(sample_store, "PLG 14 November 2011", taken_at=MEETING)
    reader = MapStore.open(sample_store.path, read_only=True)
    try:
        assert [s.name for s in sn.list_snapshots(reader)] == ["PLG 14 November 2011"]
        assert sn.changes_since(reader, build_graph(reader), "PLG 14 November 2011", NEXT_DAY) == []
    finally:
        reader.close()


def test_what_changed_since_names_each_edit_in_the_users_words(sample_store):
    sn.take_snapshot(sample_store, "PLG 14 November 2011", taken_at=MEETING)
    items, places = ids(sample_store, "item"), ids(sample_store, "locality")
    graph = build_graph(sample_store)
    assert graph.edges[("item", items["school attainment"]), ("locality", places["wigan"])]["status"] == "accessible"
    sv.set_access(sample_store, items["school attainment"], places["wigan"], "blocked")
    blockage = sv.add_blockage(sample_store, items["school attainment"], places["wigan"], "technical",
                               "the school census cannot be matched to council records").created[1]
    bolton = action_named(graph, "ask Bolton's Caldicott guardian")
    sv.edit_action(sample_store, bolton[1], status="done")
    sv.add_action(sample_store, blockage, "agree a common identifier with schools", owner_body="Wigan Council",
                  due="01/11/2011")
    sv.remove_item(sample_store, items["youth offending"])

    lines = sn.changes_since(sample_store, build_graph(sample_store), "PLG 14 November 2011", NEXT_DAY)
    new_action = "Agree a common identifier with schools (Wigan Council) — for School attainment in Wigan"
    assert lines == [
        sn.ChangeLine("blocked", "School attainment: now blocked in Wigan (was accessible)", "School attainment",
                      "now blocked in Wigan (was accessible)"),
        sn.ChangeLine("overdue", f"{new_action}: due 1 November 2011"),
        sn.ChangeLine("action done", "Ask Bolton's Caldicott guardian to explain to the Bury trust the legal basis on "
                                     "which Bolton's maternity services share live birth notifications "
                                     "(Bolton Council) — for Live birth notifications in Bury"),
        sn.ChangeLine("blockage added", "School attainment in Wigan — technical: the school census cannot be matched "
                                        "to council records"),
        sn.ChangeLine("action added", new_action),
        sn.ChangeLine("item removed", "Youth offending"),
    ]


def test_access_moves_each_way(sample_store):
    sn.take_snapshot(sample_store, "Before", taken_at=MEETING)
    items, places = ids(sample_store, "item"), ids(sample_store, "locality")
    births = items["live birth notifications"]
    # Before: Wigan blocked, Manchester partial, Bolton accessible, Rochdale unknown, Salford accessible.
    sv.set_access(sample_store, births, places["wigan"], "partial")
    sv.set_access(sample_store, births, places["manchester"], "accessible")
    sv.set_access(sample_store, births, places["bolton"], "partial")
    sv.set_access(sample_store, births, places["rochdale"], "accessible")
    sv.set_access(sample_store, births, places["salford"], "unknown")
    lines = sn.changes_since(sample_store, build_graph(sample_store), "before", NEXT_DAY)
    assert [(line.kind, line.words) for line in lines] == [
        ("unblocked", "Live birth notifications: no longer blocked in Wigan (now partly accessible)"),
        ("improved", "Live birth notifications: now accessible in Manchester (was partly accessible)"),
        ("worsened", "Live birth notifications: now only partly accessible in Bolton (was accessible)"),
        ("known", "Live birth notifications: now known to be accessible in Rochdale"),
        ("no longer known", "Live birth notifications: no longer known in Salford (was accessible)"),
    ]


def test_an_action_becomes_overdue_with_time_alone(sample_store, sample_graph):
    sn.take_snapshot(sample_store, "PLG 14 November 2011", taken_at=MEETING)
    dues = {a: sample_graph.nodes[a]["due"] for a in nodes_of(sample_graph, "action")
            if sample_graph.nodes[a]["status"] not in ("done", "dropped") and sample_graph.nodes[a]["due"]}
    later = dt.date(2011, 12, 1)
    expected = {a for a, due in dues.items() if MEETING.date() <= due < later}
    assert expected and any(due < MEETING.date() for due in dues.values())  # late already at the meeting: not news
    lines = sn.changes_since(sample_store, sample_graph, "PLG 14 November 2011", later)
    assert {line.kind for line in lines} == {"overdue"}
    assert len(lines) == len(expected)
    for action in expected:
        step = sample_graph.nodes[action]["step"]
        assert any(line.words.startswith(step[:1].upper() + step[1:]) for line in lines)
    # Done since: no longer counted as overdue, and said to be done.
    sv.edit_action(sample_store, next(iter(expected))[1], status="done")
    lines = sn.changes_since(sample_store, build_graph(sample_store), "PLG 14 November 2011", later)
    assert [line.kind for line in lines].count("overdue") == len(expected) - 1
    assert [line.kind for line in lines][-1] == "action done"


def test_changes_between_documents_by_names_in_any_case(sample_graph):
    before = export_map(sample_graph)
    after = export_map(sample_graph)
    for entry in after["access"]:  # the same map with every name's case changed compares equal…
        entry["data_item"], entry["locality"] = entry["data_item"].upper(), entry["locality"].lower()
    assert sn.changes_between(before, after, NEXT_DAY, since=MEETING.date()) == []
    after["stages"].append({"name": "Commissioning", "aim": "commission services"})
    after["localities"].append({"name": "Cheshire East"})
    after["stages"] = [s for s in after["stages"] if s["name"] != "Evaluation of impact"]
    after["actions"][0]["status"] = "dropped"
    after["data_items"].append({"name": "Council tax arrears", "holder": None})
    after["access"] += [{"data_item": "council tax arrears", "locality": place, "status": "blocked"}
                        for place in ("Wigan", "Bolton")]
    lines = sn.changes_between(before, after, NEXT_DAY, since=MEETING.date())
    assert [line.kind for line in lines] == ["action dropped", "item added", "stage added", "stage removed",
                                             "locality added"]
    assert lines[1].words == "Council tax arrears (blocked in Bolton, Wigan)"
    assert (lines[1].item, lines[1].what) == ("Council tax arrears", "added to the map (blocked in Bolton, Wigan)")


def test_a_version_3_map_is_upgraded_keeping_its_content(sample_store, tmp_path):
    sample_store.close()
    path = sample_store.path
    con = sqlite3.connect(path)
    con.execute("DROP TABLE snapshot")  # version 3 was version 4 without snapshots
    con.execute("PRAGMA user_version = 3")
    con.commit()
    con.close()
    before = dump(path)
    reader = MapStore.open(path, read_only=True)  # read through a private upgraded copy; the file untouched
    try:
        assert sn.list_snapshots(reader) == [] and len(nodes_of(build_graph(reader), "item")) == 28
    finally:
        reader.close()
    assert dump(path) == before and pragma(path, "user_version") == 3
    assert not path.with_name(f"{path.stem}.v3-backup.needmap").exists()
    store = MapStore.open(path)
    try:
        backup = path.with_name(f"{path.stem}.v3-backup.needmap")
        assert dump(backup) == before and pragma(backup, "user_version") == 3
        after = dump(path)
        assert after.pop("snapshot") == [] and after == before
        assert pragma(path, "user_version") == SCHEMA_VERSION == 4
        assert pragma(path, "application_id") == APPLICATION_ID
        graph = build_graph(store)
        assert len(nodes_of(graph, "item")) == 28 and len(nodes_of(graph, "blockage")) == 32
        sn.take_snapshot(store, "First after the upgrade", graph)
        assert sn.snapshot_document(store, "first after the upgrade") == export_map(graph)
    finally:
        store.close()


# ---- the command line -----------------------------------------------------------------------


def cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_snapshot_and_changes_commands(sample_store, capsys):
    path = sample_store.path
    sample_store.close()
    code, out, err = cli(capsys, "changes", path)
    assert code == 1 and err.count("\n") == 1
    assert "has no snapshot to compare with yet; take one with: circle-of-need snapshot" in err
    code, out, _ = cli(capsys, "snapshot", path, "--list")
    assert code == 0 and "no snapshots yet" in out

    code, out, err = cli(capsys, "snapshot", path, "--name", "PLG 14 November 2011")
    assert code == 0, err
    assert out.startswith(f"Marked {path.name} as reported (snapshot “PLG 14 November 2011”, taken ")
    code, _, err = cli(capsys, "snapshot", path, "--name", "plg 14 november 2011")
    assert code == 1 and "There is already a snapshot called “PLG 14 November 2011”" in err
    today = dt.date.today()
    code, out, _ = cli(capsys, "changes", path)
    assert code == 0
    assert out == f"Nothing has changed since “PLG 14 November 2011” (taken {today.day} {today:%B %Y}).\n"

    store = MapStore.open(path)
    items, places = ids(store, "item"), ids(store, "locality")
    sv.set_access(store, items["school attainment"], places["wigan"], "blocked")
    sv.remove_item(store, items["youth offending"])
    store.close()
    code, out, _ = cli(capsys, "changes", path, "--since", "plg 14 NOVEMBER 2011")
    assert code == 0
    assert out == (f"Changes since “PLG 14 November 2011” (taken {today.day} {today:%B %Y})\n"
                   "\nNewly blocked\n  School attainment: now blocked in Wigan (was accessible)\n"
                   "\nData items removed\n  Youth offending\n")

    code, out, _ = cli(capsys, "snapshot", path, "--rename", "plg 14 november 2011", "--to", "PLG November")
    assert code == 0 and out == "Renamed snapshot “PLG 14 November 2011” to “PLG November”\n"
    code, _, err = cli(capsys, "snapshot", path, "--rename", "PLG November")
    assert code == 1 and "--to NEW" in err
    code, out, _ = cli(capsys, "snapshot", path, "--list")
    assert out.startswith("PLG November — taken ")
    code, _, err = cli(capsys, "changes", path, "--since", "PLG October")
    assert code == 1 and err == "circle-of-need: There is no snapshot called “PLG October”; this map has: PLG November.\n"
    code, out, _ = cli(capsys, "snapshot", path, "--delete", "PLG November")
    assert code == 0 and out.startswith("Deleted snapshot “PLG November”")
    store = MapStore.open(path, read_only=True)
    try:
        assert sn.list_snapshots(store) == []
        assert len(nodes_of(build_graph(store), "item")) == 27  # the map itself is as it was
    finally:
        store.close()
