"""Comparing localities, pure over the graph: matrix rows by stage, filters, who has solved it, and two
localities side by side (the asks are models.asks). Builds on models.analysis; no database, no Qt."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from models.analysis import (
    actions_of, blockages_of, holder, name, needed_items, status, statuses,
)
from models.graph import nodes_of
from models.change import NodeKey
from models.sentences import join, noun
from models.vocabulary import ACCESS, CATEGORY, LEVEL

NOT_IN_A_CIRCLE = "Not in any stage's circle"


@dataclass(frozen=True)
class MatrixFilter:
    """Which rows of the matrix to show; None or empty means no restriction."""

    stage: NodeKey | None = None
    category: str | None = None  # items with a blockage of this category
    holder: NodeKey | None = None
    status: str | None = None  # items with this status in at least one locality
    text: str = ""  # part of the item's name


@dataclass
class MatrixGroup:
    """A stage (None: items no stage needs) and its items, in the order shown."""

    stage: NodeKey | None
    title: str
    items: list[NodeKey] = field(default_factory=list)


def variation_score(graph: nx.DiGraph, item: NodeKey, localities: Iterable[NodeKey]) -> tuple[int, int, int]:
    """How much an item's access differs between localities: (with access vs blocked spread,
    number of distinct statuses, localities with access), larger means more to learn from each other."""
    counts = dict.fromkeys(ACCESS.values, 0)
    for locality in localities:
        counts[status(graph, item, locality)] += 1
    with_access = counts["accessible"] + counts["partial"]
    return min(with_access, counts["blocked"]), sum(1 for v in counts.values() if v), with_access


def item_matches(graph: nx.DiGraph, item: NodeKey, wanted: MatrixFilter, localities: list[NodeKey]) -> bool:
    if wanted.holder is not None and holder(graph, item) != wanted.holder:
        return False
    if wanted.category and not any(graph.nodes[b]["category"] == wanted.category for b in blockages_of(graph, item)):
        return False
    if wanted.status and not any(status(graph, item, loc) == wanted.status for loc in localities):
        return False
    if wanted.text and wanted.text.casefold() not in name(graph, item).casefold():
        return False
    return True


def matrix_groups(graph: nx.DiGraph, wanted: MatrixFilter = MatrixFilter(), by_variation: bool = False,
                  localities: list[NodeKey] | None = None) -> list[MatrixGroup]:
    """The matrix's rows: each stage's circle in journey order (an item needed at two stages appears
    under both), then items no stage needs. Sorted by variation (most first) within a group when asked."""
    localities = nodes_of(graph, "locality") if localities is None else localities
    groups: list[MatrixGroup] = []
    in_a_circle: set[NodeKey] = set()
    for stage in nodes_of(graph, "stage"):
        items = needed_items(graph, stage)
        in_a_circle.update(items)
        if wanted.stage is None or wanted.stage == stage:
            groups.append(MatrixGroup(stage, name(graph, stage), items))
    if wanted.stage is None:
        loose = [i for i in nodes_of(graph, "item") if i not in in_a_circle]
        if loose:
            groups.append(MatrixGroup(None, NOT_IN_A_CIRCLE, loose))
    for group in groups:
        group.items = [i for i in group.items if item_matches(graph, i, wanted, localities)]
        if by_variation:
            scores = {i: variation_score(graph, i, localities) for i in group.items}
            group.items.sort(key=lambda i: (-scores[i][0], -scores[i][1], -scores[i][2], name(graph, i).casefold()))
    return [g for g in groups if g.items]


def categories_in_use(graph: nx.DiGraph) -> list[str]:
    used = {graph.nodes[b]["category"] for b in nodes_of(graph, "blockage")}
    return [c for c in CATEGORY.values if c in used]


def holders_in_use(graph: nx.DiGraph) -> list[NodeKey]:
    used = {holder(graph, i) for i in nodes_of(graph, "item")} - {None}
    return [a for a in nodes_of(graph, "agency") if a in used]


# ---- a cell in words ------------------------------------------------------------------------


def cell_reasons(graph: nx.DiGraph, item: NodeKey, locality: NodeKey) -> list[tuple[NodeKey, list[NodeKey]]]:
    """The blockages that apply to an item in a locality (its own and national ones), with their actions."""
    return [(b, actions_of(graph, b)) for b in blockages_of(graph, item, locality)]


def cell_text(graph: nx.DiGraph, item: NodeKey, locality: NodeKey) -> str:
    """Everything a hover over a matrix cell shows: status, who said so, each reason and action."""
    state = status(graph, item, locality)
    lines = [f"{name(graph, item)} in {name(graph, locality)}: {ACCESS.label(state)}"]
    edge = graph.get_edge_data(item, locality) or {}
    said = ", ".join(str(x) for x in (edge.get("said_by"), edge.get("said_on")) if x)
    if said:
        lines.append(f"Said by {said}")
    agency = holder(graph, item)
    if agency is not None:
        lines.append(f"Held by {name(graph, agency)}")
    for blockage, actions in cell_reasons(graph, item, locality):
        data = graph.nodes[blockage]
        where = "" if data["locality_id"] is not None else " (everywhere)"
        lines.append(f"Blocked{where} — {CATEGORY.label(data['category'])}: {data['reason']}")
        for action in actions:
            a = graph.nodes[action]
            owner = " / ".join(x for x in (a["owner_body"], a["owner_person"]) if x) or "no owner yet"
            due = f", by {a['due']:%d/%m/%Y}" if a["due"] else ""
            lines.append(f"  Action ({LEVEL.label(a['level'])}, {a['status'].replace('_', ' ')}): "
                         f"{a['step']} — {owner}{due}")
    return "\n".join(lines)


# ---- who has solved it ----------------------------------------------------------------------


@dataclass
class Solved:
    """An item some localities have solved and others have not: whom to ask."""

    item: NodeKey
    holder: NodeKey | None
    accessible: list[NodeKey]
    partial: list[NodeKey]  # partly accessible, whether solved (no blockage) or not (a blockage recorded there)
    blocked: list[NodeKey]  # not solved: blocked, or partly accessible with a blockage recorded there
    unknown: list[NodeKey]
    reasons: list[str]  # why it is held back where it is, distinct

    @property
    def teachers(self) -> list[NodeKey]:
        """Whom to ask: those with full access, else those with part of it and nothing in the way."""
        return self.accessible or [loc for loc in self.partial if loc not in self.blocked]

    @property
    def with_access(self) -> list[NodeKey]:
        return self.accessible + self.partial

    def teachers_for(self, locality: NodeKey) -> list[NodeKey]:
        """Whom a locality can ask: the teachers, when it has not solved the item itself."""
        return self.teachers if locality in self.blocked else []


def held_back_in(graph: nx.DiGraph, item: NodeKey, localities: list[NodeKey],
                 states: list[str] | None = None) -> list[NodeKey]:
    """Of `localities`, those that have not solved an item: blocked, or partly accessible with a blockage
    recorded there (or everywhere). `states`: the item's statuses there, when already read."""
    states = statuses(graph, item, localities) if states is None else states
    recorded = {graph.nodes[b]["locality_id"] for b in graph.pred[item] if b[0] == "blockage"}
    return [loc for loc, state in zip(localities, states)
            if state == "blocked" or (state == "partial" and (None in recorded or loc[1] in recorded))]


