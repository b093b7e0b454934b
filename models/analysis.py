"""Pure questions asked of a map's graph: circles, an item's reach across localities, blocked items, the
locality matrix, actions by level and owner (the asks are models.asks). No database, no Qt: the diagram,
report and CLI share them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from models.graph import nodes_of
from models.change import NodeKey
from models.vocabulary import ACCESS, LEVEL

STATUSES = ACCESS.values  # accessible, partial, blocked, unknown


def name(graph: nx.DiGraph, key: NodeKey | None) -> str:
    return graph.nodes[key]["name"] if key is not None and key in graph else ""


def status(graph: nx.DiGraph, item: NodeKey, locality: NodeKey) -> str:
    """The access status of an item in a locality; no record means unknown."""
    edge = graph.get_edge_data(item, locality)
    return edge["status"] if edge else "unknown"


def holder(graph: nx.DiGraph, item: NodeKey) -> NodeKey | None:
    for target, data in graph.adj[item].items():
        if data["kind"] == "held_by":
            return target
    return None


def statuses(graph: nx.DiGraph, item: NodeKey, localities: list[NodeKey]) -> list[str]:
    """status() of the item in each locality, in order: the access records read directly, as a report asks
    this hundreds of thousands of times."""
    record = graph.get_edge_data
    return [edge["status"] if (edge := record(item, loc)) is not None else "unknown" for loc in localities]


def status_counts(graph: nx.DiGraph, item: NodeKey, localities: list[NodeKey]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for state in statuses(graph, item, localities):
        counts[state] += 1
    return counts


def owner_of(action: dict) -> str:
    """An action's owner in words, “Chair, GM Data Sharing group”: the body and the person, the body left out
    when the person's title already names it."""
    body, person = action["owner_body"], action["owner_person"]
    if body and person and body.casefold() in person.casefold():
        return person
    return ", ".join(x for x in (body, person) if x)


def reach(counts: dict[str, int]) -> str:
    """Where an item stands across localities, from its status counts there (models.vocabulary.REACH): the one
    definition the diagram's marks, the wall, the pictures and the report's counts all use."""
    if counts["accessible"]:
        return "everywhere" if counts["accessible"] == sum(counts.values()) else "some"
    if counts["partial"]:
        return "partly"
    return "nowhere" if counts["blocked"] else "unknown"


@dataclass(frozen=True)
class Share:
    """An item's access over several localities: how many in each status, read as “9/10 can access”."""

    accessible: int
    partial: int
    blocked: int
    unknown: int

    @classmethod
    def of(cls, counts: dict[str, int]) -> Share:
        return cls(counts["accessible"], counts["partial"], counts["blocked"], counts["unknown"])

    @property
    def total(self) -> int:
        return self.accessible + self.partial + self.blocked + self.unknown

    @property
    def reach(self) -> str:
        return reach(self.counts)

    @property
    def counts(self) -> dict[str, int]:
        return {"accessible": self.accessible, "partial": self.partial, "blocked": self.blocked,
                "unknown": self.unknown}

    @property
    def fraction(self) -> str:
        """“9/10”: how many localities can access the item in full, of how many."""
        return f"{self.accessible}/{self.total}"

    @property
    def parts(self) -> list[str]:
        """“9/10 can access”, then “2 partly”, “1 blocked”, “1 not known”, the statuses with none left out."""
        return [f"{self.fraction} can access"] + [f"{n} {label}" for n, label in (
            (self.partial, "partly"), (self.blocked, "blocked"), (self.unknown, "not known")) if n]

    @property
    def line(self) -> str:
        """The count under an item's name across localities: “9/10 can access · 1 blocked”."""
        return " · ".join(self.parts)

    @property
    def spans(self) -> list[tuple[str, float, float]]:
        """The arcs of the item's share ring: (status, start, span) in degrees clockwise from 12 o'clock, in
        the order accessible, partial, blocked, unknown, each proportional to its localities; none left out."""
        spans, start = [], 0.0
        for status, count in self.counts.items() if self.total else ():
            if count:
                span = 360.0 * count / self.total
                spans.append((status, start, span))
                start += span
        return spans

    @property
    def words(self) -> str:
        """“9 of 10 localities can access it; 1 blocked” (the statuses with none left out)."""
        head = f"{self.accessible} of {self.total} {'locality' if self.total == 1 else 'localities'} can access it"
        rest = [f"{n} {label}" for n, label in ((self.partial, "partly"), (self.blocked, "blocked"),
                                                  (self.unknown, "not known")) if n]
        return head + (f"; {', '.join(rest)}" if rest else "")


def overall_status(counts: dict[str, int]) -> str:
    """The status whose colour and shape stand for an item across localities (its reach): accessible only
    where every locality has it in full; blocked where none has any of it; partly otherwise; unknown where
    nobody knows yet."""
    return {"everywhere": "accessible", "some": "partial", "partly": "partial", "nowhere": "blocked",
            "unknown": "unknown"}[reach(counts)]


def blockages_of(graph: nx.DiGraph, item: NodeKey, locality: NodeKey | None = None) -> list[NodeKey]:
    """The item's blockages: those in `locality` and those recorded everywhere; all when locality is None."""
    found = [b for b in graph.pred[item] if b[0] == "blockage"]
    if locality is not None:
        found = [b for b in found if graph.nodes[b]["locality_id"] in (None, locality[1])]
    return sorted(found)


def actions_of(graph: nx.DiGraph, blockage: NodeKey, include_dropped: bool = False) -> list[NodeKey]:
    found = sorted(a for a in graph.pred[blockage] if a[0] == "action")
    if not include_dropped:
        found = [a for a in found if graph.nodes[a]["status"] != "dropped"]
    return found


