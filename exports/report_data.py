"""Pure questions the report asks of the graph beyond models.analysis: what is in scope, counts per stage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from models import analysis
from models.cleaning import name_key
from models.errors import InvalidInput
from models.graph import nodes_of
from models.change import NodeKey
from models.vocabulary import CATEGORY, REACH


class ReportError(InvalidInput):
    """A report that cannot be made as asked (an unknown stage or locality, an unwritable place)."""


@dataclass
class Scope:
    """The part of the map a report covers."""

    stages: list[NodeKey]
    localities: list[NodeKey]
    every_locality: bool  # no locality was picked: the report covers the whole map
    items: list[NodeKey]  # needed by a stage in scope (every item when no stage was picked)
    blockages: list[NodeKey]  # of those items, in a locality in scope or everywhere

    @property
    def only_locality(self) -> NodeKey | None:
        """The locality of a report for one locality; None for a report across several."""
        return self.localities[0] if len(self.localities) == 1 and not self.every_locality else None

    @property
    def sentence_places(self) -> list[NodeKey | None]:
        """The places a stage's sentence is written for: across every locality (None), then each."""
        return ([None] if self.every_locality else []) + list(self.localities)


def find(graph: nx.DiGraph, kind: str, names: list[str] | None, what: str) -> list[NodeKey]:
    """Nodes of `kind` by name (any case), in map order; every node when `names` is empty."""
    known = nodes_of(graph, kind)
    if not names:
        return known
    by_name = {name_key(graph.nodes[k]["name"]): k for k in known}
    wanted = []
    for name in names:
        key = by_name.get(name_key(name))
        if key is None:
            listed = ", ".join(graph.nodes[k]["name"] for k in known) or "none"
            raise ReportError(f"There is no {what} called “{name}” in this map; it has: {listed}.")
        wanted.append(key)
    return [k for k in known if k in wanted]


def make_scope(graph: nx.DiGraph, stages: list[str] | None = None, localities: list[str] | None = None) -> Scope:
    chosen_stages = find(graph, "stage", stages, "stage")
    chosen_localities = find(graph, "locality", localities, "locality")
    if stages:
        needed = {i for s in chosen_stages for i in graph.adj[s]}
        items = [i for i in nodes_of(graph, "item") if i in needed]
    else:
        items = nodes_of(graph, "item")
    ids = {loc[1] for loc in chosen_localities} | {None}
    in_scope = set(items)
    blockages = [b for b in nodes_of(graph, "blockage")
                 if analysis.blockage_item(graph, b) in in_scope and graph.nodes[b]["locality_id"] in ids]
    return Scope(chosen_stages, chosen_localities, not localities, items, blockages)


def stage_counts(graph: nx.DiGraph, stage: NodeKey, localities: list[NodeKey]) -> dict[str, int]:
    """How many items the stage needs, and how many of them have each reach (models.vocabulary.REACH) over the
    localities: the definition the diagram's and the pictures' marks use."""
    counts = dict.fromkeys(REACH.values, 0)
    items = list(graph.adj[stage])
    for item in items:
        counts[analysis.reach(analysis.status_counts(graph, item, localities))] += 1
    return {"needed": len(items), **counts}


def locality_counts(graph: nx.DiGraph, locality: NodeKey, items: list[NodeKey]) -> dict[str, int]:
    """How many of the items in scope a locality can access, partly access, cannot access, does not know."""
    counts = dict.fromkeys(analysis.STATUSES, 0)
    for item in items:
        counts[analysis.status(graph, item, locality)] += 1
    return counts


def category_counts(graph: nx.DiGraph, blockages: list[NodeKey]) -> list[tuple[str, int]]:
    """Blockages per category, the most first (ties in the vocabulary's order), categories with none left out."""
    tally = Counter(graph.nodes[b]["category"] for b in blockages)
    return sorted(((CATEGORY.label(c), tally[c]) for c in CATEGORY.values if tally[c]), key=lambda pair: -pair[1])


def blockage_label(graph: nx.DiGraph, blockage: NodeKey) -> str:
    """What a blockage stops, in words: “live birth notifications in Wigan”, or “… wherever it is blocked or
    only partly accessible” for one recorded for every locality (it holds there, not necessarily everywhere)."""
    item = analysis.name(graph, analysis.blockage_item(graph, blockage))
    locality = analysis.blockage_locality(graph, blockage)
    return (f"{item} in {analysis.name(graph, locality)}" if locality
            else f"{item} wherever it is blocked or only partly accessible")


def sorted_matrix_items(graph: nx.DiGraph, items: list[NodeKey], localities: list[NodeKey]) -> list[NodeKey]:
    """Items some localities can access and others cannot first (the widest split first), then the rest."""
    def order(item: NodeKey) -> tuple:
        counts = analysis.status_counts(graph, item, localities)
        got = counts["accessible"] + counts["partial"]
        spread = min(got, counts["blocked"])
        return (-spread, -(got > 0 and counts["blocked"] + counts["unknown"] > 0), -counts["accessible"],
                analysis.name(graph, item).casefold())
    return sorted(items, key=order)