def solved_for(graph: nx.DiGraph, item: NodeKey, localities: list[NodeKey] | None = None) -> Solved | None:
    """Who has solved an item and who has not, over `localities` (every locality when None); None unless
    some locality has solved it and another has not."""
    localities = nodes_of(graph, "locality") if localities is None else localities
    by_status: dict[str, list[NodeKey]] = {s: [] for s in ACCESS.values}
    states = statuses(graph, item, localities)
    for loc, state in zip(localities, states):
        by_status[state].append(loc)
    learners = held_back_in(graph, item, localities, states)
    entry = Solved(item, holder(graph, item), by_status["accessible"], by_status["partial"], learners,
                   by_status["unknown"], [])
    if not entry.teachers or not learners:
        return None
    where = {loc[1] for loc in learners} | {None}
    entry.reasons = list(dict.fromkeys(graph.nodes[b]["reason"] for b in blockages_of(graph, item)
                                       if graph.nodes[b]["locality_id"] in where))
    return entry


def who_has_solved(graph: nx.DiGraph) -> list[Solved]:
    """For every item some localities have solved and others have not, who has and who has not; the most
    instructive (the widest split) first."""
    localities = nodes_of(graph, "locality")
    found = [entry for item in nodes_of(graph, "item") if (entry := solved_for(graph, item, localities)) is not None]
    return sorted(found, key=lambda e: (-min(len(e.teachers), len(e.blocked)), -len(e.accessible),
                                        name(graph, e.item).casefold()))


def who_to_ask(graph: nx.DiGraph, item: NodeKey, locality: NodeKey) -> list[NodeKey]:
    """Whom a locality that has not solved an item can ask (the same answer on every sheet and panel);
    nobody when it has solved it, or nobody has."""
    entry = solved_for(graph, item)
    return entry.teachers_for(locality) if entry is not None else []


def names_of(graph: nx.DiGraph, keys: Iterable[NodeKey], limit: int | None = None) -> str:
    """“Bolton, Bury and Wigan” (models.sentences.join); with a limit, “Bolton, Bury and 12 more” — never
    “and 1 more”: one name left over takes no more room than saying so."""
    names = [name(graph, k) for k in keys]
    if limit is not None and len(names) > limit + 1:
        names = names[:limit] + [f"{len(names) - limit} more"]
    return join(names)


def ask_sentence(graph: nx.DiGraph, solved: Solved, limit: int | None = 6) -> str:
    """“Bury, Oldham and Wigan: ask Bolton how they get live birth notifications.”"""
    teachers = solved.teachers
    how = "how they get" if solved.accessible else "how they get part of"
    return (f"{names_of(graph, solved.blocked, limit)}: ask {names_of(graph, teachers, limit)} "
            f"{how} {noun(name(graph, solved.item))}.")


# ---- side by side ---------------------------------------------------------------------------


@dataclass
class SideBySideRow:
    item: NodeKey
    first: str
    second: str
    first_reasons: list[str]
    second_reasons: list[str]

    @property
    def differs(self) -> bool:
        return self.first != self.second


def side_by_side(graph: nx.DiGraph, stage: NodeKey, first: NodeKey, second: NodeKey) -> list[SideBySideRow]:
    """A stage's circle in two localities, item by item, with each side's reasons."""
    rows = []
    for item in needed_items(graph, stage):
        reasons = [[graph.nodes[b]["reason"] for b in blockages_of(graph, item, loc)
                    if graph.nodes[b]["locality_id"] is not None or status(graph, item, loc) == "blocked"]
                   for loc in (first, second)]
        rows.append(SideBySideRow(item, status(graph, item, first), status(graph, item, second), *reasons))
    return rows
