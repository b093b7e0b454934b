"""The sentence the leadership group acts on, for a stage in a locality or across all:
“To accurately identify families we need x, y and z; we cannot access z because …;
to unblock access we need to …”."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

import networkx as nx

from models import analysis
from models.graph import nodes_of
from models.change import NodeKey

# Words that start a reason or a step in ordinary lower case when they sit mid-sentence.
_LOWER_STARTERS = {
    "a", "an", "the", "there", "this", "that", "these", "those", "it", "its", "we", "our", "they", "their",
    "no", "not", "none", "data", "information", "staff", "officers", "partners", "each", "every", "some",
    "agree", "ask", "write", "set", "seek", "get", "make", "develop", "publish", "provide", "commission",
    "secure", "confirm", "clarify", "train", "link", "match", "use", "review", "draft", "sign", "request",
    "negotiate", "establish", "create", "build", "fund", "find", "escalate", "raise", "lobby", "introduce",
    "change", "amend", "extend", "share", "obtain", "identify", "map", "run", "hold", "invite", "adopt",
    "legal", "conflicting", "different", "systems", "consent", "records", "access", "lack", "only",
}


def join(words: list[str], last: str = "and") -> str:
    """British list: “a”, “a and b”, “a, b and c” (or “a, b or c”); a comma before the last word too when a
    word has an “and” of its own (“tenancy status and rent arrears, and health visitor contacts”)."""
    words = [w for w in words if w]
    if len(words) < 2:
        return "".join(words)
    comma = "," if any(" and " in w or " or " in w for w in words) else ""
    return f"{', '.join(words[:-1])}{comma} {last} {words[-1]}"


# Pure functions of their words, asked again and again for the same names in a report of many localities.
@functools.lru_cache(maxsize=8192)
def clause(text: str, drop: tuple[str, ...] = ()) -> str:
    """A user's phrase made to sit inside a sentence: one line, no final stop, no leading filler."""
    text = re.sub(r"\s+", " ", text or "").strip().rstrip(".;,: ")
    for prefix in drop:
        if text.lower().startswith(prefix):
            text = text[len(prefix):].lstrip()
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and (first[1:].islower() or not first[1:]) and first.lower() in _LOWER_STARTERS:
        text = text[0].lower() + text[1:]
    return text


@functools.lru_cache(maxsize=8192)
def noun(text: str) -> str:
    """A name set inside a sentence: “Live birth notifications” → “live birth notifications”, while
    names that start with an acronym or a proper name (“HMRC income”, “Jobcentre Plus claims”) stay."""
    words = text.split(" ")
    first, second = words[0], (words[1] if len(words) > 1 else "")
    if first[:1].isupper() and first[1:].islower() and not second[:1].isupper():
        return first.lower() + text[len(first):]
    return text


def _date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _where(graph: nx.DiGraph, blocked_in: list[NodeKey], total: int, every: str = " in any locality") -> str:
    """Where, inside a sentence: nothing for one locality, `every` for all of them, up to three names, else
    “in 8 of 10 localities”."""
    if total <= 1:
        return ""
    if len(blocked_in) == total:
        return every
    if len(blocked_in) <= 3:
        return f" in {join([analysis.name(graph, loc) for loc in blocked_in])}"
    return f" in {len(blocked_in)} of {total} localities"


PHRASE_LIMIT = 600  # one reason or step inside a sentence; the whole text stays in its own cell


def _short(text: str) -> str:
    return text if len(text) <= PHRASE_LIMIT else text[:PHRASE_LIMIT].rstrip() + "…"


def _step(graph: nx.DiGraph, action: NodeKey) -> str:
    data = graph.nodes[action]
    who = data["owner_body"] or data["owner_person"]
    notes = [who] if who else []
    if data["due"]:
        notes.append(f"by {_date(data['due'])}")
    suffix = f" ({', '.join(notes)})" if notes else ""
    return _short(clause(data["step"], ("to unblock access we need to ", "we need to ", "to "))) + suffix


# First words that make a step a thing to have (“a DWP data sharing agreement”) rather than a thing to do.
_THING_STARTS = {
    "a", "an", "the", "our", "their", "its", "one", "some", "more", "new", "better", "clear", "written", "signed",
    "formal", "legal", "national", "local", "data", "information", "access", "funding", "guidance", "legislation",
    "agreement", "approval", "permission", "clarity", "consent", "resources", "capacity", "budget",
}


