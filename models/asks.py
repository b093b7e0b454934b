"""What each body is asked to do, by who must act — national bodies, Greater Manchester, each locality — and
ranked by what it puts at risk. The one definition of an ask that the summary, the compare panel and
workbook, the report, the wall and `circle-of-need asks` all read.

- An ask is an action not yet done or dropped, at its own level (local, GM, national): national asks are for
  national bodies (Whitehall, HMRC, DWP, the ICO, the MOJ…), GM asks for Greater Manchester, local asks for
  each locality. Actions with the same owner and the same words are one ask.
- It names the items, stages and localities it would unblock (blocked there) or improve (partly accessible).
- A blockage with no live action (or a locality blocked with no reason recorded) is listed as “no ask agreed
  yet” under the level its reach suggests: recorded for every locality, national (no borough can lift it
  alone); where another locality has the item in full, the locality's own (learn from that one); standing in
  every locality, national; in several, GM; else the locality's own.
- Ranked by impact: how many stages need the items (essential counting double, the journey's first stage,
  identification, double again as every later stage depends on it), in how many localities they are blocked
  (partly accessible counting half), and how long the ask is overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from models import analysis
from models.change import NodeKey
from models.graph import nodes_of
from models.sentences import clause, is_plural, join, noun
from models.vocabulary import ACTION_STATUS, LEVEL

LEVEL_HEADING = {"national": "National bodies", "gm": "Greater Manchester", "local": "Each locality"}
LEVEL_ASKED = {"national": "national bodies", "gm": "Greater Manchester", "local": "each locality"}
IMPEDED = ("blocked", "partial")  # statuses an action can unblock or improve
LIVE = ("proposed", "agreed", "in_progress")  # an action still to be carried out
NO_ASK = "No ask agreed yet"
OVERDUE_CAP = 730  # days: lateness beyond two years weighs no more


def impeded_localities(graph: nx.DiGraph, blockage: NodeKey, localities: list[NodeKey] | None = None) -> list[NodeKey]:
    """Where a blockage stands in the way: its own locality unless the item is accessible there; for one
    recorded for every locality, each locality (of `localities`, all by default) where the item is blocked or
    only partly accessible."""
    item, place = analysis.blockage_item(graph, blockage), analysis.blockage_locality(graph, blockage)
    if place is not None:
        return [] if analysis.status(graph, item, place) == "accessible" else [place]
    localities = nodes_of(graph, "locality") if localities is None else localities
    return [loc for loc, state in zip(localities, analysis.statuses(graph, item, localities)) if state in IMPEDED]


def learn_from(graph: nx.DiGraph, item: NodeKey, localities: list[NodeKey] | None = None) -> list[NodeKey]:
    """The localities that have solved an item: those that can access it in full. Partly accessible is not
    solved, blockage or not."""
    localities = nodes_of(graph, "locality") if localities is None else localities
    return [loc for loc, state in zip(localities, analysis.statuses(graph, item, localities)) if state == "accessible"]


# ---- impact ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Impact:
    """What an ask (or a blockage) puts at risk, and why in words."""

    stages: tuple[NodeKey, ...]  # that need its items, in journey order
    essential: tuple[NodeKey, ...]  # of those, the stages where an item is essential
    first_stage: NodeKey | None  # the journey's first stage, when it needs one of the items
    blocked: int  # localities (of those the ask covers) where one of its items is blocked
    partial: int  # … where none is blocked and one is only partly accessible
    total: int  # localities in the map
    overdue_days: int
    weight: float  # the stages' weight, summed over the items

    @property
    def score(self) -> float:
        reach = self.blocked + 0.5 * self.partial
        return self.weight * max(reach, 0.5) * (1 + min(self.overdue_days, OVERDUE_CAP) / OVERDUE_CAP)

    def words(self, graph: nx.DiGraph) -> str:
        """“needed by 3 stages (essential for identification of need), blocked in 8 and partly accessible in
        1 of 10 localities, 14 months overdue”."""
        parts = [_needed_by(graph, self)]
        places = [f"blocked in {self.blocked}" if self.blocked else "",
                  f"partly accessible in {self.partial}" if self.partial else ""]
        places = [p for p in places if p]
        if places:
            parts.append(" and ".join(places) + f" of {self.total} {'locality' if self.total == 1 else 'localities'}")
        if self.overdue_days > 0:
            parts.append(overdue_words(self.overdue_days))
        return ", ".join(parts)


def _needed_by(graph: nx.DiGraph, impact: Impact) -> str:
    if not impact.stages:
        return "needed by no stage yet"
    count = "1 stage" if len(impact.stages) == 1 else f"{len(impact.stages)} stages"
    if impact.first_stage is not None and impact.first_stage in impact.essential:
        return f"needed by {count}, essential for {analysis.name(graph, impact.first_stage).lower()}"
    if len(impact.essential) == len(impact.stages):
        return f"needed by {count}, essential {'there' if len(impact.stages) == 1 else 'at each'}"
    if impact.essential:
        return f"needed by {count}, essential at {len(impact.essential)} of them"
    return f"needed by {count}"


def overdue_words(days: int) -> str:
    """“3 days overdue”, “5 months overdue”, “2 years overdue”."""
    if days < 61:
        return f"{days} day{'s' if days != 1 else ''} overdue"
    if days < 730:
        return f"{days // 30} months overdue"
    return f"{days // 365} years overdue"


def stage_weight(graph: nx.DiGraph, item: NodeKey, first: list[NodeKey]) -> tuple[float, list[NodeKey], list[NodeKey]]:
    """(weight, stages needing the item, those where it is essential): essential 2, useful 1, doubled at the
    journey's first stage (`first`: [that stage], or [] in a map with none)."""
    stages = analysis.stages_needing(graph, item)
    weight, essential = 0.0, []
    for stage in stages:
        need = graph.adj[stage][item]
        value = 2.0 if need["priority"] == "essential" else 1.0
        if need["priority"] == "essential":
            essential.append(stage)
        weight += value * (2 if stage in first else 1)
    return weight, stages, essential


