"""Services: every edit validated, one transaction, a Change naming what changed; removals restorable."""

import datetime as dt
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import services as sv
from models.errors import InvalidInput, NotFound
from models.graph import build_graph, update_graph


def rows(store, sql):
    con = sqlite3.connect(store.path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def dump(store):
    """Every row of every table, to compare a map before and after."""
    con = sqlite3.connect(store.path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        con.close()


@pytest.fixture
def small(empty_store):
    """A map with one item held by one agency, needed at the first stage, blocked in Bolton."""
    agency = sv.add_agency(empty_store, "Maternity services", sector="Health").created[1]
    item = sv.add_item(empty_store, "Live birth notifications", holder_id=agency, personal=True).created[1]
    sv.need_item(empty_store, 1, item, "find families before the birth")
    sv.set_access(empty_store, item, 1, "blocked", said_by="Data lead", said_on="12/04/2011")
    blockage = sv.add_blockage(empty_store, item, 1, "legal", "the trust has no agreement").created[1]
    action = sv.add_action(empty_store, blockage, "agree a Tier 2 agreement", "local", "Bolton Council").created[1]
    return empty_store, agency, item, blockage, action


def test_a_change_names_what_it_changed(small):
    store, agency, item, blockage, action = small
    change = sv.edit_item(store, item, months_in_arrears="9", nature="Quantitative indicator")
    assert change.updated == {("item", item)}
    assert change.previous == {"months_in_arrears": None, "nature": None}
    assert rows(store, f"SELECT months_in_arrears, nature FROM data_item WHERE id={item}") == [(9, "quantitative")]
    assert sv.edit_stage(store, 1, aim="find families sooner").previous == {"aim": "accurately identify families"}


@pytest.mark.parametrize("call, message", [
    (lambda s, i: sv.add_stage(s, "   "), "needs a name"),
    (lambda s, i: sv.add_stage(s, "design OF support"), "already a stage"),
    (lambda s, i: sv.add_item(s, "x" * 201), "keep it under 200"),
    (lambda s, i: sv.edit_item(s, i, months_in_arrears="soon"), "whole number"),
    (lambda s, i: sv.edit_item(s, i, months_in_arrears=-1), "between 0 and 240"),
    (lambda s, i: sv.edit_item(s, i, granularity="street"), "not a granularity"),
    (lambda s, i: sv.edit_item(s, i, personal="perhaps"), "yes, no or left blank"),
    (lambda s, i: sv.set_access(s, i, 1, "open"), "not an access status"),
    (lambda s, i: sv.set_access(s, i, 1, "blocked", said_on="next Tuesday"), "not a date"),
    (lambda s, i: sv.add_blockage(s, i, None, "legal", "  "), "cannot be blank"),
    (lambda s, i: sv.add_blockage(s, i, None, "politics", "x"), "not a blockage category"),
    (lambda s, i: sv.need_item(s, 1, i), "already needs"),
    (lambda s, i: sv.edit_item(s, i, colour="red"), "not something that can be set"),
    (lambda s, i: sv.add_locality(s, "Wigan"), "already a locality"),
    (lambda s, i: sv.edit_item(s, i, description="x" * 100_001), "the most a map keeps"),
])
def test_bad_input_is_refused_with_a_message_and_writes_nothing(small, call, message):
    store, _, item, _, _ = small
    before = dump(store)
    with pytest.raises(InvalidInput, match=message):
        call(store, item)
    assert dump(store) == before


@pytest.mark.parametrize("call", [
    lambda s: sv.edit_stage(s, 999, name="x"),
    lambda s: sv.remove_item(s, 999),
    lambda s: sv.set_access(s, 999, 1, "blocked"),
    lambda s: sv.edit_item(s, 1, holder_id=999),
    lambda s: sv.add_action(s, 999, "do something"),
    lambda s: sv.add_blockage(s, 1, 999, "legal", "x"),
])
def test_unknown_ids_are_refused(small, call):
    store = small[0]
    before = dump(store)
    with pytest.raises(NotFound, match="no longer in the map"):
        call(store)
    assert dump(store) == before


def test_invisible_characters_are_cleaned_and_names_kept_to_one_line(empty_store):
    change = sv.add_item(empty_store, "Police\x07 call-outs\n to\taddresses", description="line one\nline\x00 two")
    assert rows(empty_store, f"SELECT name, description FROM data_item WHERE id={change.created[1]}") == [
        ("Police call-outs to addresses", "line one\nline two")]


@pytest.mark.parametrize("remove, kind", [
    (lambda s, ids: sv.remove_stage(s, 1), "stage"),
    (lambda s, ids: sv.remove_item(s, ids[2]), "item"),
    (lambda s, ids: sv.remove_agency(s, ids[1]), "agency"),
    (lambda s, ids: sv.remove_locality(s, 1), "locality"),
    (lambda s, ids: sv.remove_blockage(s, ids[3]), "blockage"),
    (lambda s, ids: sv.remove_action(s, ids[4]), "action"),
    (lambda s, ids: sv.drop_need(s, 1, ids[2]), "need"),
])
def test_a_removal_restores_exactly_with_the_same_ids(small, remove, kind):
    store = small[0]
    sv.set_positions(store, 1, {("item", small[2]): (5.0, 6.0), ("stage", 1): (0.0, 0.0)})
    before = dump(store)
    graph = build_graph(store)
    change = remove(store, small)
    assert change.snapshot
    assert dump(store) != before
    update_graph(graph, store, change)
    restored = sv.restore(store, change.snapshot)
    update_graph(graph, store, restored)
    assert dump(store) == before
    fresh = build_graph(store)
    assert dict(graph.nodes(data=True)) == dict(fresh.nodes(data=True))
    assert sorted(graph.edges(data=True), key=repr) == sorted(fresh.edges(data=True), key=repr)
    assert graph.graph == fresh.graph


def test_removing_an_item_takes_its_blockages_and_actions(small):
    store, _, item, blockage, action = small
    change = sv.remove_item(store, item)
    assert {("item", item), ("blockage", blockage), ("action", action)} <= change.removed
    assert rows(store, "SELECT count(*) FROM blockage") == [(0,)]
    assert rows(store, "SELECT count(*) FROM action") == [(0,)]


def test_removing_an_agency_leaves_its_items_without_holder(small):
    store, agency, item, _, _ = small
    change = sv.remove_agency(store, agency)
    assert ("item", item) in change.updated
    assert rows(store, f"SELECT holder_id FROM data_item WHERE id={item}") == [(None,)]


def test_stages_reorder(empty_store):
    names = lambda: [r[0] for r in rows(empty_store, "SELECT name FROM stage ORDER BY position")]  # noqa: E731
    change = sv.move_stage(empty_store, 4, 0)
    assert change.previous == {"index": 3}
    assert names()[0] == "Evaluation of impact"
    sv.add_stage(empty_store, "Referral", index=1)
    assert names()[:3] == ["Evaluation of impact", "Referral", "Identification of need"]


def test_unknown_access_with_nobody_saying_so_leaves_no_record(small):
    store, _, item, _, _ = small
    change = sv.set_access(store, item, 1, "unknown")
    assert change.previous == {"status": "blocked", "said_by": "Data lead", "said_on": dt.date(2011, 4, 12)}
    assert rows(store, "SELECT count(*) FROM access") == [(0,)]


def test_positions_are_kept_and_forgotten(small):
    store, _, item, _, _ = small
    sv.set_positions(store, 1, {("item", item): (1.5, 2.5)})
    change = sv.reset_layout(store, 1)
    assert change.previous == {("item", item): (1.5, 2.5)}
    assert rows(store, "SELECT count(*) FROM position") == [(0,)]


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names)
def test_any_name_is_either_kept_cleanly_or_refused_with_a_message(empty_store, name):
    try:
        change = sv.add_agency(empty_store, name)
    except InvalidInput as e:
        assert str(e).endswith(".")
        return
    stored = rows(empty_store, f"SELECT name FROM agency WHERE id={change.created[1]}")[0][0]
    assert stored == stored.strip() and stored and "\n" not in stored
    assert not any(ord(c) < 32 for c in stored)
    sv.remove_agency(empty_store, change.created[1])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["add_item", "need", "access", "block", "remove_item", "rename"]),
                          st.integers(0, 5), st.sampled_from(["accessible", "partial", "blocked", "unknown"])),
                max_size=15))
