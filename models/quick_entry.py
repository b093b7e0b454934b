"""The workshop's quick-entry grammar: one typed line → what it asks for; and forgiving name look-ups.

Pure and Qt-free. `parse(text)` never raises: it returns an Entry (or an Entry of kind "error" with
a hint saying how to put the line right). `find_item` / `find_agency` match names against the graph
case-insensitively and forgivingly, and say in a hint when they guessed.

    Live birth data @Maternity services     add the item to this stage, held by that agency
    Live birth data @Maternity: why         … with the purpose of the need
    !Live birth data: no sharing agreement  blocked in the locality shown, with that reason
    !Live birth data: … [legal]             … with the category given (else guessed from the words)
    +Live birth data    ~Live birth data    accessible / partly accessible in the locality shown
    >Live birth data: ask the trust (gm)    an action unblocking its blockage, with its level
    timer 10                                set the timebox to 10 minutes
    ?                                       show the grammar
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from models.change import NodeKey
from models.vocabulary import CATEGORY, LEVEL

HELP = (
    ("Live birth data @Maternity services", "add a data item this stage needs, held by that agency"),
    ("!Live birth data: no sharing agreement", "blocked in this locality, with the reason  [legal] sets the kind"),
    ("+Live birth data", "accessible in this locality"),
    ("~Live birth data", "partly accessible in this locality"),
    (">Live birth data: ask the Caldicott guardian (gm)", "an action to unblock it: (local) (gm) (national)"),
    ("-Live birth data", "take it out of this stage's circle (it stays in the map)"),
    ("timer 10", "a 10-minute timebox   T start/pause   Shift+T reset (keys on the wall: Tab)"),
    ("Ctrl+Z   Ctrl+Shift+Z", "undo / redo the last line"),
)

MAX_MINUTES = 600


@dataclass(frozen=True)
class Entry:
    """What one line asks for.

    kind      add | block | accessible | partial | action | timer | help | error
    item      the data item's name as typed (add, block, accessible, partial, action)
    holder    add: the agency after @ ("" when none)
    text      add: the purpose; block: the reason; action: the step
    category  block: a CATEGORY value; `category_given` says whether it was tagged or guessed
    level     action: a LEVEL value; `level_given` likewise
    minutes   timer: with text "set"; text "toggle" starts or pauses, "reset" resets
    hint      error: what is wrong and how to put it right
    """

    kind: str
    item: str = ""
    holder: str = ""
    text: str = ""
    category: str = ""
    category_given: bool = False
    level: str = ""
    level_given: bool = False
    minutes: float = 0.0
    hint: str = ""


def _error(hint: str) -> Entry:
    return Entry("error", hint=hint)


def tidy(text: str) -> str:
    """Strip, collapse runs of white space to one space, and drop control characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return " ".join(text.split())


def fold(text: str) -> str:
    """The form names are compared in: tidied, case-folded, punctuation read as a space (“call-outs”
    is “call outs”, as a facilitator types it when the room is talking)."""
    return " ".join(re.sub(r"[^\w\s]", " ", tidy(text).casefold()).split())


# ---- categories and levels --------------------------------------------------------------------

# Words that suggest a blockage's category, tried in this order; the first that matches wins.
_CATEGORY_WORDS: tuple[tuple[str, re.Pattern], ...] = (
    ("legal", re.compile(r"\b(legal\w*|illegal\w*|laws?|lawful\w*|unlawful\w*|legislation|gateways?|statut\w*)\b",
                         re.I)),
    ("consent", re.compile(r"\b(consent\w*)\b", re.I)),
    ("technical", re.compile(r"\b(systems?|identifiers?|technical\w*|software|databases?|interfaces?|"
                             r"incompatible|formats?)\b", re.I)),
    ("technical", re.compile(r"\bIT\b")),  # the capital letters only: "it" is not information technology
    ("resource", re.compile(r"\b(time|resourc\w*|staff\w*|capacity|funding|budgets?|costs?)\b", re.I)),
    ("currency", re.compile(r"\b(arrears|late|out of date|wards?|SOAs?|granularity|aggregated?|delays?)\b", re.I)),
    ("cultural", re.compile(r"\b(cultur\w*|never shared|willing\w*|unwilling\w*|reluctan\w*)\b", re.I)),
)

# Short forms a facilitator may type in [brackets].
_CATEGORY_TAGS = {"tech": "technical", "it": "technical", "org": "organisational", "organisation": "organisational",
                  "organizational": "organisational", "law": "legal", "granularity": "currency",
                  "culture": "cultural", "resources": "resource"}