def impact(graph: nx.DiGraph, items: list[NodeKey], localities: list[NodeKey], overdue_days: int = 0,
           known: _Known | None = None) -> Impact:
    """The impact of items impeded in `localities` (an ask's, or a blockage's); `known` holds what is looked
    up once for many asks."""
    known = known or _Known(graph)
    weight, stages, essential = 0.0, set(), set()
    # Read off the items' access records (an ask can gather hundreds of items across every locality).
    record, held = graph.get_edge_data, {"blocked": set(), "partial": set()}
    for item in items:
        for loc in localities:
            edge = record(item, loc)
            if edge is not None and edge["status"] in held:
                held[edge["status"]].add(loc)
    blocked, partial = len(held["blocked"]), len(held["partial"] - held["blocked"])
    for item in items:
        w, needing, vital = known.weight(item)
        weight += w
        stages.update(needing)
        essential.update(vital)
    order = {s: graph.nodes[s]["position"] for s in stages}
    ranked = tuple(sorted(stages, key=order.__getitem__))
    first = known.first
    return Impact(ranked, tuple(s for s in ranked if s in essential), first[0] if first and first[0] in stages else None,
                  blocked, partial, len(known.localities), overdue_days, weight)


class _Known:
    """What many asks of one map look up again and again: its localities, first stage, each item's stage
    weight and whom to learn from."""

    def __init__(self, graph: nx.DiGraph) -> None:
        self.graph = graph
        self.localities = nodes_of(graph, "locality")
        self.order = {loc: i for i, loc in enumerate(self.localities)}
        self.first = nodes_of(graph, "stage")[:1]
        self._weights: dict[NodeKey, tuple] = {}
        self._teachers: dict[NodeKey, list[NodeKey]] = {}

    def weight(self, item: NodeKey) -> tuple[float, list[NodeKey], list[NodeKey]]:
        if item not in self._weights:
            self._weights[item] = stage_weight(self.graph, item, self.first)
        return self._weights[item]

    def teachers(self, item: NodeKey) -> list[NodeKey]:
        if item not in self._teachers:
            self._teachers[item] = learn_from(self.graph, item, self.localities)
        return self._teachers[item]


