"""Asks by who must act, ranked by impact: models.asks, on a map written from the 2011 report."""

import datetime as dt

import pytest

from models import analysis, asks
from models.graph import build_graph, nodes_of
from tests.report_map import make_report_map

TODAY = dt.date(2012, 1, 15)


@pytest.fixture
def graph(tmp_path):
    store = make_report_map(tmp_path / "three.needmap")
    try:
        yield build_graph(store)
    finally:
        store.close()


def named(graph, kind, name):
    return next(k for k in nodes_of(graph, kind) if graph.nodes[k]["name"] == name)


def items_of(graph, ask):
    return [graph.nodes[i]["name"] for i in ask.items]


def test_national_asks_are_national_actions_grouped_by_owner_body(graph):
    national = asks.asks_at(graph, "national", TODAY)
    assert {a.owner for a in national} == {"HMRC", "DWP", "DfE"}
    # Live births (solved in Bolton, local fixes) and A&E (a GM action) are not national asks.
    assert not any("Live birth notifications" in items_of(graph, a) for a in national)
    assert not any("A&E attendances" in items_of(graph, a) for a in national)
    dwp = next(a for a in national if a.owner == "DWP")  # partly accessible, still a national ask
    assert items_of(graph, dwp) == ["DWP out-of-work benefits"]
    assert [graph.nodes[loc]["name"] for loc in dwp.localities] == ["Bolton", "Bury", "Wigan"]
    assert [graph.nodes[s]["name"] for s in dwp.stages] == ["Identification of need", "Evaluation of impact"]
    assert (dwp.due, dwp.status, dwp.overdue) == (dt.date(2012, 4, 30), "in_progress", False)
    assert [owner for owner, _ in asks.by_owner(national)] == [a.owner for a in national]


def test_gm_asks_merge_the_same_action_and_local_asks_stand_under_their_locality(graph):
    gm = asks.asks_at(graph, "gm", TODAY)
    assert len(gm) == 1 and gm[0].owner == "DataGM" and len(gm[0].actions) == 2
    assert gm[0].status == "proposed" and gm[0].due == dt.date(2012, 3, 31)  # least advanced, earliest
    local = asks.by_locality(graph, asks.asks_at(graph, "local", TODAY))
    assert [(graph.nodes[loc]["name"], [a.owner for a in found]) for loc, found in local] == [
        ("Bury", ["Bury Council"]), ("Wigan", ["Wigan Council", ""])]  # and Wigan's anti-social behaviour: no ask yet
    bury = local[0][1][0]
    assert [graph.nodes[loc]["name"] for loc in bury.learn_from] == ["Bolton"]
    assert asks.learn_words(graph, bury) == "Bolton, which can access it in full"


def test_a_blockage_with_no_action_is_listed_under_the_level_its_reach_suggests(graph, tmp_path):
    found = asks.all_asks(graph, TODAY)
    wigan_asb = next(a for a in found if items_of(graph, a) == ["Anti-social behaviour incidents"])
    assert (wigan_asb.agreed, wigan_asb.level) == (False, "local")  # Bolton and Bury have it: learn from them
    assert asks.headline(graph, wigan_asb) == ("No ask agreed yet: anti-social behaviour incidents are only partly "
                                               "accessible in Wigan; learn from Bolton and Bury")
    assert asks.by_owner([wigan_asb]) == [(asks.NO_ASK, [wigan_asb])]


def test_actions_done_or_dropped_are_not_asks_and_leave_no_ask_agreed_yet(graph):
    hmrc = next(a for a in nodes_of(graph, "action") if graph.nodes[a]["owner_body"] == "HMRC")
    graph.nodes[hmrc]["status"] = "dropped"
    entry = next(a for a in asks.all_asks(graph, TODAY) if items_of(graph, a) == ["HMRC income"])
    assert (entry.agreed, entry.level) == (False, "national")  # recorded for every locality
    assert asks.headline(graph, entry) == "No ask agreed yet: HMRC income is blocked in Bolton, Bury and Wigan"


