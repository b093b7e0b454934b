"""The paper's front: page 1 (what Greater Manchester and the national bodies are asked to do, and what changed
since the last meeting) and the progress of the actions (by status and level, overdue, due soon, done since)."""

from __future__ import annotations

import datetime as dt

import networkx as nx

from exports.report_data import Scope
from exports.xlsx import Book, Sheet
from models import analysis, asks
from models.graph import nodes_of
from models.sentences import join, plural
from models.snapshots import HEADINGS
from models.vocabulary import ACTION_STATUS, LEVEL

ASKS_ON_PAGE_ONE = 5  # per box
CHANGES_ON_PAGE_ONE = 6
SOON = 30  # days: “due in the next 30 days”
DECISION_HEADERS = ["#", "Ask", "Data items (stages)", "Localities", "Due", "Status", "Why it ranks here"]
DECISION_WIDTHS = [4, 46, 32, 22, 13, 15, 40]
BOX_TITLE = {"gm": "Greater Manchester is asked to", "national": "National bodies (Whitehall, the ICO, the MOJ…) are asked to"}


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def brief(text: str, limit: int = 300) -> str:
    """Text for page 1, which must stay one readable page: cut at a word with “…” (the whole text is on
    “Actions”)."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def where(graph: nx.DiGraph, scope: Scope) -> str:
    """What a report covers: “all 10 localities”, up to four names, or “12 localities”."""
    if scope.every_locality:
        return f"all {len(scope.localities)} localities"
    names = [analysis.name(graph, loc) for loc in scope.localities]
    return ", ".join(names) if len(names) <= 4 else f"{len(names)} localities"


def write_decision(book: Book, graph: nx.DiGraph, scope: Scope, today: dt.date, found: list[asks.Ask],
                   since) -> None:
    """Page 1, one A4 landscape page: the asks of Greater Manchester and of the national bodies, most important
    first, each with its owner, items and stages, localities, due date, status (overdue in words) and why it
    ranks there; then what changed since the snapshot `since` (exports.report.Since, or None)."""
    info = graph.graph["map"]
    # What a file list, Explorer's tooltip or File ▸ Properties says of the workbook; the paper is the
    # programme's where the map names one.
    book.properties(f"{info.get('title') or 'Circle of need'} — leadership group paper",
                    "Data and information sharing", info.get("programme") or "Circle of Need")
    sheet = book.sheet("For decision", DECISION_WIDTHS)
    sheet.one_page()
    sheet.row((info.get("title") or "Circle of need", "title"), height=26)
    sheet.row((f"Data and information sharing — paper for the Political Leadership Group, {long_date(today)}. "
               f"Covers {where(graph, scope)}.", "subtitle"), span=True)
    sheet.row(("The group is asked to press the bodies below for these actions, the most important first, and to "
               "note what is late and what changed since the last meeting.", "note"), span=True)
    for level in ("gm", "national"):
        here = [a for a in found if a.level == level]
        sheet.blank()
        late = sum(a.overdue for a in here)
        count = plural(len(here), "ask") + (f", {late} overdue" if late else "")
        shown = f"; the first {ASKS_ON_PAGE_ONE} here, all on “Actions”" if len(here) > ASKS_ON_PAGE_ONE else ""
        sheet.row((f"{BOX_TITLE[level]} ({count}{shown})", "heading"), span=True)
        sheet.row(*DECISION_HEADERS, style="header")
        for number, ask in enumerate(here[:ASKS_ON_PAGE_ONE], 1):
            stages = join([analysis.name(graph, s) for s in ask.stages])
            items = asks.item_words(graph, ask) + (f" ({stages})" if stages else "")
            sheet.row((number, "number"), (brief(asks.line(graph, ask)), "strong"), brief(items),
                      asks.places(graph, ask.localities, ask.impact.total),
                      (ask.due, "date") if ask.due else ("—" if not ask.agreed else "No date set"),
                      (asks.status_words(ask), "strong" if ask.overdue else "text"),
                      asks.sentence_case(ask.impact.words(graph))
                      + (f". Learn from {asks.learn_words(graph, ask)}" if ask.learn_from and ask.agreed else ""))
        if not here:
            sheet.row((f"No ask of {asks.LEVEL_ASKED[level]} yet.", "note"), span=True)
    sheet.blank()
    write_changes(sheet, since, CHANGES_ON_PAGE_ONE)


def write_changes(sheet: Sheet, since, limit: int | None = None) -> None:
    """What changed since the snapshot, most important first; with `limit`, that many lines and a count of
    the rest."""
    if since is None:
        heading = sheet.row(("What changed since the last meeting", "heading"), span=True)
        sheet.row(("No earlier meeting is marked in this map. Mark this paper as reported (File ▸ Mark as "
                   "reported, or circle-of-need snapshot MAP --name …) and the next paper will say what changed.",
                   "note"), span=True)
        sheet.keep(heading, heading + 1)
        return
    heading = sheet.row((f"What changed since “{since.name}” ({long_date(since.taken_on)})", "heading"), span=True)
    lines = list(since.lines)
    for line in lines[:limit] if limit else lines:
        sheet.row((f"• {HEADINGS.get(line.kind, line.kind)}: {line.words}", "text"), span=True)
    if not lines:
        sheet.row(("Nothing has changed since then.", "note"), span=True)
    elif limit and len(lines) > limit:
        sheet.row((f"… and {len(lines) - limit} more changes: all of them on the sheet “Summary”.", "note"),
                  span=True)
    sheet.keep(heading, sheet.row_count, least=3, whole=False)  # the heading with its first lines


def scoped_actions(graph: nx.DiGraph, scope: Scope) -> list:
    in_scope = set(scope.blockages)
    return [a for a in nodes_of(graph, "action") if analysis.action_blockage(graph, a) in in_scope]


def write_progress(sheet: Sheet, graph: nx.DiGraph, scope: Scope, today: dt.date, since) -> None:
    """The actions counted by status and level, those overdue against the report's date, those due in the next
    30 days, and those done since the snapshot."""
    actions = scoped_actions(graph, scope)
    sheet.row(("Progress of the actions", "heading"))
    header = sheet.row("Level", *ACTION_STATUS.labels.values(), "Overdue", style="header")
    for level in LEVEL.values:
        here = [graph.nodes[a] for a in actions if graph.nodes[a]["level"] == level]
        sheet.row((LEVEL.label(level), "strong"), *((sum(a["status"] == s for a in here), "number")
                                                   for s in ACTION_STATUS.values),
                  (sum(_overdue(a, today) for a in here), "number"))
    every = [graph.nodes[a] for a in actions]
    sheet.row(("All levels", "strong"), *((sum(a["status"] == s for a in every), "number") for s in ACTION_STATUS.values),
              (sum(_overdue(a, today) for a in every), "number"))
    sheet.table("Progress", ["Level", *ACTION_STATUS.labels.values(), "Overdue"], header, header + len(LEVEL.values) + 1)
    overdue = sorted((a for a in actions if _overdue(graph.nodes[a], today)), key=lambda a: graph.nodes[a]["due"])
    soon = sorted((a for a in actions if _due_soon(graph.nodes[a], today)), key=lambda a: graph.nodes[a]["due"])
    sheet.blank()
    sheet.row((f"Overdue on {long_date(today)}: {plural(len(overdue), 'open action')}"
               + (f", the longest since {long_date(graph.nodes[overdue[0]]['due'])}" if overdue else "") + ".",
               "strong"), span=True)
    sheet.row((f"Due in the next {SOON} days: {plural(len(soon), 'action')}" + (":" if soon else "."), "strong"),
              span=True)
    for action in soon:
        data = graph.nodes[action]
        sheet.row((f"• {asks.sentence_case(data['step'])} — {analysis.owner_of(data) or 'no owner yet'}, by "
                   f"{long_date(data['due'])} ({ACTION_STATUS.label(data['status']).lower()})", "text"), span=True)
    if since is not None:
        done = [line for line in since.lines if line.kind == "action done"]
        sheet.row((f"Done since “{since.name}”: {plural(len(done), 'action')}" + (":" if done else "."), "strong"),
                  span=True)
        for line in done:
            sheet.row((f"• {line.words}", "text"), span=True)


def _overdue(action: dict, today: dt.date) -> bool:
    return action["status"] in asks.LIVE and action["due"] is not None and action["due"] < today


def _due_soon(action: dict, today: dt.date) -> bool:
    return action["status"] in asks.LIVE and action["due"] is not None and \
        today <= action["due"] <= today + dt.timedelta(days=SOON)
