"""The borough input workbook: one row per data item for one locality (status, reason, category, action,
level, owner), with drop-down lists, a hidden About sheet saying which map and locality it is for, and a
very hidden sheet of the answers as the template wrote them, so that a fill can tell what the borough changed
from what the map has changed since. `exports.borough_fill` reads it back."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import networkx as nx
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from exports.sanitise import clean, looks_like_formula, sheet_name
from models.files import write_beside
from models.analysis import actions_of, blockages_of, holder, name, stages_needing, status
from models.cleaning import name_key
from models.errors import InvalidInput
from models.graph import nodes_of
from models.change import NodeKey
from models.vocabulary import ACCESS, CATEGORY, LEVEL

MARKER = "Circle of Need borough input"
FORMAT = 2  # 2: with the answers as written (a format-1 workbook cannot say which answers the borough changed)
ABOUT = "About"
HELP = "How to fill in"
WRITTEN = "As written"
# (header, width, filled in by the borough)
RECORDED = "Already recorded — for information"
COLUMNS = (
    ("Data item", 42, False), ("Held by", 28, False), ("Needed at", 26, False), ("Status", 18, True),
    (RECORDED, 44, False), ("Reason it is blocked", 48, True), ("Category", 20, True), ("Action that would unblock it", 48, True),
    ("Level", 18, True), ("Owner", 28, True), ("Said by", 26, True),
)
HEADERS = tuple(c[0] for c in COLUMNS)
ANSWERS = tuple(c[0] for c in COLUMNS if c[2])  # the columns a borough fills in
# Columns a workbook may lack and the fill ignores: templates made before RECORDED existed still read.
FOR_INFORMATION = (RECORDED,)
ROW_LIMIT = 10_000


def fingerprint(graph: nx.DiGraph) -> str:
    """A short digest of the map's data item names: the same map gives the same fingerprint."""
    names = sorted(name(graph, i).casefold() for i in nodes_of(graph, "item"))
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()[:16]


def find_locality(graph: nx.DiGraph, wanted: str) -> NodeKey:
    for key in nodes_of(graph, "locality"):
        if name_key(name(graph, key)) == name_key(wanted):
            return key
    known = ", ".join(name(graph, k) for k in nodes_of(graph, "locality")) or "none"
    raise InvalidInput(f"There is no locality called “{wanted}” in this map; it has: {known}.")


def current_blockage(graph: nx.DiGraph, item: NodeKey, locality: NodeKey) -> NodeKey | None:
    """The blockage a template row shows and a fill edits: the item's first one recorded in that locality."""
    own = [b for b in blockages_of(graph, item, locality) if graph.nodes[b]["locality_id"] == locality[1]]
    return own[0] if own else None


def recorded_blockages(graph: nx.DiGraph, item: NodeKey, locality: NodeKey) -> list[NodeKey]:
    """Every blockage already recorded for an item in a locality: the locality's own and the national ones
    (recorded for every locality), national first."""
    found = blockages_of(graph, item, locality)
    return sorted(found, key=lambda b: (graph.nodes[b]["locality_id"] is not None, b))


def recorded_text(graph: nx.DiGraph, item: NodeKey, locality: NodeKey) -> str:
    """The reasons already recorded, one a line: “• Legal, everywhere: there is no gateway”."""
    lines = []
    for b in recorded_blockages(graph, item, locality):
        data = graph.nodes[b]
        where = "everywhere" if data["locality_id"] is None else name(graph, locality)
        lines.append(f"• {CATEGORY.label(data['category'])}, {where}: {data['reason']}")
    return "\n".join(lines)


def current_action(graph: nx.DiGraph, blockage: NodeKey | None) -> NodeKey | None:
    if blockage is None:
        return None
    found = actions_of(graph, blockage, include_dropped=True)
    return found[0] if found else None


def _article(word: str) -> str:
    """“an access status”, “an action level”, “a category” (the vocabularies' names need no rarer rule)."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def _put(ws, row: int, column: int, value: object) -> None:
    """A cell through the one sanitiser: text stays text, never a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = clean(value)
        cell._value, cell.data_type = text, "s"
        if looks_like_formula(text):
            cell.quotePrefix = True
    else:
        cell.value = value


def answers(graph: nx.DiGraph, item: NodeKey, locality: NodeKey) -> dict[str, str]:
    """What the map says for one item in one locality, in the borough's columns, as a template shows it."""
    blockage = current_blockage(graph, item, locality)
    action = current_action(graph, blockage)
    edge = graph.get_edge_data(item, locality) or {}
    b = graph.nodes[blockage] if blockage else {}
    a = graph.nodes[action] if action else {}
    said = {"Status": ACCESS.label(status(graph, item, locality)), "Reason it is blocked": b.get("reason", ""),
            "Category": CATEGORY.label(b.get("category")) if b else "",
            "Action that would unblock it": a.get("step", ""), "Level": LEVEL.label(a.get("level")) if a else "",
            "Owner": a.get("owner_body", ""), "Said by": edge.get("said_by", "")}
    return {header: clean(text).strip() for header, text in said.items()}