def test_ranking_weighs_stages_essential_needs_reach_and_lateness(graph):
    ranked = asks.all_asks(graph, TODAY)
    assert ranked == sorted(ranked, key=lambda a: -a.impact.score)
    # HMRC income, blocked in all three, before DWP benefits, essential at two stages but partly usable in all
    assert [items_of(graph, a) for a in ranked[:2]] == [["HMRC income"], ["DWP out-of-work benefits"]]
    assert ranked[1].impact.words(graph) == ("needed by 2 stages, essential for identification of need, "
                                             "partly accessible in 3 of 3 localities")
    hmrc = next(a for a in ranked if a.owner == "HMRC")
    later = next(a for a in asks.all_asks(graph, dt.date(2013, 3, 31)) if a.owner == "HMRC")
    assert later.impact.overdue_days == 365 and later.impact.score > hmrc.impact.score
    assert later.impact.words(graph).endswith("blocked in 3 of 3 localities, 12 months overdue")


def test_localities_helped_counts_partly_accessible_localities(graph):
    dwp = next(a for a in nodes_of(graph, "action") if graph.nodes[a]["owner_body"] == "DWP")
    assert [graph.nodes[loc]["name"] for loc in asks.localities_helped(graph, dwp)] == ["Bolton", "Bury", "Wigan"]
    dfe = next(a for a in nodes_of(graph, "action") if graph.nodes[a]["owner_body"] == "DfE")
    assert [graph.nodes[loc]["name"] for loc in asks.localities_helped(graph, dfe)] == ["Bolton", "Bury"]


def test_learn_from_is_full_access_only(graph):
    asb = named(graph, "item", "Anti-social behaviour incidents")
    assert [graph.nodes[loc]["name"] for loc in asks.learn_from(graph, asb)] == ["Bolton", "Bury"]
    attainment = named(graph, "item", "School attainment")
    assert [graph.nodes[loc]["name"] for loc in asks.learn_from(graph, attainment)] == ["Wigan"]


@pytest.mark.parametrize(("words", "plural"), [
    ("live birth notifications", True), ("HMRC income", False), ("police call-outs to family addresses", True),
    ("out-of-work benefits claimed", True), ("offender status", False), ("x and y", True)])
def test_is_plural(words, plural):
    assert asks.is_plural(words) is plural


def test_the_sample_national_asks_are_for_national_bodies(sample_graph):
    national = asks.asks_at(sample_graph, "national", TODAY)
    bodies = {a.owner for a in national if a.agreed}
    assert bodies and bodies <= {"HMRC", "DWP", "DfE", "Department of Health", "Home Office", "Ministry of Justice",
                                 "ICO", "Whitehall / DCLG"}
    assert all(analysis.name(sample_graph, i) != "Live birth notifications" for a in national for i in a.items)


def test_a_locality_blocked_with_no_reason_recorded_is_never_left_out(tmp_path):
    from tests.report_map import report_map_document
    from models.interchange import import_map

    document = report_map_document()
    document["blockages"] = [b for b in document["blockages"] if b["id"] != 2]  # Wigan's live births: no reason
    document["actions"] = [a for a in document["actions"] if a["blockage"] != 2]
    store = import_map(document, tmp_path / "m.needmap")
    graph = build_graph(store)
    store.close()
    found = [a for a in asks.all_asks(graph, TODAY) if items_of(graph, a) == ["Live birth notifications"]]
    unasked = next(a for a in found if not a.agreed)
    assert [graph.nodes[loc]["name"] for loc in unasked.localities] == ["Wigan"] and unasked.level == "local"
    assert asks.headline(graph, unasked) == ("No ask agreed yet: live birth notifications are blocked in Wigan; "
                                             "learn from Bolton")
    wigan = named(graph, "locality", "Wigan")
    assert any(not a.agreed for a in asks.all_asks(graph, TODAY, localities=[wigan]))


def test_a_blockage_recorded_for_every_locality_with_no_action_is_national_even_where_one_has_solved_it(graph):
    dfe = next(a for a in nodes_of(graph, "action") if graph.nodes[a]["owner_body"] == "DfE")
    graph.nodes[dfe]["status"] = "dropped"
    entry = next(a for a in asks.all_asks(graph, TODAY) if items_of(graph, a) == ["School attainment"])
    assert (entry.agreed, entry.level) == (False, "national")  # no borough can lift it alone
    assert [graph.nodes[loc]["name"] for loc in entry.learn_from] == ["Wigan"]
