"""Pure analysis over the graph, checked against the access records of the sample map."""

from collections import Counter

from models import analysis, asks
from models.graph import nodes_of
from models.interchange import read_json
from sample_maps import sample_path


def by_name(graph, kind, name):
    return next(k for k in nodes_of(graph, kind) if graph.nodes[k]["name"] == name)


def records():
    document = read_json(sample_path("greater-manchester"))
    return {(a["data_item"], a["locality"]): a["status"] for a in document["access"]}


def test_the_matrix_equals_the_access_records(sample_graph):
    items, localities, cells = analysis.locality_matrix(sample_graph)
    name = sample_graph.nodes
    shown = {(name[i]["name"], name[loc]["name"]): s for (i, loc), s in cells.items() if s != "unknown"}
    assert shown == {k: v for k, v in records().items() if v != "unknown"}
    assert len(items) == 28 and len(localities) == 10


def test_a_circle_in_one_locality_and_across_all(sample_graph):
    stage, wigan = by_name(sample_graph, "stage", "Identification of need"), by_name(sample_graph, "locality", "Wigan")
    births = by_name(sample_graph, "item", "Live birth notifications")
    one = analysis.circle(sample_graph, stage, wigan)
    entry = next(i for i in one.items if i.key == births)
    assert entry.status == "blocked" and entry.counts["blocked"] == 1 and entry.blockages
    every = analysis.circle(sample_graph, stage)
    entry = next(i for i in every.items if i.key == births)
    expected = Counter(s for (item, _), s in records().items() if item == "Live birth notifications")
    assert {s: n for s, n in entry.counts.items() if n} == dict(expected)
    assert entry.status == "partial"
    assert [i.priority for i in every.items] == sorted(i.priority for i in every.items)  # essential first


def test_who_has_solved_says_who_to_ask(sample_graph):
    from models.compare import who_has_solved

    found = {sample_graph.nodes[v.item]["name"]: v for v in who_has_solved(sample_graph)}
    births = found["Live birth notifications"]
    names = lambda keys: sorted(sample_graph.nodes[k]["name"] for k in keys)  # noqa: E731
    assert "Bolton" in names(births.accessible) and "Wigan" in names(births.blocked)
    assert "HMRC household income" not in found  # blocked everywhere: nobody has solved it


def test_actions_grouped_by_level_then_owner(sample_graph):
    grouped = analysis.actions_by_level(sample_graph)
    assert list(grouped) == ["local", "gm", "national"]
    for level, owners in grouped.items():
        for owner, actions in owners.items():
            for action in actions:
                data = sample_graph.nodes[action]
                assert data["level"] == level and (data["owner_body"] or "No owner yet") == owner
                assert data["status"] != "dropped"
    assert sum(len(a) for owners in grouped.values() for a in owners.values()) == sum(
        1 for k in sample_graph if k[0] == "action" and sample_graph.nodes[k]["status"] != "dropped")


def test_a_national_action_helps_every_blocked_locality(sample_graph):
    for action in nodes_of(sample_graph, "action"):
        helped = asks.localities_helped(sample_graph, action)
        blockage = analysis.action_blockage(sample_graph, action)
        if analysis.blockage_locality(sample_graph, blockage) is not None:
            assert helped == [analysis.blockage_locality(sample_graph, blockage)]


def test_holders_ranked_by_blocked_items(sample_graph):
    ranked = analysis.holders_by_blocked(sample_graph)
    assert ranked == sorted(ranked, key=lambda t: (-t[1], -t[2], sample_graph.nodes[t[0]]["name"].casefold()))
    assert all(items >= 1 and pairs >= items for _, items, pairs in ranked)


def test_reach_across_localities_tells_the_truth():
    counts = lambda **n: {s: n.get(s, 0) for s in analysis.STATUSES}  # noqa: E731
    assert analysis.reach(counts(accessible=10)) == "everywhere"
    assert analysis.reach(counts(accessible=9, blocked=1)) == "some"  # not “partly”: nine have it in full
    assert analysis.reach(counts(accessible=1, unknown=9)) == "some"  # one has it; nobody is only partly served
    assert analysis.reach(counts(accessible=1, blocked=9)) == "some"  # live births: learn from the one
    assert analysis.reach(counts(blocked=8, partial=2)) == "partly"
    assert analysis.reach(counts(partial=2, unknown=8)) == "partly"
    assert analysis.reach(counts(blocked=1, unknown=9)) == "nowhere"
    assert analysis.reach(counts(unknown=10)) == "unknown"
    share = analysis.Share.of(counts(accessible=9, blocked=1))
    assert (share.fraction, share.words) == ("9/10", "9 of 10 localities can access it; 1 blocked")
    assert analysis.Share.of(counts(accessible=1, unknown=9)).words == "1 of 10 localities can access it; 9 not known"
