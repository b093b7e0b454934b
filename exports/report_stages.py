"""The paper's “Stages” sheet: for each stage its short statement (models.statements) and a table of its gaps —
where each data item is blocked or only partly usable, why, the action, its owner and due date."""

from __future__ import annotations

import networkx as nx

from exports.report_data import Scope
from exports.xlsx import Book, sentence_case
from models import analysis, asks
from models.statements import gaps, stage_statement
from models.vocabulary import ACTION_STATUS

# A paper, not a register: at national scale a stage has thousands of gaps, all of them in the register.
ROWS_PER_STAGE = 60
STAGE_HEADERS = ["Localities", "Data item", "Access there", "Reason", "Action", "Owner", "Due", "Status"]
# 167 wide: its text prints at 8 points on A4 even as LibreOffice measures columns (Sheet.printed_width).
STAGE_WIDTHS = [21, 22, 13, 33, 33, 20, 13, 12]


def write_stages(book: Book, graph: nx.DiGraph, scope: Scope) -> None:
    sheet = book.sheet("Stages", STAGE_WIDTHS, freeze="A2")
    sheet.row(("Each stage: what it needs, what blocks it and what would unblock it", "heading"))
    localities = scope.localities
    total = len(localities)
    for number, stage in enumerate(scope.stages, 1):
        first = sheet.row((analysis.name(graph, stage), "group"), *(("", "group") for _ in STAGE_HEADERS[1:]))
        sheet.row((stage_statement(graph, stage, localities), "text"), span=True)
        found = gaps(graph, stage, localities)
        if found:
            header = sheet.row(*STAGE_HEADERS, style="header")
            rows = [row for gap in found for row in _rows(graph, gap, localities, total)]
            for row in rows[:ROWS_PER_STAGE]:
                sheet.row(*row)
            # Each stage's gaps a table of their own (filter buttons); the statement above it, out of it.
            sheet.table(f"Stage{number}", STAGE_HEADERS, header, sheet.row_count)
            sheet.repeat_rows(header)
            if len(rows) > ROWS_PER_STAGE:
                sheet.row((f"The {ROWS_PER_STAGE} rows above are about the most important gaps; "
                           f"{len(rows) - ROWS_PER_STAGE} more are in the blockage register (sheet “Blockages”).",
                           "note"), span=True)
        # A stage on the page it starts, whole where it fits on one: on a fresh page when this one is at least
        # half full; else its name, statement, headings and first two gaps together.
        sheet.keep(first, sheet.row_count, least=4)
    if not scope.stages:
        sheet.row(("This map has no stages yet.", "note"), span=True)


def _rows(graph: nx.DiGraph, gap, localities: list, total: int) -> list[tuple]:
    """One row per blockage standing in the way of the gap's item (its own locality, or every locality where it
    holds), the first live action with it; a row saying nobody has recorded why where nothing is recorded."""
    item = analysis.name(graph, gap.item)
    wanted = set(gap.blocked + gap.partial)
    rows = []
    explained = set()
    for blockage in gap.blockages:
        where = [loc for loc in asks.impeded_localities(graph, blockage, localities) if loc in wanted]
        explained.update(where)
        states = {analysis.status(graph, gap.item, loc) for loc in where}
        access = "Blocked" if states == {"blocked"} else "Partly" if states == {"partial"} else "Blocked or partly"
        live = [a for a in analysis.actions_of(graph, blockage) if graph.nodes[a]["status"] in asks.LIVE]
        action = graph.nodes[live[0]] if live else None
        rows.append((_places(graph, where, total), (item, "strong"), access,
                     sentence_case(graph.nodes[blockage]["reason"]),
                     sentence_case(action["step"]) if action else "No action agreed yet",
                     analysis.owner_of(action) if action else "",
                     (action["due"], "date") if action and action["due"] else "",
                     ACTION_STATUS.label(action["status"]) if action else ""))
    unexplained = [loc for loc in gap.blocked if loc not in explained]
    if unexplained:
        rows.append((_places(graph, unexplained, total), (item, "strong"), "Blocked", "Nobody has recorded why yet",
                     "", "", "", ""))
    return rows


def _places(graph: nx.DiGraph, where: list, total: int) -> str:
    if total > 1 and len(where) == total:
        return f"Every locality ({total})"
    names = [analysis.name(graph, loc) for loc in where]
    return ", ".join(names) if len(names) <= 6 else f"{len(names)} of {total}: " + ", ".join(names)