def test_the_graph_kept_up_to_date_equals_a_fresh_one(empty_store, steps):
    graph = build_graph(empty_store)
    for op, n, status in steps:
        items = sorted(k[1] for k in graph if k[0] == "item")
        try:
            if op == "add_item":
                change = sv.add_item(empty_store, f"Item {n}")
            elif not items:
                continue
            elif op == "need":
                change = sv.need_item(empty_store, 1 + n % 4, items[n % len(items)])
            elif op == "access":
                change = sv.set_access(empty_store, items[n % len(items)], 1 + n, status)
            elif op == "block":
                change = sv.add_blockage(empty_store, items[n % len(items)], None if n == 0 else n, "legal", "why")
            elif op == "remove_item":
                change = sv.remove_item(empty_store, items[n % len(items)])
            else:
                change = sv.edit_item(empty_store, items[n % len(items)], name=f"Renamed {n}")
        except InvalidInput:
            continue
        update_graph(graph, empty_store, change)
    fresh = build_graph(empty_store)
    assert dict(graph.nodes(data=True)) == dict(fresh.nodes(data=True))
    assert sorted(graph.edges(data=True), key=repr) == sorted(fresh.edges(data=True), key=repr)
    for item in [k for k in list(graph) if k[0] == "item"]:
        sv.remove_item(empty_store, item[1])