# ---- asks -----------------------------------------------------------------------------------


@dataclass
class Ask:
    """One thing a body is asked to do (or, with no actions, a blockage nobody has an ask for yet)."""

    level: str  # local, gm, national
    owner: str  # the owning body in words; "" when none is recorded or no ask is agreed yet
    step: str  # the action's words; "" when no ask is agreed yet
    actions: list[NodeKey]
    blockages: list[NodeKey]
    items: list[NodeKey]
    localities: list[NodeKey]  # where it would unblock or improve access
    due: dt.date | None
    status: str  # the least advanced of its actions; "" when no ask is agreed yet
    learn_from: list[NodeKey]  # localities that can access its items in full
    impact: Impact

    @property
    def agreed(self) -> bool:
        return bool(self.actions)

    @property
    def overdue(self) -> bool:
        return self.impact.overdue_days > 0

    @property
    def stages(self) -> tuple[NodeKey, ...]:
        return self.impact.stages

    @property
    def owner_label(self) -> str:
        return self.owner or ("No owner yet" if self.agreed else NO_ASK)


def _least_advanced(statuses: list[str]) -> str:
    return min(statuses, key=ACTION_STATUS.values.index) if statuses else ""


def _overdue_days(due: dt.date | None, status: str, today: dt.date) -> int:
    return (today - due).days if due and status in LIVE and due < today else 0


def _suggested_level(graph: nx.DiGraph, blockages: list[NodeKey], where: list[NodeKey], teachers: list[NodeKey],
                     total: int) -> str:
    if any(graph.nodes[b]["locality_id"] is None for b in blockages):
        return "national"  # recorded for every locality: no borough can lift it alone
    if teachers:
        return "local"
    if len(where) == total > 1:
        return "national"
    return "gm" if len(where) > 1 else "local"


def all_asks(graph: nx.DiGraph, today: dt.date | None = None, items: list[NodeKey] | None = None,
             localities: list[NodeKey] | None = None) -> list[Ask]:
    """Every ask of the map, most important first; limited to `items` and to asks touching `localities`
    when given (a report's scope)."""
    today = today or dt.date.today()
    wanted_items = None if items is None else set(items)
    wanted_places = None if localities is None else set(localities)
    known = _Known(graph)
    merged: dict[tuple, dict] = {}
    unasked: dict[NodeKey, dict] = {}  # item → blockages with no live action, where they stand
    for blockage in nodes_of(graph, "blockage"):
        item = analysis.blockage_item(graph, blockage)
        if wanted_items is not None and item not in wanted_items:
            continue
        where = impeded_localities(graph, blockage, known.localities)
        if not where:
            continue  # the item is accessible wherever this blockage was recorded
        live = [a for a in analysis.actions_of(graph, blockage) if graph.nodes[a]["status"] in LIVE]
        if not live:
            entry = unasked.setdefault(item, {"blockages": {}, "where": {}})
            entry["blockages"][blockage] = None
            entry["where"].update(dict.fromkeys(where))
            continue
        for action in live:
            data = graph.nodes[action]
            key = (data["level"], (data["owner_body"] or "").casefold(), " ".join(data["step"].split()).casefold())
            # Dicts as ordered sets: a national ask can gather thousands of blockages.
            entry = merged.setdefault(key, {"actions": {}, "blockages": {}, "items": {}, "where": {}})
            entry["actions"][action] = entry["blockages"][blockage] = entry["items"][item] = None
            entry["where"].update(dict.fromkeys(where))
    # Where an item is blocked with no reason recorded there: never silently left out.
    for item in (nodes_of(graph, "item") if wanted_items is None else items):
        recorded = {graph.nodes[b]["locality_id"] for b in graph.pred[item] if b[0] == "blockage"}
        if None in recorded:
            continue
        where = [loc for loc, s in zip(known.localities, analysis.statuses(graph, item, known.localities))
                 if s == "blocked" and loc[1] not in recorded]
        if where:
            entry = unasked.setdefault(item, {"blockages": {}, "where": {}})
            entry["where"].update(dict.fromkeys(where))

    asks = []
    order = known.order
    for entry in merged.values():
        entry = {name: values if name == "where" else list(values) for name, values in entry.items()}
        first = graph.nodes[entry["actions"][0]]
        statuses = [graph.nodes[a]["status"] for a in entry["actions"]]
        dues = [graph.nodes[a]["due"] for a in entry["actions"] if graph.nodes[a]["due"]]
        due, status = (min(dues) if dues else None), _least_advanced(statuses)
        where = sorted(entry["where"], key=order.__getitem__)
        teachers = [loc for item in entry["items"] for loc in known.teachers(item) if loc not in entry["where"]]
        asks.append(Ask(first["level"], first["owner_body"] or "", first["step"], entry["actions"], entry["blockages"],
                        entry["items"], where, due, status, list(dict.fromkeys(teachers)),
                        impact(graph, entry["items"], where, _overdue_days(due, status, today), known)))
    for item, entry in unasked.items():
        where = sorted(entry["where"], key=order.__getitem__)
        teachers = [loc for loc in known.teachers(item) if loc not in entry["where"]]
        level = _suggested_level(graph, list(entry["blockages"]), where, teachers, len(known.localities))
        asks.append(Ask(level, "", "", [], list(entry["blockages"]), [item], where, None, "", teachers,
                        impact(graph, [item], where, known=known)))
    if wanted_places is not None:
        asks = [a for a in asks if wanted_places.intersection(a.localities)]
    return rank(graph, asks)