def _is_thing(step: str) -> bool:
    """True when an action's step names something to have, not something to do: it starts with an
    article or one of the nouns above, an acronym (“DWP data sharing agreement”) or a number."""
    first = step.split(" ", 1)[0].strip("\"'“‘(")
    return first.lower() in _THING_STARTS or (len(first) > 1 and first.isupper()) or first[:1].isdigit()


def _needs(steps: list[str]) -> str:
    """What “we need”: things as they are, steps to take after “to” (“a gateway and to agree …”)."""
    things = [s for s in steps if _is_thing(s)]
    deeds = [s for s in steps if not _is_thing(s)]
    return join(things + ([f"to {join(deeds)}"] if deeds else []))


def _because(graph: nx.DiGraph, blockages: list[NodeKey], name_places: bool) -> str:
    """“because A and because B”, in a stable order (category, then words); with `name_places`, each
    reason recorded for one locality says which."""
    ordered = sorted(blockages, key=lambda b: (graph.nodes[b]["category"], graph.nodes[b]["reason"].casefold()))
    reasons: dict[str, list[str]] = {}
    for b in ordered:
        place = analysis.name(graph, analysis.blockage_locality(graph, b)) if name_places else ""
        places = reasons.setdefault(_short(clause(graph.nodes[b]["reason"], ("because ",))), [])
        if place and place not in places:
            places.append(place)
    if len(reasons) == 1:  # one reason everywhere: the places are already in the sentence
        return f"because {next(iter(reasons))}"
    return join([f"because {reason}" + (f" ({join(places)})" if places else "")
                 for reason, places in reasons.items()])


def stage_sentence(graph: nx.DiGraph, stage: NodeKey, locality: NodeKey | None = None) -> str:
    """The sentence for a stage in one locality, or across every locality when `locality` is None."""
    shown = analysis.circle(graph, stage, locality)
    return _sentence(graph, stage, locality, shown.items, len(shown.localities),
                     lambda: (analysis.blocked_items(graph, stage, locality),
                              [e for e in analysis.blocked_items(graph, stage, locality, "partial") if e.blockages]))


def _opening(graph: nx.DiGraph, stage: NodeKey) -> str:
    """“To accurately identify families” (the stage's aim), or “For design of support” when it has none."""
    data = graph.nodes[stage]
    aim = clause(data["aim"], ("to ",))
    return f"To {aim}" if aim else f"For {clause(data['name'])}"


def _needs_clause(opening: str, items: list) -> str:
    """“To … we need x and y, and it would help to have z”: the essential needs, then the useful ones."""
    essential = [noun(i.name) for i in items if i.priority == "essential"]
    useful = [noun(i.name) for i in items if i.priority != "essential"]
    if essential and useful:
        return f"{opening} we need {join(essential)}, and it would help to have {join(useful)}"
    return f"{opening} we need {join(essential or useful)}"


def _steps(graph: nx.DiGraph, actions: list[NodeKey]) -> list[str]:
    return list(dict.fromkeys(_step(graph, a) for a in actions if graph.nodes[a]["status"] != "done"))