_LEVEL_TAGS = {"local": "local", "loc": "local", "l": "local", "gm": "gm", "greater manchester": "gm",
               "sub regional": "gm", "subregional": "gm", "regional": "gm", "national": "national",
               "nat": "national", "n": "national", "whitehall": "national"}


def guess_category(reason: str) -> str:
    """The blockage category the words of a reason suggest; organisational when none does."""
    for category, pattern in _CATEGORY_WORDS:
        if pattern.search(reason):
            return category
    return "organisational"


def category_of_tag(tag: str) -> str | None:
    """A [tag]'s category: a stored value, a label, a short form or an unambiguous start of one."""
    word = fold(tag)
    if word in _CATEGORY_TAGS:
        return _CATEGORY_TAGS[word]
    for stored, label in CATEGORY.labels.items():
        if word in (stored, fold(label)):
            return stored
    starts = {s for s, label in CATEGORY.labels.items() if len(word) >= 3
              and (s.startswith(word) or fold(label).startswith(word))}
    return starts.pop() if len(starts) == 1 else None


def level_of_tag(tag: str) -> str | None:
    word = fold(tag)
    if word in _LEVEL_TAGS:
        return _LEVEL_TAGS[word]
    for stored, label in LEVEL.labels.items():
        if word == fold(label):
            return stored
    return None


# ---- parsing ----------------------------------------------------------------------------------

_TIMER = re.compile(r"^timer(?:\s+(?:(?P<reset>reset)|(?P<n>\d+(?:[.,]\d+)?)\s*"
                    r"(?P<unit>m|min|mins|minutes?|s|secs?|seconds?)?))?$", re.I)
_CATEGORY_TAG = re.compile(r"\[([^\[\]]*)\]")
_LEVEL_TAG = re.compile(r"\(([^()]*)\)\s*$")
_HELP_WORDS = {"?", "help", "h?", "??"}
_MARKS = {"!": "block", "+": "accessible", "~": "partial", ">": "action", "-": "remove"}


def _split_colon(text: str) -> tuple[str, str]:
    head, _, tail = text.partition(":")
    return tidy(head), tidy(tail)


def parse(text: object) -> Entry:
    """What a typed line asks for. Never raises; an unusable line is an Entry("error", hint=…)."""
    try:
        return _parse(tidy("" if text is None else text))
    except Exception as e:  # noqa: BLE001 — the grammar must never take the workshop down
        return _error(f"That line could not be read ({type(e).__name__}); type ? for the grammar.")


def _parse(line: str) -> Entry:
    if not line:
        return _error("Type a data item and press Enter; ? shows what else you can type.")
    if line.casefold() in _HELP_WORDS:
        return Entry("help")
    if _TIMER.match(line) or re.match(r"^timer\s+\d", line, re.I):
        return _parse_timer(line)
    mark = line[0]
    if mark in _MARKS:
        return _parse_marked(_MARKS[mark], tidy(line[1:]))
    if mark in "@:":
        return _error("Start with the data item's name, then @ and the agency that holds it, "
                      "e.g. Live birth data @Maternity services.")
    return _parse_add(line)


def _parse_timer(line: str) -> Entry:
    match = _TIMER.match(line)
    if not match:
        return _error("Say how many minutes, e.g. timer 10 (or timer 90s); timer alone starts or pauses it, "
                      "timer reset resets it.")
    if match["reset"]:
        return Entry("timer", text="reset")
    if match["n"] is None:
        return Entry("timer", text="toggle")
    amount = float(match["n"].replace(",", "."))
    minutes = amount / 60 if (match["unit"] or "m").casefold().startswith("s") else amount
    if not 0 < minutes <= MAX_MINUTES:
        return _error(f"A timebox is between a few seconds and {MAX_MINUTES} minutes, e.g. timer 10.")
    return Entry("timer", text="set", minutes=minutes)


def _parse_add(line: str) -> Entry:
    head, purpose = _split_colon(line)
    item, at, holder = head.partition("@")
    item, holder = tidy(item), tidy(holder)
    if not item:
        return _error("Start with the data item's name, e.g. Live birth data @Maternity services.")
    if at and not holder:
        return _error(f"Name the agency after @, e.g. {item} @Maternity services (or leave out the @).")
    if "@" in holder:
        return _error("Only one @agency per line: the agency that holds the data item.")
    return Entry("add", item=item, holder=holder, text=purpose)


