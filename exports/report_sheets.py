"""The report's reading pages: the summary, the sentences, the blockage register and the action plan."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import networkx as nx

from exports.report_data import Scope, blockage_label, stage_counts
from exports.report_front import long_date, where, write_changes, write_progress
from exports.xlsx import Book, Sheet, sentence_case
from models import analysis, asks
from models.graph import nodes_of
from models.sentences import plural
from models.vocabulary import ACCESS_COLOUR, ACTION_STATUS, CATEGORY, LEVEL, REACH, REACH_COLOUR, REACH_NOTE

NO_ACTION = "No action agreed yet"


def short_date(day: dt.date) -> str:
    """A date as a date cell shows it (exports.xlsx.DATE_FORMAT), for a cell holding several: “30 Sep 2012”."""
    return f"{day.day} {day:%b %Y}"



# Positive numbers shown, zero shown as nothing: a stacked segment of 0 would otherwise print a stray “0”.
HIDE_ZERO = "0;-0;;@"


def value_labels() -> dict:
    return {"value": True, "num_format": HIDE_ZERO}


def status_chart(book: Book, sheet: Sheet, title: str, first_row: int, last_row: int, first_column: int,
                 horizontal: bool = False, colours: tuple[str, ...] = tuple(ACCESS_COLOUR.values())):
    """A stacked bar chart of access statuses over rows first_row…last_row of `sheet` (their names in
    column A, the series' names in the row above), one series per status in its own colour, values
    labelled so it reads in black and white too."""
    chart = book.chart("bar" if horizontal else "column", stacked=True)
    for offset, colour in enumerate(colours):  # the colour of each column's series, in column order
        column = first_column + offset
        chart.add_series({
            "name": sheet.cells(first_row - 1, column),
            "categories": sheet.cells(first_row, 1, last_row, 1),
            "values": sheet.cells(first_row, column, last_row, column),
            "fill": {"color": colour}, "border": {"color": "#FFFFFF"},
            "data_labels": value_labels(), "gap": 40, "overlap": 100,
        })
    chart.set_title({"name": title})
    # A bar chart's x axis is its value axis; its categories run top down, first locality at the top.
    values = {"name": "Data items", "major_gridlines": {"visible": False}}
    if horizontal:
        chart.set_x_axis(values)
        chart.set_y_axis({"reverse": True})
    else:
        chart.set_y_axis(values)
    chart.set_legend({"position": "bottom"})
    return chart


def write_summary(book: Book, graph: nx.DiGraph, scope: Scope, today: dt.date, since) -> None:
    """After page 1: where the data each stage needs stands (counts by reach, a chart), the progress of the
    actions and everything that changed since the snapshot `since` (exports.report.Since, or None)."""
    info = graph.graph["map"]
    sheet = book.sheet("Summary", [28, 10, 13, 13, 13, 13, 13])
    sheet.row((" · ".join(t for t in (info.get("area"), info.get("programme")) if t) or " ", "subtitle"))
    sheet.row((f"Covers {where(graph, scope)} and {plural(len(scope.stages), 'stage')} of the family's journey; "
               f"dated {long_date(today)}.", "note"), span=True)
    sheet.blank()

    sheet.row(("Access to the data each stage needs", "heading"))
    sheet.row((REACH_NOTE, "note"), span=True)
    headers = ["Stage", "Items needed", *REACH.labels.values()]
    header_row = sheet.row(*headers, style="header")
    for stage in scope.stages:
        counts = stage_counts(graph, stage, scope.localities)
        sheet.row((analysis.name(graph, stage), "strong"), *((counts[k], "number") for k in ("needed", *REACH.values)))
    last = header_row + len(scope.stages)
    if scope.stages:
        chart = status_chart(book, sheet, "Data items per stage, over the localities covered", header_row + 1,
                             last, 3, colours=tuple(REACH_COLOUR[k] for k in REACH.values))
        sheet.chart(chart, f"A{last + 2}", 17, 6.2)
    sheet.blank(14)

    # The progress under the chart where it fits, else on a page of its own: its heading never alone.
    first = sheet.row_count + 1
    write_progress(sheet, graph, scope, today, since)
    sheet.keep(first, sheet.row_count, least=6)
    sheet.blank()
    if since is not None:
        write_changes(sheet, since)


SENTENCE_HEADERS = ["Stage", "Locality", "Sentence"]
SENTENCE_HEADER_ROW = 2


def sentences_sheet(book: Book) -> Sheet:
    """The sentences' sheet in its place among the sheets; its rows come when the sentences are ready."""
    sheet = book.sheet("Sentences by stage", [24, 16, 120], freeze="A3")
    sheet.row(("What each stage needs, what is blocked, and what would unblock it", "heading"))
    sheet.repeat_rows(sheet.row(*SENTENCE_HEADERS, style="header"))
    return sheet


def write_sentences(sheet: Sheet, graph: nx.DiGraph, scope: Scope, progress,
                    sentences: Callable[[int], list[str]]) -> None:
    """A row per stage and place; `sentences(index)` gives the index-th stage's for scope.sentence_places,
    the same words as stage_sentence."""
    places = scope.sentence_places
    for index, stage in enumerate(scope.stages):
        progress(f"sentences for {analysis.name(graph, stage)}")
        for place, sentence in zip(places, sentences(index)):
            sheet.row((analysis.name(graph, stage), "strong"),
                      ("All localities" if place is None else analysis.name(graph, place), "strong"),
                      sentence)
    sheet.table("Sentences", SENTENCE_HEADERS, SENTENCE_HEADER_ROW, sheet.row_count)


REGISTER_HEADERS = ["Ref", "Stage(s)", "Data item", "Holder", "Locality", "Category", "Reason", "Evidence",
                    "Action", "Level", "Owner", "Status", "Due date", "Why it matters"]


def write_register(book: Book, graph: nx.DiGraph, scope: Scope) -> None:
    sheet = book.sheet("Blockages", [6, 16, 20, 16, 11, 12, 36, 26, 36, 10, 18, 10, 13, 28], freeze="D3")
    sheet.row(("The blockage register: one row per blockage, what it puts at risk first", "heading"))
    header = sheet.row(*REGISTER_HEADERS, style="header")

    # What each item contributes to its rows, worked out once per item rather than once per blockage.
    chosen_stages = set(scope.stages)
    items: dict = {}

    def about(item):
        if item not in items:
            stages = analysis.stages_needing(graph, item)
            in_scope = [s for s in stages if s in chosen_stages]
            name = analysis.name(graph, item)
            items[item] = (graph.nodes[in_scope[0]]["position"] if in_scope else 10**9, name, name.casefold(),
                           ", ".join(analysis.name(graph, s) for s in stages) or "Not needed by any stage",
                           analysis.name(graph, analysis.holder(graph, item)) or "Not recorded")
        return items[item]

    impacts = asks.blockage_impacts(graph, scope.blockages)

    @functools.cache  # many blockages of one item put the same at risk
    def why(impact: asks.Impact) -> str:
        return sentence_case(impact.words(graph)) if impact.total else ""

    def order(blockage):
        first, _, folded, _, _ = about(analysis.blockage_item(graph, blockage))
        locality = analysis.blockage_locality(graph, blockage)
        return (-impacts[blockage].score, first, folded, locality is not None,
                analysis.name(graph, locality).casefold(), blockage[1])

    for blockage in sorted(scope.blockages, key=order):
        data = graph.nodes[blockage]
        _, item_name, _, stage_names, holder_name = about(analysis.blockage_item(graph, blockage))
        locality = analysis.blockage_locality(graph, blockage)
        actions = [graph.nodes[a] for a in analysis.actions_of(graph, blockage)]
        many = len(actions) > 1

        def lines(field, show=lambda v: v or "") -> str:
            return "\n".join((f"{n}. " if many and field == "step" else "") + sentence_case(show(a[field]))
                             for n, a in enumerate(actions, 1))

        owners = "\n".join(analysis.owner_of(a) or "No owner yet" for a in actions)
        due = [a["due"] for a in actions]
        sheet.row(f"B{blockage[1]}", stage_names, (item_name, "strong"), holder_name,
                  analysis.name(graph, locality) if locality else "All",
                  CATEGORY.label(data["category"]), sentence_case(data["reason"]), data["evidence"],
                  lines("step") or NO_ACTION, lines("level", LEVEL.label), owners if actions else "",
                  lines("status", ACTION_STATUS.label),
                  (due[0], "date") if len(due) == 1 and due[0] else
                  "\n".join(short_date(d) if d else "—" for d in due) if any(due) else "",
                  why(impacts[blockage]))
    last = header + len(scope.blockages)
    sheet.table("Blockages", REGISTER_HEADERS, header, last)
    sheet.repeat_rows(header)


ACTION_HEADERS = ["Owner and step", "What it unblocks", "Localities helped", "Owner (person)", "Status", "Due date"]


def action_headers(total: int) -> list[str]:
    return [f"Localities helped (of {total})" if h == "Localities helped" else h for h in ACTION_HEADERS]


def write_actions(book: Book, graph: nx.DiGraph, scope: Scope, found: list[asks.Ask]) -> None:
    sheet = book.sheet("Actions", [56, 44, 12, 20, 12, 13], freeze="A4")
    sheet.row(("The action plan: what would unblock access, by level and owner", "heading"))
    sheet.row(("Dropped actions are left out; owners and their actions come in the order of the asks' ranking "
               "(done actions last). “Localities helped” counts the localities where the data item is blocked or "
               "only partly accessible that the action would unblock or improve.", "note"), span=True)
    in_scope = set(scope.blockages)
    total = len(nodes_of(graph, "locality"))
    header = sheet.row(*action_headers(total), style="header")
    rank = {action: number for number, ask in enumerate(found) for action in ask.actions}
    for level, owners in analysis.actions_by_level(graph).items():
        chosen = {owner: [a for a in actions if analysis.action_blockage(graph, a) in in_scope]
                  for owner, actions in owners.items()}
        chosen = {owner: actions for owner, actions in chosen.items() if actions}
        chosen = dict(sorted(chosen.items(), key=lambda kv: min(rank.get(a, len(rank)) for a in kv[1])))
        count = sum(len(a) for a in chosen.values())
        band = sheet.row((f"{LEVEL.label(level)} — {count} action{'s' if count != 1 else ''}", "band"),
                         *(("", "band") for _ in ACTION_HEADERS[1:]), height=20)
        if not chosen:
            sheet.row(("No actions at this level.", "note"))
        for owner, actions in chosen.items():
            group = sheet.row((owner, "group"), *(("", "group") for _ in ACTION_HEADERS[1:]))
            sheet.keep(group, group + len(actions), least=2, whole=False)  # an owner with two steps at least
            for action in sorted(actions, key=lambda a: (rank.get(a, len(rank)), graph.nodes[a]["due"] or dt.date.max,
                                                         a[1])):
                data = graph.nodes[action]
                blockage = analysis.action_blockage(graph, action)
                helped = len(asks.localities_helped(graph, action))
                sheet.row((sentence_case(data["step"]), "step"),
                          f"{blockage_label(graph, blockage)} ({CATEGORY.label(graph.nodes[blockage]['category'])})",
                          (helped, "number"), data["owner_person"],
                          ACTION_STATUS.label(data["status"]), (data["due"], "date") if data["due"] else "")
        # A level on a fresh page when it fits on one and this page is half full; its band never alone.
        sheet.keep(band, sheet.row_count, least=3)
    # One table under the headings (filter buttons): the level and owner rows are rows of it, with nothing in
    # the columns filtered on, so a filter by status or due date shows the steps alone; no cell is merged.
    sheet.table("Actions", action_headers(total), header, sheet.row_count)
    sheet.repeat_rows(header)
