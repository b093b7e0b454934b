"""One short statement per stage for the leadership group's paper, in the report's own form but naming only
the gaps that matter most: “To accurately identify families we need x, y and 8 other data items; we cannot
access x in 8 of 10 localities because …; we can only partly use y …; to unblock access we need to …”.
The full sentences (every item, every reason) stay in models.sentences."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from models import analysis, asks
from models.change import NodeKey
from models.sentences import _date, _needs, _where, clause, join, noun

TOP_GAPS = 2  # gaps a statement names at most; the rest are in the stage's table
WORDS = 85  # a statement naming two gaps that would run longer names one, then cuts its phrases shorter
REASON_WORDS = 18  # a reason or a step cut to about this many words inside a statement
LIVE = asks.LIVE
EVERY = " in every locality"


@dataclass
class Gap:
    """A data item a stage needs that is blocked, or only partly usable with a reason recorded, somewhere in
    the localities considered: where, why, and what would unblock it."""

    item: NodeKey
    blocked: list[NodeKey]
    partial: list[NodeKey]  # partly accessible with a blockage recorded there
    blockages: list[NodeKey]  # those that stand in the way there, most localities first
    impact: asks.Impact


def gaps(graph: nx.DiGraph, stage: NodeKey, localities: list[NodeKey]) -> list[Gap]:
    """The stage's gaps in `localities`, the most important first (models.asks's ranking)."""
    wanted = set(localities)
    found = []
    for item in analysis.needed_items(graph, stage):
        states = analysis.statuses(graph, item, localities)
        blocked = [loc for loc, s in zip(localities, states) if s == "blocked"]
        partial = [loc for loc, s, in zip(localities, states) if s == "partial"]
        standing = {}
        for b in analysis.blockages_of(graph, item):
            where = [loc for loc in asks.impeded_localities(graph, b, localities) if loc in wanted]
            if where:
                standing[b] = where
        partial = [loc for loc in partial if any(loc in where for where in standing.values())]
        if not blocked and not partial:
            continue
        ranked = sorted(standing, key=lambda b: (-len(standing[b]), b[1]))
        found.append(Gap(item, blocked, partial, ranked, asks.impact(graph, [item], blocked + partial)))
    return sorted(found, key=lambda g: (-g.impact.score, analysis.name(graph, g.item).casefold()))


def _cut(text: str, words: int = REASON_WORDS) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]).rstrip(",;:") + "…"


def _step(graph: nx.DiGraph, action: NodeKey, cut: int) -> str:
    data = graph.nodes[action]
    notes = [data["owner_body"] or data["owner_person"]] if (data["owner_body"] or data["owner_person"]) else []
    if data["due"]:
        notes.append(f"by {_date(data['due'])}")
    step = _cut(clause(data["step"], ("to unblock access we need to ", "we need to ", "to ")), cut)
    return step + (f" ({', '.join(notes)})" if notes else "")


def stage_statement(graph: nx.DiGraph, stage: NodeKey, localities: list[NodeKey]) -> str:
    """The stage's statement over `localities`: the gaps that matter most by name, the other needs counted;
    about 80 words (two gaps where they fit, else one)."""
    found = gaps(graph, stage, localities)
    for naming, cut in ((TOP_GAPS, REASON_WORDS), (1, REASON_WORDS), (1, REASON_WORDS * 2 // 3)):
        text = _statement(graph, stage, localities, found, naming, cut)
        if len(text.split()) <= WORDS:
            break
    return text


def _statement(graph: nx.DiGraph, stage: NodeKey, localities: list[NodeKey], found: list[Gap], naming: int,
               cut: int) -> str:
    data = graph.nodes[stage]
    aim = clause(data["aim"], ("to ",))
    opening = f"To {aim}" if aim else f"For {clause(data['name'])}"
    needed = analysis.needed_items(graph, stage)
    if not needed:
        return f"{opening} we have not yet listed the data we need."
    top = found[:naming]
    named = [noun(analysis.name(graph, g.item)) for g in top]
    others = len(needed) - len(named)
    count = "1 data item" if len(needed) == 1 else f"{len(needed)} data items"
    if not named:
        where = "" if len(localities) <= 1 else " in any locality"
        return f"{opening} we need {count}, and nothing blocks any of them{where}."
    rest = [f"{others} other data item{'s' if others != 1 else ''}"] if others else []
    parts = [f"{opening} we need {join(named + rest)}"]
    steps: list[str] = []
    for gap in top:
        name = noun(analysis.name(graph, gap.item))
        reason = (f" because {_cut(clause(graph.nodes[gap.blockages[0]]['reason'], ('because ',)), cut)}"
                  if gap.blockages else ", and nobody has yet recorded why")
        if gap.blocked:
            parts.append(f"we cannot access {name}{_where(graph, gap.blocked, len(localities), EVERY)}{reason}")
        else:
            parts.append(f"we can only partly use {name}{_where(graph, gap.partial, len(localities), EVERY)}{reason}")
        live = [a for b in gap.blockages for a in analysis.actions_of(graph, b) if graph.nodes[a]["status"] in LIVE]
        if live:
            steps.append(_step(graph, live[0], cut))
    if steps:
        parts.append(f"to unblock access we need {_needs(list(dict.fromkeys(steps)))}")
    else:
        parts.append("no action to unblock access has been agreed yet")
    more = len(found) - len(top)
    tail = f" ({more} more gap{'s' if more != 1 else ''} in the table below)" if more else ""
    return "; ".join(parts) + tail + "."