def _parse_marked(kind: str, rest: str) -> Entry:
    examples = {"block": "!Live birth data: no sharing agreement with the trust",
                "accessible": "+Live birth data", "partial": "~Live birth data",
                "action": ">Live birth data: ask the Caldicott guardian (local)"}
    if kind == "remove":
        return Entry(kind, item=rest) if rest else _error("Name the data item to take out, e.g. -Live birth data.")
    if kind in ("accessible", "partial"):
        item, extra = _split_colon(rest)
        if not item:
            return _error(f"Name the data item after the mark, e.g. {examples[kind]}.")
        return Entry(kind, item=item, text=extra)
    item, text = _split_colon(rest)
    if not item:
        return _error(f"Name the data item after the mark, e.g. {examples[kind]}.")
    if kind == "block":
        return _parse_block(item, text, examples[kind])
    return _parse_action(item, text, examples[kind])


def _parse_block(item: str, reason: str, example: str) -> Entry:
    tags = _CATEGORY_TAG.findall(reason)
    reason = tidy(_CATEGORY_TAG.sub(" ", reason))
    category, given = "", False
    if tags:
        category = category_of_tag(tags[-1]) or ""
        if not category:
            return _error(f"“[{tidy(tags[-1])}]” is not a kind of blockage; use one of: "
                          + ", ".join(f"[{v}]" for v in CATEGORY.values) + ".")
        given = True
    if not reason:
        if given:
            return _error(f"Say why it is blocked after a colon, e.g. {example}.")
        return Entry("block", item=item)  # blocked, the reason still to come
    return Entry("block", item=item, text=reason, category=category or guess_category(reason),
                 category_given=given)


def _parse_action(item: str, step: str, example: str) -> Entry:
    level, given = "local", False
    match = _LEVEL_TAG.search(step)
    if match and level_of_tag(match[1]):
        level, given = level_of_tag(match[1]), True
        step = tidy(step[:match.start()])
    if not step:
        return _error(f"Say what would unblock it after a colon, e.g. {example}.")
    return Entry("action", item=item, text=step, level=level, level_given=given)


# ---- names against the graph ------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A name looked up: the node found (None: none), how, and a hint when it was a guess or failed."""

    key: NodeKey | None
    how: str  # exact | prefix | close | none | ambiguous
    hint: str = ""


def _names(graph: nx.DiGraph, keys: Iterable[NodeKey]) -> dict[str, list[NodeKey]]:
    """Folded name (and short name) → keys, for the nodes given."""
    found: dict[str, list[NodeKey]] = {}
    for key in keys:
        data = graph.nodes[key]
        for name in {data.get("name") or "", data.get("short_name") or ""}:
            if name:
                found.setdefault(fold(name), []).append(key)
    return found


def _display(graph: nx.DiGraph, key: NodeKey) -> str:
    return graph.nodes[key]["name"]


def find(graph: nx.DiGraph, kind: str, typed: str, prefer: Iterable[NodeKey] = (), guess: bool = True,
         prefix: bool = True, cutoff: float = 0.8) -> Match:
    """Find the node of `kind` a typed name means: the same name in any case and spacing; else (with
    `prefix`) the one name it starts; else (with `guess`) the closest name (difflib). Nodes in
    `prefer` (e.g. the circle shown) win a tie."""
    what = {"item": "data item", "agency": "agency"}.get(kind, kind)
    wanted = fold(typed)
    if not wanted:
        return Match(None, "none", f"Name the {what}.")
    preferred = [k for k in prefer if k in graph and k[0] == kind]
    pools = [preferred, [k for k in graph if k[0] == kind]] if preferred else [[k for k in graph if k[0] == kind]]
    for pool in pools:
        names = _names(graph, pool)
        if wanted in names and len(set(names[wanted])) == 1:
            return Match(names[wanted][0], "exact")
    for pool in pools:
        names = _names(graph, pool)
        if prefix and len(wanted) >= 3:
            starts = {k for name, keys in names.items() if name.startswith(wanted) for k in keys}
            if len(starts) == 1:
                key = starts.pop()
                return Match(key, "prefix", f"“{typed}” taken as “{_display(graph, key)}”.")
            if len(starts) > 1 and pool is pools[-1]:
                choices = sorted(_display(graph, k) for k in starts)[:4]
                return Match(None, "ambiguous", f"“{typed}” could be " + " or ".join(f"“{c}”" for c in choices)
                             + "; type more of the name.")
        if guess:
            close = difflib.get_close_matches(wanted, list(names), n=2, cutoff=cutoff)
            keys = {k for name in close[:1] for k in names[name]}
            if len(keys) == 1 and not (len(close) > 1 and difflib.SequenceMatcher(None, wanted, close[1]).ratio()
                                       == difflib.SequenceMatcher(None, wanted, close[0]).ratio()):
                key = keys.pop()
                return Match(key, "close", f"“{typed}” taken as “{_display(graph, key)}”.")
    return Match(None, "none", f"There is no {what} called “{typed}” in this map.")