def rank(graph: nx.DiGraph, asks: list[Ask]) -> list[Ask]:
    """Most important first: by impact, then the earliest due, then the words."""
    return sorted(asks, key=lambda a: (-a.impact.score, a.due or dt.date.max,
                                       analysis.name(graph, a.items[0]).casefold(), a.step.casefold()))


def asks_at(graph: nx.DiGraph, level: str, today: dt.date | None = None, **scope) -> list[Ask]:
    """The ranked asks of one level (LEVEL.values)."""
    LEVEL.check(level)
    return [a for a in all_asks(graph, today, **scope) if a.level == level]


def by_owner(asks: list[Ask]) -> list[tuple[str, list[Ask]]]:
    """(owner, its asks) in the order of each owner's most important ask; asks with no ask agreed yet last."""
    groups: dict[str, list[Ask]] = {}
    for ask in asks:
        groups.setdefault(ask.owner_label if ask.agreed else NO_ASK, []).append(ask)
    return sorted(groups.items(), key=lambda kv: kv[0] == NO_ASK)


def by_locality(graph: nx.DiGraph, asks: list[Ask]) -> list[tuple[NodeKey, list[Ask]]]:
    """Local asks per locality, in map order: an ask stands under each locality it would unblock."""
    result = []
    for loc in nodes_of(graph, "locality"):
        here = [a for a in asks if loc in a.localities]
        if here:
            result.append((loc, here))
    return result


def blockage_impacts(graph: nx.DiGraph, blockages: list[NodeKey]) -> dict[NodeKey, Impact]:
    """What each blockage puts at risk (its item where it stands in the way), for a register of them."""
    known = _Known(graph)
    return {b: impact(graph, [analysis.blockage_item(graph, b)], impeded_localities(graph, b, known.localities),
                      known=known) for b in blockages}


def localities_helped(graph: nx.DiGraph, action: NodeKey) -> list[NodeKey]:
    """The localities an action would unblock or improve: where its blockage stands in the way."""
    return impeded_localities(graph, analysis.action_blockage(graph, action))


# ---- in words -------------------------------------------------------------------------------


def places(graph: nx.DiGraph, localities: list[NodeKey], total: int) -> str:
    """“Bury, Oldham and Wigan”, or “all 10 localities” when they are all `total` of the map's."""
    if len(localities) == total > 3:
        return f"all {total} localities"
    return join([analysis.name(graph, loc) for loc in localities])