def _sentence(graph: nx.DiGraph, stage: NodeKey, locality: NodeKey | None, items: list, total: int,
              find_held_back: Callable[[], tuple[list[analysis.BlockedItem], list[analysis.BlockedItem]]],
              needs: str | None = None) -> str:
    """The words of stage_sentence from the circle's items (each with .name, .priority and .counts over the
    `total` localities considered) and what holds them back — (blocked items, partly accessible items with
    a blockage recorded) — asked for only when the circle has items; `needs`, when given, is the opening
    clause already made from the items."""
    opening = _opening(graph, stage)
    if not items:
        return f"{opening} we have not yet listed the data we need."
    parts = [needs or _needs_clause(opening, items)]

    blocked, partly = find_held_back()
    for entry in blocked:
        where = _where(graph, entry.localities, total)
        item = noun(analysis.name(graph, entry.item))
        if entry.blockages:
            name_places = locality is None and len(entry.localities) > 1
            recorded = {graph.nodes[b]["locality_id"] for b in entry.blockages}
            unexplained = [] if None in recorded else [loc for loc in entry.localities if loc[1] not in recorded]
            silent = (f", and nobody has yet recorded why in {join([analysis.name(graph, loc) for loc in unexplained])}"
                      if unexplained else "")
            parts.append(f"we cannot access {item}{where} {_because(graph, entry.blockages, name_places)}{silent}")
        else:
            parts.append(f"we cannot access {item}{where}, and nobody has yet recorded why")
    for entry in partly:  # partly accessible, with what holds it back: the report's currency and granularity
        where = _where(graph, entry.localities, total, " in every locality")
        name_places = locality is None and len(entry.localities) > 1
        parts.append(f"we can only partly use {noun(analysis.name(graph, entry.item))}{where} "
                     f"{_because(graph, entry.blockages, name_places)}")

    # Across localities, “partly” means no locality has it in full and none is blocked from it.
    reasoned = {analysis.name(graph, e.item) for e in partly}
    partial = [noun(i.name) for i in items if i.name not in reasoned
               and i.counts["partial"] and not i.counts["accessible"] and not i.counts["blocked"]]
    unknown = [noun(i.name) for i in items if i.counts["unknown"] == total]
    if partial:
        parts.append(f"we can only partly access {join(partial)}")
    if unknown:
        parts.append(f"we do not yet know whether we can access {join(unknown, 'or')}")
    if not blocked and not partly and not partial and not unknown:
        parts.append("we can access " + ("it" if len(items) == 1 else "all of them")
                     + ("" if total <= 1 else " in every locality"))

    said: set[str] = set()
    for entry in blocked:
        item = noun(analysis.name(graph, entry.item))
        target = "access" if len(blocked) == 1 and not partly else f"access to {item}"
        steps = _steps(graph, entry.actions)
        said.update(steps)
        if steps:
            # A reason with no action of its own is not unblocked by the others' actions: say so.
            bare = [b for b in entry.blockages if not any(graph.nodes[a]["status"] != "done"
                                                        for a in analysis.actions_of(graph, b))]
            still = (f", and an action has yet to be agreed for “{_short(clause(graph.nodes[bare[0]]['reason']))}”"
                     + (f" and {len(bare) - 1} more reason{'s' if len(bare) > 2 else ''}" if len(bare) > 1 else "")
                     if bare else "")
            parts.append(f"to unblock {target} we need {_needs(steps)}{still}")
        elif entry.actions:
            parts.append(f"the actions agreed to unblock access to {item} are done, yet it is still blocked, "
                         "so a further action is needed")
        else:
            parts.append(f"no action to unblock access to {item} has been agreed yet")
    for entry in partly:
        item = noun(analysis.name(graph, entry.item))
        steps = [s for s in _steps(graph, entry.actions) if s not in said]
        if steps:
            parts.append(f"to improve access to {item} we need {_needs(steps)}")
        elif not entry.actions:
            parts.append(f"no action to improve access to {item} has been agreed yet")
    return "; ".join(parts) + "."


class _Shown:
    """What a sentence reads of a circle's item: its name, its priority and its status counts."""

    __slots__ = ("name", "priority", "counts")

    def __init__(self, name: str, priority: str, counts: dict[str, int]) -> None:
        self.name, self.priority, self.counts = name, priority, counts


