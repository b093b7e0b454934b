"""Merging maps: matched by name, near-duplicates reported not merged, conflicts listed, new file only."""

import shutil
from pathlib import Path

import pytest

from app.cli import main
from models import services
from models.analysis import status
from models.errors import MapError
from models.graph import build_graph
from models.merge import merge_maps
from models.store import MapStore


def _graph(path):
    store = MapStore.open(path, read_only=True)
    try:
        return build_graph(store)
    finally:
        store.close()


def _by_name(graph, kind):
    return {graph.nodes[k]["name"]: k for k in graph if k[0] == kind}


@pytest.fixture
def two_boroughs(empty_store, tmp_path):
    """Two small maps, as two boroughs might make them separately."""
    first_path = Path(empty_store.path)
    a = empty_store
    holder = services.add_agency(a, "Maternity services").created[1]
    item = services.add_item(a, "Live birth notifications", holder_id=holder).created[1]
    stage = services.ids_by_name(a, "stage")["identification of need"]
    services.need_item(a, stage, item, purpose="find families early")
    places = services.ids_by_name(a, "locality")
    services.set_access(a, item, places["bolton"], "accessible")
    services.set_access(a, item, places["wigan"], "blocked")
    blockage = services.add_blockage(a, item, places["wigan"], "legal", "no gateway").created[1]
    services.add_action(a, blockage, "ask DH", level="national", owner_body="Department of Health")
    a.close()
    second_path = tmp_path / "second.needmap"
    shutil.copyfile(first_path, second_path)
    b = MapStore.open(second_path)
    ids = services.ids_by_name(b, "item")
    services.set_access(b, ids["live birth notifications"], places["bolton"], "blocked")  # a conflict
    services.set_access(b, ids["live birth notifications"], places["bury"], "partial")  # new information
    services.add_item(b, "Live-birth notification")  # a near-duplicate
    services.add_item(b, "HMRC income")
    services.add_locality(b, "Blackpool")
    b.close()
    first = tmp_path / "first.needmap"
    shutil.copyfile(first_path, first)
    return first, second_path


def test_merge_matches_by_name_and_lists_conflicts(two_boroughs, tmp_path):
    first, second = two_boroughs
    out = tmp_path / "merged.needmap"
    before = [p.read_bytes() for p in (first, second)]
    report = merge_maps(out, [first, second])
    assert [p.read_bytes() for p in (first, second)] == before  # inputs only read
    graph = _graph(out)
    items, places = _by_name(graph, "item"), _by_name(graph, "locality")
    assert set(items) == {"Live birth notifications", "Live-birth notification", "HMRC income"}
    assert "Blackpool" in places and len(places) == 11
    births = items["Live birth notifications"]
    assert status(graph, births, places["Bolton"]) == "accessible"  # the first map's value kept...
    assert any("Bolton" in c and "accessible" in c and "blocked" in c for c in report.conflicts)  # ...and listed
    assert status(graph, births, places["Bury"]) == "partial"  # unknown in one, known in the other: no conflict
    assert status(graph, births, places["Wigan"]) == "blocked"
    assert len([b for b in graph if b[0] == "blockage"]) == 1  # the same blockage in both maps is one
    assert len([a for a in graph if a[0] == "action"]) == 1
    assert any("Live-birth notification" in d and "Live birth notifications" in d for d in report.near_duplicates)
    access = sum(1 for _, _, kind in graph.edges(data="kind") if kind == "access")
    summary = report.lines()[0]
    assert "11 localities" in summary and "3 data items" in summary and f"{access} access records" in summary
    assert "1 blockage," in summary and summary.endswith("1 action")


def test_merge_refuses_an_existing_output_and_writes_nothing_on_failure(two_boroughs, tmp_path):
    first, second = two_boroughs
    existing = tmp_path / "existing.needmap"
    existing.write_bytes(b"keep me")
    with pytest.raises(MapError, match="never overwrites"):
        merge_maps(existing, [first, second])
    assert existing.read_bytes() == b"keep me"
    bad = tmp_path / "bad.needmap"
    bad.write_text("not a map")
    out = tmp_path / "out.needmap"
    with pytest.raises(MapError, match="not a Circle of Need map"):
        merge_maps(out, [first, bad])
    assert not out.exists()
    with pytest.raises(MapError, match="twice"):
        merge_maps(out, [first, first])
    assert not out.exists()