def template_rows(graph: nx.DiGraph, locality: NodeKey) -> list[list[object]]:
    rows = []
    for item in nodes_of(graph, "item"):
        shown = answers(graph, item, locality)
        shown |= {"Data item": name(graph, item), "Held by": name(graph, holder(graph, item)),
                  "Needed at": ", ".join(name(graph, s) for s in stages_needing(graph, item)),
                  RECORDED: recorded_text(graph, item, locality)}
        rows.append([shown[header] for header in HEADERS])
    return rows


def write_template(graph: nx.DiGraph, locality_name: str, target: str | os.PathLike[str]) -> Path:
    """Write the input workbook for one locality of the map; returns the path written."""
    locality = find_locality(graph, locality_name)
    target = Path(target)
    if target.suffix.lower() != ".xlsx":
        raise InvalidInput(f"The input workbook's name should end in .xlsx, e.g. {locality_name}.xlsx.")
    if not target.parent.is_dir():
        raise InvalidInput(f"The folder {target.parent} does not exist.")
    wb = Workbook()
    taken = {ABOUT, HELP}
    ws = wb.active
    ws.title = sheet_name(name(graph, locality), taken)
    bold, band = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F3A5F")
    entry = PatternFill("solid", fgColor="FFF8DC")  # the cells a borough fills in
    grey, quiet = PatternFill("solid", fgColor="E7E7E7"), Font(italic=True, color="444444")  # for information
    recorded = HEADERS.index(RECORDED) + 1
    for column, (header, width, _) in enumerate(COLUMNS, 1):
        _put(ws, 1, column, header)
        ws.cell(row=1, column=column).font = bold
        ws.cell(row=1, column=column).fill = band if header != RECORDED else PatternFill("solid", fgColor="5F5F5F")
        ws.cell(row=1, column=column).alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(column)].width = width
    rows = template_rows(graph, locality)
    for r, values in enumerate(rows, 2):
        for column, value in enumerate(values, 1):
            _put(ws, r, column, value)
            cell = ws.cell(row=r, column=column)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if COLUMNS[column - 1][2]:
                cell.fill = entry
            elif column == recorded:
                cell.fill, cell.font = grey, quiet
    ws.freeze_panes = "B2"
    last = max(len(rows) + 1, 2)
    for header, choices in (("Status", ACCESS), ("Category", CATEGORY), ("Level", LEVEL)):
        column = get_column_letter(HEADERS.index(header) + 1)
        check = DataValidation(type="list", formula1='"' + ",".join(choices.labels.values()) + '"',
                               allow_blank=True, showErrorMessage=True, errorTitle=f"Not {_article(choices.what)} {choices.what}",
                               error=f"Choose one of: {', '.join(choices.labels.values())}.")
        check.add(f"{column}2:{column}{last}")
        ws.add_data_validation(check)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"

    help_sheet = wb.create_sheet(HELP)
    help_sheet.column_dimensions["A"].width = 110
    lines = [
        f"{graph.graph['map'].get('title') or 'Circle of Need map'} — input for {name(graph, locality)}",
        "",
        f"On the sheet “{ws.title}”, fill in the yellow columns for each data item, as things stand in "
        f"{name(graph, locality)}:",
        "Status: Accessible, Partly accessible, Blocked or Unknown (pick from the list).",
        "Reason it is blocked and Category: why you cannot get it (the category from the list).",
        "Action that would unblock it, Level (Local, Greater Manchester, National) and Owner (the body who must act).",
        "Said by: who told you the status.",
        f"The grey column “{RECORDED}” lists every reason the map already holds for that data item in "
        f"{name(graph, locality)} or everywhere (national blockages). Do not type those again: a reason that "
        "matches one already recorded is not added a second time.",
        "Leave a cell blank to keep what the map already says. Do not rename the data items, add columns or sheets:",
        "the map reads this workbook back with `circle-of-need fill MAP.needmap THIS.xlsx` or File ▸ Fill in "
        "from a borough's workbook.",
    ]
    for r, line in enumerate(lines, 1):
        _put(help_sheet, r, 1, line)
        help_sheet.cell(row=r, column=1).alignment = Alignment(wrap_text=True)
    help_sheet.cell(row=1, column=1).font = Font(bold=True, size=14)

    about = wb.create_sheet(ABOUT)
    for r, (key, value) in enumerate((
        ("marker", MARKER), ("format", FORMAT), ("map title", graph.graph["map"].get("title", "")),
        ("locality", name(graph, locality)), ("sheet", ws.title), ("fingerprint", fingerprint(graph)),
        ("data items", len(rows)), ("made on", dt.date.today().isoformat()),
    ), 1):
        _put(about, r, 1, key)
        _put(about, r, 2, value)
    about.sheet_state = "hidden"
    # The answers as written, out of the borough's sight: a fill compares each answer with it, so an answer left
    # as it was never overwrites one the map has changed since (an old workbook filled in late).
    written = wb.create_sheet(WRITTEN)
    _put(written, 1, 1, "locality")
    _put(written, 1, 2, name(graph, locality))
    for column, header in enumerate(("Data item", *ANSWERS), 1):
        _put(written, 2, column, header)
    for r, values in enumerate(rows, 3):
        for column, header in enumerate(("Data item", *ANSWERS), 1):
            _put(written, r, column, values[HEADERS.index(header)])
    written.sheet_state = "veryHidden"
    wb.active = 0

    return write_beside(target, wb.save, ".xlsx.part")