def stage_sentences(graph: nx.DiGraph, stage: NodeKey, places: list[NodeKey | None]) -> list[str]:
    """stage_sentence(graph, stage, place) for each place (None: across every locality), word for word,
    for a report of many localities: the stage's items, their statuses, blockages and actions are looked
    up once here instead of once per sentence."""
    localities = nodes_of(graph, "locality")
    nodes = graph.nodes
    # One locality's counts hold a single 1: shared by every item in that status (they are only read).
    alone = {state: {**dict.fromkeys(analysis.STATUSES, 0), state: 1} for state in analysis.STATUSES}
    facts = []  # per needed item: key, name, priority, status per locality, blockages by locality, as shown alone
    for item in analysis.needed_items(graph, stage):
        statuses = dict(zip(localities, analysis.statuses(graph, item, localities)))
        blockages: dict[int | None, list[NodeKey]] = {}
        for b in analysis.blockages_of(graph, item):
            blockages.setdefault(nodes[b]["locality_id"], []).append(b)
        item_name, priority = analysis.name(graph, item), graph.adj[stage][item]["priority"]
        facts.append((item, item_name, priority, statuses, blockages,
                      {state: _Shown(item_name, priority, counts) for state, counts in alone.items()}))
    # The same items whatever the place, so the same opening clause.
    needs = _needs_clause(_opening(graph, stage), [fact[5]["unknown"] for fact in facts])
    actions: dict[NodeKey, list[NodeKey]] = {}

    def actions_of(blockage: NodeKey) -> list[NodeKey]:
        if blockage not in actions:
            actions[blockage] = analysis.actions_of(graph, blockage)
        return actions[blockage]

    def chosen_in(blockages: dict[int | None, list[NodeKey]], where: set[int | None]) -> list[NodeKey]:
        return sorted(b for ident in where for b in blockages.get(ident, ()))

    def held_back(item: NodeKey, where: list[NodeKey], blockages: dict) -> analysis.BlockedItem:
        chosen = chosen_in(blockages, {loc[1] for loc in where} | {None})
        return analysis.BlockedItem(item, where, chosen, [a for b in chosen for a in actions_of(b)])

    Found = tuple[list[_Shown], list[analysis.BlockedItem], list[analysis.BlockedItem]]

    def circle_in(place: NodeKey | None) -> Found:
        # As analysis.circle and analysis.blocked_items would find them for `place`.
        if place is not None:
            return one_locality(place)
        shown, blocked, partly = [], [], []
        for item, item_name, priority, statuses, blockages, _ in facts:
            counts = dict.fromkeys(analysis.STATUSES, 0)
            for loc in localities:
                counts[statuses.get(loc, "unknown")] += 1
            shown.append(_Shown(item_name, priority, counts))
            blocked_in = [loc for loc in localities if statuses.get(loc, "unknown") == "blocked"]
            if blocked_in:
                blocked.append(held_back(item, blocked_in, blockages))
            partial_in = [loc for loc in localities if statuses.get(loc, "unknown") == "partial"]
            if partial_in and (entry := held_back(item, partial_in, blockages)).blockages:
                partly.append(entry)
        return shown, blocked, partly

    def one_locality(place: NodeKey) -> Found:
        # The same for one locality, which a report asks for hundreds of times: one look-up an item.
        shown, blocked, partly = [], [], []
        for item, _, _, statuses, blockages, as_shown in facts:
            state = statuses.get(place, "unknown")
            shown.append(as_shown[state])
            if state == "blocked":
                blocked.append(held_back(item, [place], blockages))
            elif state == "partial" and (entry := held_back(item, [place], blockages)).blockages:
                partly.append(entry)
        return shown, blocked, partly

    sentences = []
    for place in places:
        shown, blocked, partly = circle_in(place)
        total = len(localities) if place is None else 1
        sentences.append(_sentence(graph, stage, place, shown, total,
                                   lambda found=(blocked, partly): found, needs))
    return sentences


def map_sentences(graph: nx.DiGraph, locality: NodeKey | None = None) -> list[tuple[NodeKey, str]]:
    """(stage, sentence) for every stage in journey order."""
    return [(stage, stage_sentence(graph, stage, locality)) for stage in nodes_of(graph, "stage")]


def is_plural(words: str) -> bool:
    """Whether a name (or a list of names) takes “are”: a list, or a head noun ending in -s
    (“live birth notifications”, “police call-outs to family addresses”), but not -ss/-us/-is (“status”)."""
    if " and " in words or "," in words:
        return True
    head = words
    for joint in (" to ", " of ", " from ", " for ", " by ", " with ", " at ", " in ", " on ", " about "):
        head = head.split(joint, 1)[0]
    words = head.strip().lower().split()
    if len(words) > 1 and words[-1].endswith("ed"):  # “benefits claimed”: the noun comes before
        words.pop()
    last = words[-1].strip("()") if words else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "ics"))


def plural(n: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun: “1 status”, “2 statuses”, “1 locality”, “3 localities”, “280 access records”
    (pass `plural` where adding -s, -es or -ies is wrong)."""
    if n == 1:
        return f"{n} {singular}"
    if plural is None:
        last = singular.rsplit(" ", 1)[-1]
        if last.endswith(("s", "x", "z", "ch", "sh")):
            plural = singular + "es"
        elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
            plural = singular[:-1] + "ies"
        else:
            plural = singular + "s"
    return f"{n} {plural}"