def blockage_locality(graph: nx.DiGraph, blockage: NodeKey) -> NodeKey | None:
    ident = graph.nodes[blockage]["locality_id"]
    return None if ident is None else ("locality", ident)


def blockage_item(graph: nx.DiGraph, blockage: NodeKey) -> NodeKey:
    return ("item", graph.nodes[blockage]["item_id"])


def action_blockage(graph: nx.DiGraph, action: NodeKey) -> NodeKey:
    return ("blockage", graph.nodes[action]["blockage_id"])


def stages_needing(graph: nx.DiGraph, item: NodeKey) -> list[NodeKey]:
    found = [s for s in graph.pred[item] if s[0] == "stage"]
    return sorted(found, key=lambda s: graph.nodes[s]["position"])


# ---- the circle of a stage ------------------------------------------------------------------


@dataclass
class CircleItem:
    key: NodeKey
    name: str
    holder: NodeKey | None
    priority: str
    purpose: str
    status: str  # in the locality shown, or the overall status across all
    counts: dict[str, int]  # per status, over the localities considered
    blockages: list[NodeKey]


@dataclass
class Circle:
    stage: NodeKey
    locality: NodeKey | None  # None: across all localities
    localities: list[NodeKey]
    items: list[CircleItem] = field(default_factory=list)

    @property
    def holders(self) -> list[NodeKey]:
        return list(dict.fromkeys(i.holder for i in self.items if i.holder is not None))

    def with_status(self, wanted: str) -> list[CircleItem]:
        return [i for i in self.items if i.status == wanted]


def needed_items(graph: nx.DiGraph, stage: NodeKey) -> list[NodeKey]:
    """A stage's circle of need: essential items first, then by name."""
    needs = graph.adj[stage]
    return sorted(needs, key=lambda i: (needs[i]["priority"] != "essential", graph.nodes[i]["name"].casefold()))


def circle(graph: nx.DiGraph, stage: NodeKey, locality: NodeKey | None = None) -> Circle:
    """The circle of need of a stage, in one locality or across all of them."""
    localities = [locality] if locality is not None else nodes_of(graph, "locality")
    result = Circle(stage, locality, localities)
    for item in needed_items(graph, stage):
        need = graph.adj[stage][item]
        counts = status_counts(graph, item, localities)
        item_status = status(graph, item, locality) if locality is not None else overall_status(counts)
        result.items.append(CircleItem(
            item, name(graph, item), holder(graph, item), need["priority"], need["purpose"], item_status, counts,
            blockages_of(graph, item, locality),
        ))
    return result


# ---- blocked items --------------------------------------------------------------------------


@dataclass
class BlockedItem:
    item: NodeKey
    localities: list[NodeKey]  # where it is blocked
    blockages: list[NodeKey]
    actions: list[NodeKey]


def blocked_items(graph: nx.DiGraph, stage: NodeKey | None = None, locality: NodeKey | None = None,
                  state: str = "blocked") -> list[BlockedItem]:
    """Items blocked (in `locality`, or anywhere), with their reasons and the actions that would unblock them;
    with state="partial", items only partly accessible and what holds them back."""
    items = needed_items(graph, stage) if stage is not None else nodes_of(graph, "item")
    localities = [locality] if locality is not None else nodes_of(graph, "locality")
    found = []
    for item in items:
        blocked_in = [loc for loc, here in zip(localities, statuses(graph, item, localities)) if here == state]
        if not blocked_in:
            continue
        blockages = blockages_of(graph, item, locality)
        if locality is None:  # only the reasons that apply where it is blocked
            where = {loc[1] for loc in blocked_in}
            blockages = [b for b in blockages if graph.nodes[b]["locality_id"] in where | {None}]
        actions = [a for b in blockages for a in actions_of(graph, b)]
        found.append(BlockedItem(item, blocked_in, blockages, actions))
    return found


# ---- comparing localities -------------------------------------------------------------------


def locality_matrix(graph: nx.DiGraph) -> tuple[list[NodeKey], list[NodeKey], dict[tuple[NodeKey, NodeKey], str]]:
    """(items, localities, status of each (item, locality)); absent pairs are unknown."""
    items, localities = nodes_of(graph, "item"), nodes_of(graph, "locality")
    cells = {(item, loc): data["status"] for item in items for loc, data in graph.adj[item].items()
             if data["kind"] == "access"}
    return items, localities, cells


def actions_by_level(graph: nx.DiGraph, include_dropped: bool = False) -> dict[str, dict[str, list[NodeKey]]]:
    """level → owning body → actions, levels in the order local, Greater Manchester, national."""
    grouped: dict[str, dict[str, list[NodeKey]]] = {level: defaultdict(list) for level in LEVEL.values}
    for action in nodes_of(graph, "action"):
        data = graph.nodes[action]
        if data["status"] == "dropped" and not include_dropped:
            continue
        grouped[data["level"]][data["owner_body"] or "No owner yet"].append(action)
    return {level: dict(sorted(owners.items(), key=lambda kv: kv[0].casefold())) for level, owners in grouped.items()}


def holders_by_blocked(graph: nx.DiGraph) -> list[tuple[NodeKey, int, int]]:
    """(agency, blocked items it holds, blocked item×locality pairs), most blocked first."""
    tally: dict[NodeKey, list[int]] = {}
    for entry in blocked_items(graph):
        agency = holder(graph, entry.item)
        if agency is not None:
            counts = tally.setdefault(agency, [0, 0])
            counts[0] += 1
            counts[1] += len(entry.localities)
    ranked = [(agency, items, pairs) for agency, (items, pairs) in tally.items()]
    return sorted(ranked, key=lambda t: (-t[1], -t[2], name(graph, t[0]).casefold()))
