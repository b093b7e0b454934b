"""The report's reference pages: the item × locality matrix, the data item catalogue, and the charts."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
import networkx as nx

from exports.report_data import Scope, category_counts, locality_counts, sorted_matrix_items
from exports.report_sheets import status_chart, value_labels
from exports.xlsx import Book, sentence_case
from models import analysis
from models.compare import Solved, ask_sentence, held_back_in, names_of
from models.sentences import clause
from models.vocabulary import (
    ACCESS, ACCESS_COLOUR, ACCESS_LETTER, AGREEMENT_TIER, GRANULARITY, NATURE, PRIORITY, VOLUME,
)

MATRIX_FIXED = ["Data item", "Holder", "Accessible in", "Who to ask"]
TURNED_CAP = 160.0  # points: the tallest the matrix's heading row grows for its locality names


def turned_height(characters: int) -> float:
    """The height of a heading row that shows `characters` of bold 10-point text turned upwards, at most
    TURNED_CAP."""
    return min(TURNED_CAP, 8 + 6.5 * characters)


TURNED_CHARACTERS = int((TURNED_CAP - 8) / 6.5)  # the most a turned heading shows: 23


def locality_labels(names: list[str], room: int = TURNED_CHARACTERS, taken: list[str] = ()) -> list[str]:
    """The matrix's column headings: each locality's name where it has `room` characters or fewer; a longer
    one has the words it starts with in common with another name put as their initials (“Royal Borough of
    Kingston upon Thames” → “RB Kingston upon Thames”), and is cut with “…” if still too long. No two headings
    read alike (nor like one in `taken`), as a table needs and a reader does: one that would ends with the end
    of its name instead, or failing that a number."""
    words = [name.split() for name in names]
    starts = Counter(tuple(w[:n]) for w in words for n in range(1, len(w)))

    def short(name: str, split: list[str]) -> str:
        if len(name) <= room:
            return name
        shared = next((n for n in range(len(split) - 1, 0, -1) if starts[tuple(split[:n])] > 1), 0)
        initials = "".join(w[0] for w in split[:shared] if w[:1].isupper())
        if shared and initials:
            name = " ".join([initials, *split[shared:]])
        return name if len(name) <= room else name[:room - 1].rstrip() + "…"

    labels = [short(name, split) for name, split in zip(names, words)]
    seen = Counter(label.strip().casefold() for label in [*labels, *taken])
    for index, (label, name) in enumerate(zip(labels, names)):
        if seen[label.strip().casefold()] > 1 and label != name:
            labels[index] = "…" + name[-(room - 1):].lstrip()
    used = {label.strip().casefold() for label in taken}
    for index, label in enumerate(labels):
        number, candidate = 1, label
        while candidate.strip().casefold() in used:
            number += 1
            candidate = f"{label[:room - len(str(number)) - 1]} {number}"
        labels[index] = candidate
        used.add(candidate.strip().casefold())
    return labels


def write_localities(book: Book, graph: nx.DiGraph, scope: Scope, solved: list[Solved]) -> None:
    """The item × locality matrix; `solved`: who_has_solved(graph), for whom to ask."""
    localities = scope.localities
    sheet = book.sheet("Localities", [30, 20, 11, 24] + [5.5] * len(localities), freeze="C4")
    sheet.row(("Who can get what: data item × locality", "heading"))
    # Locality names run upwards so that many localities fit across a page; those too long for the tallest
    # heading row are shortened, never so that two read alike, and the note says whose they are.
    names = [analysis.name(graph, loc) for loc in localities]
    labels = locality_labels(names, taken=MATRIX_FIXED)
    shortened = [f"“{label}” is {name}" for label, name in zip(labels, names) if label != name]
    sheet.row(("  ".join(f"{ACCESS_LETTER[s]} = {ACCESS.label(s)}" for s in ACCESS.values)
               + ". Items some localities can access and others cannot come first: ask those who can how they do it."
               + (f" Shortened in the headings: {'; '.join(shortened)}." if shortened else ""),
               "note"), span=True)
    longest = max((len(label) for label in labels), default=8)
    header = sheet.row(*MATRIX_FIXED, *((label, "header_turned") for label in labels),
                       style="header", height=turned_height(longest))
    # The letters share one style; their colours come from conditional formats over the whole matrix.
    letters = {s: (ACCESS_LETTER[s], "letter") for s in ACCESS.values}
    solved_by_item = {entry.item: entry for entry in solved}  # whom to ask, as the sheet after says
    for item in sorted_matrix_items(graph, scope.items, localities):
        statuses = analysis.statuses(graph, item, localities)
        held = held_back_in(graph, item, localities, statuses)
        entry = solved_by_item.get(item)
        # Whom those of these localities held back can ask (Solved.teachers_for, for them all at once).
        teachers = entry.teachers if entry is not None and held and not set(held).isdisjoint(entry.blocked) else []
        asks = names_of(graph, teachers) or ("Nobody has solved it yet" if held else "—")
        sheet.row((analysis.name(graph, item), "strong"), analysis.name(graph, analysis.holder(graph, item)),
                  (f"{statuses.count('accessible')} of {len(localities)}", "number"), asks,
                  *(letters[s] for s in statuses))
    if localities and sheet.row_count > header:
        sheet.colour_letters(header + 1, len(MATRIX_FIXED) + 1, sheet.row_count, len(MATRIX_FIXED) + len(localities),
                             {s: ACCESS_LETTER[s] for s in ACCESS.values}, ACCESS_COLOUR)
    sheet.table("Matrix", [*MATRIX_FIXED, *labels], header, sheet.row_count,
                ["header"] * len(MATRIX_FIXED) + ["header_turned"] * len(labels))
    sheet.repeat_rows(header)
    sheet.repeat_first_column()


SOLVED_HEADERS = ["Data item", "Holder", "Accessible in", "Partly accessible, nothing in the way", "Blocked or held back in",
                  "Why it is held back there", "Who to ask"]


def solved_entries(graph: nx.DiGraph, scope: Scope, solved: list[Solved]) -> list[Solved]:
    """Items in scope some localities have solved and others have not; in a report for chosen localities,
    those held back in at least one of them, as they stand there (the others are whom they can learn from)."""
    in_scope = set(scope.items)
    if scope.every_locality:
        return [s for s in solved if s.item in in_scope]
    # A paper for chosen localities speaks of their own learning: those of them held back, and whom to ask.
    chosen = set(scope.localities)

    def theirs(entry: Solved) -> Solved:
        learners = [loc for loc in entry.blocked if loc in chosen]
        where = {loc[1] for loc in learners} | {None}
        reasons = [graph.nodes[b]["reason"] for b in analysis.blockages_of(graph, entry.item)
                   if graph.nodes[b]["locality_id"] in where]
        return dataclasses.replace(entry, blocked=learners, reasons=list(dict.fromkeys(reasons)))

    return [theirs(s) for s in solved if s.item in in_scope and chosen.intersection(s.blocked)]


def write_solved(book: Book, graph: nx.DiGraph, scope: Scope, solved: list[Solved]) -> None:
    # 168 wide: on A4 at 8 points or more, as LibreOffice measures columns (exports.xlsx.Sheet.printed_width).
    sheet = book.sheet("Who has solved it", [22, 14, 25, 19, 25, 29, 34], freeze="B4")
    sheet.row(("Who has solved it: items some localities can get and others cannot", "heading"))
    sheet.row(("One row per data item some localities have solved and others have not, the widest split first. "
               "Not solved: blocked, or only partly accessible with a blockage recorded. Those held back can ask "
               "those with full access how they do it.", "note"), span=True)
    header = sheet.row(*SOLVED_HEADERS, style="header")
    entries = solved_entries(graph, scope, solved)
    for entry in entries:
        sheet.row((analysis.name(graph, entry.item), "strong"),
                  analysis.name(graph, entry.holder) or "Not recorded",
                  names_of(graph, entry.accessible) or "—",
                  names_of(graph, [loc for loc in entry.partial if loc not in entry.blocked]) or "—",
                  names_of(graph, entry.blocked),
                  sentence_case("; ".join(clause(r) for r in entry.reasons)) or "No reason recorded yet",
                  ask_sentence(graph, entry, limit=None))  # a cell has room for every name
    if entries:
        sheet.table("Solved", SOLVED_HEADERS, header, sheet.row_count)
    else:  # a note across the page, merged: no table over it
        sheet.row(("No data item is solved in some localities and held back in others.", "note"), span=True)
    sheet.repeat_rows(header)


def _yes_no(value: bool | None) -> str:
    return "Not known" if value is None else ("Yes" if value else "No")


ITEM_HEADERS = ["Data item", "Description", "Holder", "Needed at (priority)", "Personal", "Kind of data",
                "Form of sharing", "Identifier", "Granularity", "Months in arrears", "Updated",
                "Pseudonymised would do", "Legal basis or gateway", "Consent needed", "Agreement tier",
                "Agreement reference"]


def write_items(book: Book, graph: nx.DiGraph, scope: Scope) -> None:
    sheet = book.sheet("Data items", [24, 34, 18, 24, 9, 14, 14, 13, 11, 9, 12, 12, 26, 9, 12, 16], freeze="B3")
    sheet.row(("The data item catalogue: what each item is and what decides whether it can be shared", "heading"))
    header = sheet.row(*ITEM_HEADERS, style="header")
    for item in scope.items:
        data = graph.nodes[item]
        needs = ", ".join(f"{analysis.name(graph, s)} ({PRIORITY.label(graph.adj[s][item]['priority']).lower()})"
                          for s in analysis.stages_needing(graph, item))
        months = data["months_in_arrears"]
        sheet.row((data["name"], "strong"), data["description"], analysis.name(graph, analysis.holder(graph, item)),
                  needs or "No stage yet", _yes_no(data["personal"]), NATURE.label(data["nature"]),
                  VOLUME.label(data["volume"]), data["identifier"], GRANULARITY.label(data["granularity"]),
                  (months, "number") if months is not None else "", data["update_frequency"],
                  _yes_no(data["pseudonymised_ok"]), data["legal_basis"], _yes_no(data["consent_needed"]),
                  AGREEMENT_TIER.label(data["agreement_tier"]), data["agreement_reference"])
    sheet.table("DataItems", ITEM_HEADERS, header, header + len(scope.items))
    sheet.repeat_rows(header)


ROWS_PER_PICTURE = 44  # default rows are 20 px: a 880 px picture


def write_charts(book: Book, graph: nx.DiGraph, scope: Scope, progress: Callable[[str], None],
                 picture: Callable[[int], bytes] | None = None) -> None:
    """The charts, then (when `picture` is given) the picture of each stage's circle: picture(index) gives
    the index-th stage's PNG."""
    sheet = book.sheet("Charts", [26, 12, 12, 12, 12, 3, 12, 12, 12, 12, 12, 12, 12, 12])
    sheet.row(("Charts and the circle of each stage", "heading"))
    sheet.blank()

    categories = category_counts(graph, scope.blockages)
    first = sheet.row("Category", "Blockages", style="header") + 1
    for label, count in categories:
        sheet.row((label, "strong"), (count, "number"))
    last = first + len(categories) - 1
    if categories:
        chart = book.chart("bar")
        chart.add_series({"name": sheet.cells(first - 1, 2), "categories": sheet.cells(first, 1, last, 1),
                          "values": sheet.cells(first, 2, last, 2), "fill": {"color": "#1F3A5F"},
                          "data_labels": value_labels()})
        chart.set_title({"name": "Blockages by category"})
        chart.set_legend({"none": True})
        chart.set_x_axis({"major_gridlines": {"visible": False}})  # a bar chart's x axis holds its values
        chart.set_y_axis({"reverse": True})  # the categories top down, in the table's order
        sheet.chart(chart, "G3", 16, 7.5)
    sheet.blank(max(2, 17 - len(categories)))

    # Access by locality, on the same page: the table beside its chart; the chart grows with the localities.
    first = sheet.row("Locality", *(ACCESS.label(s) for s in ACCESS.values), style="header") + 1
    for locality in scope.localities:
        counts = locality_counts(graph, locality, scope.items)
        sheet.row((analysis.name(graph, locality), "strong"), *((counts[s], "number") for s in ACCESS.values))
    last = first + len(scope.localities) - 1
    height = max(8.0, 0.8 * len(scope.localities) + 3)
    if scope.localities:
        chart = status_chart(book, sheet, "Access by locality: data items in each status", first, last, 2,
                             horizontal=True)
        sheet.chart(chart, f"G{first - 1}", 18, height)
    rows_used = max(len(scope.localities) + 1, int(height / 0.53) + 1)
    sheet.blank(max(2, rows_used - len(scope.localities)))

    if picture is not None:
        for index, stage in enumerate(scope.stages):
            progress(f"the picture of {analysis.name(graph, stage)}")
            sheet.page_break(sheet.row_count)
            row = sheet.row((f"The circle of need: {analysis.name(graph, stage)}", "heading"))
            sheet.picture(picture(index), row + 1, (ROWS_PER_PICTURE - 2) * 20)
            sheet.blank(ROWS_PER_PICTURE)
