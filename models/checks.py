"""`check`: is a map file sound, and what in it is unfinished (for the user to look at)."""

from __future__ import annotations

import networkx as nx

from models import analysis, soundness
from models.graph import nodes_of
from models.sentences import is_plural
from models.store import MapStore


def check_store(store: MapStore) -> list[str]:
    """Is the file sound? SQLite's full integrity check, then what `models.soundness` asks of every table and
    value, and names alike once folded. Anything found means the file is damaged; each problem is one line."""
    with store.reading() as conn:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        if problems:
            return problems  # nothing further can be trusted
        problems = soundness.problems(conn)
        return problems + (soundness.name_twins(conn) if not soundness.wrong_tables(conn) else [])


def check_map(graph: nx.DiGraph) -> list[str]:
    """What a pilot lead would want finished before the report goes out."""
    advice = []
    nodes = graph.nodes
    for stage in nodes_of(graph, "stage"):
        if not graph.adj[stage]:
            advice.append(f"Stage “{nodes[stage]['name']}” needs no data items yet.")
        if not nodes[stage]["aim"]:
            advice.append(f"Stage “{nodes[stage]['name']}” has no aim, so its sentence cannot say what it is for.")
    for item in nodes_of(graph, "item"):
        if analysis.holder(graph, item) is None:
            advice.append(f"Nobody is recorded as holding “{nodes[item]['name']}”.")
        if not analysis.stages_needing(graph, item):
            advice.append(f"No stage needs “{nodes[item]['name']}”.")
    for entry in analysis.blocked_items(graph):
        item = nodes[entry.item]["name"]
        without = [loc for loc in entry.localities if not analysis.blockages_of(graph, entry.item, loc)]
        if without:
            places = ", ".join(nodes[loc]["name"] for loc in without[:5]) + (" …" if len(without) > 5 else "")
            verb = "are" if is_plural(item.lower()) else "is"
            advice.append(f"“{item}” {verb} blocked in {places} with no reason recorded.")
    localities = nodes_of(graph, "locality")
    for blockage in nodes_of(graph, "blockage"):
        item_key = analysis.blockage_item(graph, blockage)
        item = nodes[item_key]["name"]
        locality = analysis.blockage_locality(graph, blockage)
        where = analysis.name(graph, locality) or "every locality"
        # An item with several blockages: say which one, by its reason.
        several = sum(1 for b in graph.pred[item_key] if b[0] == "blockage") > 1
        which = f" (“{_short(nodes[blockage]['reason'])}”)" if several else ""
        if not analysis.actions_of(graph, blockage):
            dropped = bool(analysis.actions_of(graph, blockage, include_dropped=True))
            advice.append(f"The blockage of “{item}” in {where}{which} has no action to unblock it"
                          + (" (its only actions were dropped)." if dropped else "."))
        places = [locality] if locality is not None else localities
        if places and all(analysis.status(graph, item_key, place) == "accessible" for place in places):
            advice.append(f"A blockage of “{item}” is recorded for {where}{which}, but access there is marked "
                          "accessible: remove the blockage or correct the access.")
    return advice


def _short(reason: str, limit: int = 60) -> str:
    text = " ".join(reason.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