def reasons(graph: nx.DiGraph, ask: Ask) -> list[str]:
    """Why its items are held back, distinct, in the blockages' words."""
    return list(dict.fromkeys(clause(graph.nodes[b]["reason"], ("because ",)) for b in ask.blockages
                              if graph.nodes[b]["reason"].strip()))


def headline(graph: nx.DiGraph, ask: Ask) -> str:
    """The ask in one line: its words (with a capital), or, with none agreed yet, what is held back."""
    if ask.agreed:
        return sentence_case(clause(ask.step, ("to ",)))
    items = join([noun(analysis.name(graph, i)) for i in ask.items])
    state = {(True, False): "blocked", (False, True): "only partly accessible",
             (True, True): "blocked or only partly accessible"}[(bool(ask.impact.blocked), bool(ask.impact.partial))]
    total = ask.impact.total
    line = f"{NO_ASK}: {items} {'are' if is_plural(items) else 'is'} {state} in {places(graph, ask.localities, total)}"
    return line + (f"; learn from {places(graph, ask.learn_from, total)}" if ask.learn_from else "")


def line(graph: nx.DiGraph, ask: Ask) -> str:
    """Who is asked and what, in one line: “HMRC: Create a legal gateway …”, or the headline alone when no
    ask is agreed yet."""
    return f"{ask.owner_label}: {headline(graph, ask)}" if ask.agreed else headline(graph, ask)


def item_words(graph: nx.DiGraph, ask: Ask) -> str:
    """Each item with where it is held back: “HMRC income (blocked in 10), school attainment (partly
    accessible in 3)”."""
    words = []
    for item in ask.items:
        states = analysis.statuses(graph, item, ask.localities)
        counts = [f"blocked in {states.count('blocked')}" if "blocked" in states else "",
                  f"partly accessible in {states.count('partial')}" if "partial" in states else ""]
        where = ", ".join(c for c in counts if c)
        words.append(analysis.name(graph, item) + (f" ({where})" if where else ""))
    return "; ".join(words)


def due_words(ask: Ask) -> str:
    if not ask.agreed:
        return "—"
    if ask.due is None:
        return "no date set"
    day = f"{ask.due.day} {ask.due:%B %Y}"
    return f"{day} — {overdue_words(ask.impact.overdue_days)}" if ask.overdue else day


def status_words(ask: Ask) -> str:
    if not ask.agreed:
        return NO_ASK
    return ACTION_STATUS.label(ask.status) + (", overdue" if ask.overdue else "")


def learn_words(graph: nx.DiGraph, ask: Ask) -> str:
    """“Bolton, which can access it in full”: whom to learn from, or "" when no locality has solved it."""
    if not ask.learn_from:
        return ""
    which = "which can" if len(ask.learn_from) == 1 else "which can each"
    them = "it" if len(ask.items) == 1 else "them"
    return f"{places(graph, ask.learn_from, ask.impact.total)}, {which} access {them} in full"


def details(graph: nx.DiGraph, ask: Ask) -> list[tuple[str, str]]:
    """(label, words) for every fact of an ask, in the order a reader wants them."""
    people = list(dict.fromkeys(graph.nodes[a]["owner_person"] for a in ask.actions if graph.nodes[a]["owner_person"]))
    owner = ask.owner_label if ask.agreed else "not named yet"
    rows = [("Owner", owner + (f" ({'; '.join(people)})" if people else "")),
            ("Ask", headline(graph, ask)),
            ("Items", item_words(graph, ask)),
            ("Stages", join([analysis.name(graph, s) for s in ask.stages]) or "none yet"),
            ("Localities", places(graph, ask.localities, ask.impact.total)),
            ("Due", due_words(ask)),
            ("Status", status_words(ask)),
            ("Because", "; ".join(reasons(graph, ask)) or "no reason recorded yet"),
            ("Why it matters", sentence_case(ask.impact.words(graph)))]
    if ask.learn_from:
        rows.append(("Learn from", learn_words(graph, ask)))
    return rows


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