def find_item(graph: nx.DiGraph, typed: str, stage: NodeKey | None = None) -> Match:
    """A data item referred to by a mark (! + ~ >): items in the stage's circle are preferred."""
    prefer = list(graph.adj[stage]) if stage is not None and stage in graph else []
    return find(graph, "item", typed, prefer)


def find_item_to_add(graph: nx.DiGraph, typed: str) -> Match:
    """An existing item a new line names: the same name, or a near miss (a typo: 90% alike, so that
    “Delta records” stays new beside “Beta records”); never a mere start, since “Live birth” may well
    be a new item beside “Live birth notifications”."""
    match = find(graph, "item", typed, prefix=False, cutoff=0.9)
    if match.how == "close":
        return Match(match.key, "close", f"{match.hint[:-1]} (already in the map).")
    return match


def find_agency(graph: nx.DiGraph, typed: str) -> Match:
    """The agency after @: its name or short name, a unique start of one, or a near miss."""
    return find(graph, "agency", typed)


def find_item_to_remove(graph: nx.DiGraph, typed: str, stage: NodeKey) -> Match:
    """The data item of the stage's circle a removal (-) names. The name as the wall shows it is taken at
    once: whole, or its first words (a long name is cut with “…” on the wall). A name that is only close
    (a typo) comes back with how "close": the facilitator is asked before anything is removed."""
    circle = [k for k in graph.adj[stage] if k[0] == "item"] if stage in graph else []
    wanted = fold(typed.rstrip(" .…"))
    if not wanted:
        return Match(None, "none", "Name the data item to take out.")
    names = _names(graph, circle)
    if wanted in names and len(set(names[wanted])) == 1:
        return Match(names[wanted][0], "exact")
    starts = {k for name, keys in names.items() if name.startswith(wanted) for k in keys}
    # The first words, as a cut name shows them (the last word typed may be cut too: "tenancy enf…").
    if len(starts) == 1 and len(wanted) >= 3:
        return Match(starts.pop(), "exact")
    if len(starts) > 1:
        choices = sorted(_display(graph, k) for k in starts)[:4]
        return Match(None, "ambiguous", f"“{typed}” could be " + " or ".join(f"“{c}”" for c in choices)
                     + "; type more of the name.")
    # A typo: the closest name, or the closest start of a name as long as what was typed.
    best: tuple[float, NodeKey | None] = (0.0, None)
    second = 0.0
    for name, keys in names.items():
        words = name.split()
        head = " ".join(words[:len(wanted.split())])
        ratio = max(difflib.SequenceMatcher(None, wanted, name).ratio(),
                    difflib.SequenceMatcher(None, wanted, head).ratio())
        for key in set(keys):
            if key == best[1]:
                best = (max(best[0], ratio), key)
            elif ratio > best[0]:
                second, best = max(second, best[0]), (ratio, key)
            else:
                second = max(second, ratio)
    if best[1] is not None and best[0] >= 0.75 and best[0] > second:
        return Match(best[1], "close", f"“{typed}” taken as “{_display(graph, best[1])}”.")
    stage_name = graph.nodes[stage]["name"] if stage in graph else "this stage"
    return Match(None, "none", f"There is no data item called “{typed}” in the circle of {stage_name}.")


def short_names(graph: nx.DiGraph) -> list[str]:
    """The agencies' short names ("Council", "HMRC"): typed whole after @, they need no completing."""
    return sorted({graph.nodes[k].get("short_name") or "" for k in graph if k[0] == "agency"} - {""}, key=str.casefold)


def completions(graph: nx.DiGraph) -> tuple[list[str], list[str]]:
    """The names to offer while typing: data items, and agencies (after @)."""
    items = sorted((graph.nodes[k]["name"] for k in graph if k[0] == "item"), key=str.casefold)
    agencies = sorted((graph.nodes[k]["name"] for k in graph if k[0] == "agency"), key=str.casefold)
    return items, agencies


def help_lines() -> list[tuple[str, str]]:
    return list(HELP)