def test_merge_case_insensitive_names(two_boroughs, tmp_path):
    first, second = two_boroughs
    store = MapStore.open(second)
    ident = services.ids_by_name(store, "item")["hmrc income"]
    services.edit_item(store, ident, name="hmrc INCOME")
    store.close()
    third = tmp_path / "third.needmap"
    shutil.copyfile(second, third)
    store = MapStore.open(third)
    services.edit_item(store, services.ids_by_name(store, "item")["hmrc income"], name="HMRC Income")
    store.close()
    out = tmp_path / "merged.needmap"
    merge_maps(out, [first, second, third])
    names = [n for n in _by_name(_graph(out), "item") if n.lower() == "hmrc income"]
    assert names == ["hmrc INCOME"]


def test_cli_merge(two_boroughs, tmp_path, capsys):
    first, second = two_boroughs
    out = tmp_path / "cli.needmap"
    assert main(["merge", str(out), str(first), str(second)]) == 0
    printed = capsys.readouterr().out
    assert "conflict:" in printed and "review:" in printed
    assert out.exists()
    assert main(["merge", str(out), str(first), str(second)]) == 1
    assert "never overwrites" in capsys.readouterr().err


def _dated_pair(empty_store, tmp_path, first_says, second_says):
    """The same data item in Wigan answered by two boroughs' maps: (status, said_on, with a blockage) each."""
    a = empty_store
    item = services.add_item(a, "Police records").created[1]
    wigan = services.ids_by_name(a, "locality")["wigan"]
    a.close()
    paths = []
    for name, (state, said_on, blocked) in (("first", first_says), ("second", second_says)):
        path = tmp_path / f"{name}.needmap"
        shutil.copyfile(a.path, path)
        store = MapStore.open(path)
        services.set_access(store, item, wigan, state, said_by=f"{name} lead", said_on=said_on)
        if blocked:
            blockage = services.add_blockage(store, item, wigan, "legal", "no protocol with the police").created[1]
            services.add_action(store, blockage, "agree a protocol", level="local")
        store.close()
        paths.append(path)
    return paths


def test_merge_keeps_the_access_answer_said_latest_whichever_map_it_is_in(empty_store, tmp_path):
    """A 2011 “accessible” given first used to win over a 2026 “blocked”."""
    first, second = _dated_pair(empty_store, tmp_path, ("accessible", "2011-03-01", False),
                                ("blocked", "2026-03-01", True))
    report = merge_maps(tmp_path / "merged.needmap", [first, second])
    graph = _graph(tmp_path / "merged.needmap")
    item, wigan = _by_name(graph, "item")["Police records"], _by_name(graph, "locality")["Wigan"]
    assert status(graph, item, wigan) == "blocked"
    assert graph.adj[item][wigan]["said_by"] == "second lead"
    assert any("“blocked” in second.needmap (said 2026-03-01 by second lead) but “accessible” in first.needmap "
               "(said 2011-03-01 by first lead); kept “blocked”, the later answer" in c for c in report.conflicts)


def test_merge_leaves_no_contradiction_for_check_when_the_later_answer_is_accessible(empty_store, tmp_path):
    from models.checks import check_map

    first, second = _dated_pair(empty_store, tmp_path, ("blocked", "2011-03-01", True),
                                ("accessible", "2026-03-01", False))
    report = merge_maps(tmp_path / "merged.needmap", [first, second])
    graph = _graph(tmp_path / "merged.needmap")
    item, wigan = _by_name(graph, "item")["Police records"], _by_name(graph, "locality")["Wigan"]
    assert status(graph, item, wigan) == "accessible"
    assert not [k for k in graph if k[0] in ("blockage", "action")]
    assert not [line for line in check_map(graph) if "marked accessible" in line]
    assert any("blockage of “Police records” in Wigan" in c and "left out" in c for c in report.conflicts)
