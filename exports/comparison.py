"""The comparison workbook: the item × locality matrix, who has solved it, and the asks by who must act —
a sheet each for national bodies, Greater Manchester and each locality, ranked as models.asks ranks them (the
compare panel shows the same rows). Streamed (write-only) so 400 items × 152 localities stays quick; every
string passes exports.sanitise."""

from __future__ import annotations

import math
import os
import textwrap
from copy import copy
from pathlib import Path

import networkx as nx
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.formatting.rule import CellIsRule
from openpyxl.utils import get_column_letter

from exports.sanitise import clean, looks_like_formula, sheet_name
from models.files import write_beside
from models import asks
from models.analysis import STATUSES, holder, name, stages_needing, status_counts
from models.compare import ask_sentence, matrix_groups, names_of, who_has_solved
from models.errors import InvalidInput
from models.graph import nodes_of
from models.sentences import plural
from models.vocabulary import ACCESS, ACCESS_COLOUR, ACCESS_LETTER

FONT = "Arial"
LETTERS = 6  # the matrix's first status-letter column (F), after five fixed columns
_LINE = Side(style="thin", color="A6B1C2")
# Landscape A4 between 0.4" margins holds about 150 width units of 10 pt Arial at full size. Sheets up to
# FIT_WIDTH units are shrunk to one page across and stay at 8 pt or more; wider ones (a national matrix of
# 152 localities) print at full size across several pages, the item columns repeated on each.
FIT_WIDTH = 185
LINE_HEIGHT = 12  # points per line of 10 pt Arial, as LibreOffice sets it (11.5) with a little over


def _tint(colour: str, share: float = 0.45) -> str:
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * share):02X}" for c in rgb)


_STYLES = {
    "title": dict(font=Font(name=FONT, size=16, bold=True, color="1F2A44")),
    "note": dict(font=Font(name=FONT, size=9, italic=True, color="555555")),
    "header": dict(font=Font(name=FONT, size=10, bold=True, color="FFFFFF"),
                   fill=PatternFill("solid", fgColor="1F3A5F"),
                   alignment=Alignment(wrap_text=True, vertical="center")),
    "locality": dict(font=Font(name=FONT, size=9, bold=True, color="FFFFFF"),
                     fill=PatternFill("solid", fgColor="1F3A5F"),
                     alignment=Alignment(text_rotation=90, horizontal="center", vertical="bottom")),
    "group": dict(font=Font(name=FONT, size=10, bold=True, color="1F2A44"),
                  fill=PatternFill("solid", fgColor="DCE4EE")),
    "text": dict(font=Font(name=FONT, size=10), alignment=Alignment(wrap_text=True, vertical="top"),
                 border=Border(bottom=_LINE)),
    "line": dict(font=Font(name=FONT, size=10), alignment=Alignment(wrap_text=True, vertical="center"),
                 border=Border(bottom=_LINE)),
    "count": dict(font=Font(name=FONT, size=10), alignment=Alignment(horizontal="center", vertical="center"),
                  border=Border(bottom=_LINE)),
    "letter": dict(font=Font(name=FONT, size=9, bold=True),
                   alignment=Alignment(horizontal="center", vertical="center")),
    "number": dict(font=Font(name=FONT, size=10), alignment=Alignment(horizontal="center", vertical="top"),
                   border=Border(bottom=_LINE)),
} | {f"status:{s}": dict(font=Font(name=FONT, size=9, bold=True),
                         fill=PatternFill("solid", fgColor=_tint(ACCESS_COLOUR[s]) if s != "unknown" else "EEEEEE"),
                         alignment=Alignment(horizontal="center", vertical="center"),
                         border=Border(bottom=_LINE, right=_LINE)) for s in STATUSES}


class _Writer:
    """Write-only cells from prepared style templates (copying a style is far cheaper than building it)."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)
        self.names: set[str] = set()
        self._templates: dict[tuple[str, bool], object] = {}
        self._widths: dict[str, list[float]] = {}
        self._rows: dict[str, int] = {}

    def sheet(self, title: str, widths: list[float], freeze: str | None = None, running: str = "",
              repeat_columns: str | None = None):
        ws = self.workbook.create_sheet(sheet_name(title, self.names))
        self._widths[ws.title], self._rows[ws.title] = list(widths), 0
        for n, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(n)].width = width
        if freeze:
            ws.freeze_panes = freeze
        # Landscape A4, one page wide (down as many pages as it takes) when that keeps text readable.
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9
        if sum(widths) <= FIT_WIDTH:
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        elif repeat_columns:
            ws.print_title_cols = repeat_columns
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.page_margins.header = ws.page_margins.footer = 0.25
        # Running head: the map on the left, the sheet on the right; page numbers at the foot. A user's
        # title is text in a header, where “&” starts a code: doubled, it prints as itself.
        ws.oddHeader.left.text = clean(running, 80).replace("&", "&&")
        ws.oddHeader.right.text = "&A"
        ws.oddHeader.left.size = ws.oddHeader.right.size = 10
        ws.oddFooter.center.text = "Page &P of &N"
        ws.oddFooter.center.size = 10
        return ws

    def height(self, ws, values: list[object], widths: list[float] | None = None, line: float = LINE_HEIGHT) -> None:
        """Make the next row tall enough for its wrapped text (a streamed sheet cannot measure it); where
        a line is expected to wrap, one line of slack, as LibreOffice and Excel break lines a little differently."""
        lines = 1
        for value, width in zip(values, widths or self._widths[ws.title]):
            parts = str(value[0] if isinstance(value, tuple) else value or "").split("\n")
            # About 1.5 characters of 10 pt Arial fit a unit of column width (the width of a “0” in Calibri 11)
            # in LibreOffice's PDF, at any scale (font and columns shrink together); 1.4 is assumed.
            wrapped = sum(max(1, math.ceil(len(part) / max((width - 1) * 1.4, 1))) for part in parts)
            lines = max(lines, wrapped + (wrapped > len(parts)))
        ws.row_dimensions[self._rows[ws.title] + 1].height = line * min(lines, 30) + 4

    def cell(self, ws, value: object, style: str = "text") -> WriteOnlyCell:
        cell = WriteOnlyCell(ws)
        quoted = False
        if isinstance(value, str):
            text = clean(value)
            cell._value, cell.data_type = text, "s"  # set directly: never read as a formula
            quoted = looks_like_formula(text)
        elif value is not None:
            cell.value = value
        key = (style, quoted)
        if key not in self._templates:
            template = WriteOnlyCell(ws)
            for attribute, spec in _STYLES[style].items():
                setattr(template, attribute, spec)
            if quoted:
                template.quotePrefix = True
            self._templates[key] = template._style
        cell._style = copy(self._templates[key])
        return cell

    def row(self, ws, values: list[object], style: str = "text", fit: bool = False) -> None:
        """Append a row; with `fit`, tall enough for its wrapped text (a streamed sheet cannot measure it)."""
        if fit:  # set before the row is streamed out, or it is lost
            self.height(ws, values)
        self._rows[ws.title] += 1
        ws.append([self.cell(ws, *v) if isinstance(v, tuple) else self.cell(ws, v, style) for v in values])


def _matrix(book: _Writer, graph: nx.DiGraph, title: str) -> None:
    localities = nodes_of(graph, "locality")
    # Counted as the report's Localities sheet counts: fully accessible only; partly accessible apart.
    fixed = ["Needed at", "Data item", "Held by", "Accessible in", "Partly accessible in"]
    widths = [22, 28, 24, 10, 10]
    ws = book.sheet("Matrix", widths + [4.2] * len(localities), freeze=f"{get_column_letter(LETTERS)}4",
                    running=title, repeat_columns=f"A:{get_column_letter(LETTERS - 1)}")
    ws.print_title_rows = "3:3"
    book.row(ws, [(f"{title} — which localities can get each data item", "title")])
    book.row(ws, [("Each cell: " + ", ".join(f"{ACCESS_LETTER[s]} {ACCESS.label(s).lower()}" for s in STATUSES)
                   + f". Accessible in, Partly accessible in: how many of the {plural(len(localities), 'locality')}. "
                   "Rows by stage: each item once, under the first stage that needs it.", "note")])
    # The header row as tall as its longest text: locality names run upwards (about 6 points a letter of
    # 9 pt bold), the fixed headings wrap in their columns.
    longest = max((len(name(graph, loc)) for loc in localities), default=0)
    wrapped = max(len(textwrap.wrap(h, int(w) - 1)) for h, w in zip(fixed, widths))
    ws.row_dimensions[3].height = min(160, max(6 * longest + 10, LINE_HEIGHT * wrapped + 6))
    book.row(ws, [(h, "header") for h in fixed] + [(name(graph, loc), "locality") for loc in localities])
    letter_style = book.cell(ws, "", "letter")._style  # shared by every letter cell (never changed after)
    shown: set = set()
    first = 0
    for group in matrix_groups(graph, localities=localities):
        items = [i for i in group.items if i not in shown]
        shown.update(items)
        if not items:
            continue
        book.row(ws, [(group.title, "group")] + [("", "group")] * (len(fixed) - 1))
        first = first or book._rows[ws.title] + 1
        for item in items:
            stages = "\n".join(name(graph, s) for s in stages_needing(graph, item)) or group.title
            adjacency = graph.adj[item]
            states = [adjacency[loc]["status"] if loc in adjacency else "unknown" for loc in localities]
            accessible, partly = states.count("accessible"), states.count("partial")
            texts = [stages, name(graph, item), name(graph, holder(graph, item))]
            book.height(ws, texts, widths)
            # The letters' colours come from four conditional formats below, and their centring from one
            # style shared by every letter cell: building a style per cell would make the national matrix
            # (60,000 cells) several times slower to write.
            cells = []
            for state in states:
                cell = WriteOnlyCell(ws, ACCESS_LETTER[state])
                cell._style = letter_style
                cells.append(cell)
            ws.append([book.cell(ws, text, "line") for text in texts]
                      + [book.cell(ws, accessible, "count"), book.cell(ws, partly, "count")] + cells)
            book._rows[ws.title] += 1
    _colour_letters(ws, first, book._rows[ws.title], len(localities))


def _colour_letters(ws, first: int, last: int, columns: int) -> None:
    if not columns or last < first:
        return
    cells = f"{get_column_letter(LETTERS)}{first}:{get_column_letter(LETTERS - 1 + columns)}{last}"
    for state in STATUSES:
        style = _STYLES[f"status:{state}"]
        ws.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{ACCESS_LETTER[state]}"'],
                                                        fill=style["fill"], font=style["font"],
                                                        border=style["border"]))


def _bullets(lines: list[str]) -> str:
    """Several entries in one cell, one a line, each after a bullet; a single one as it is."""
    lines = list(dict.fromkeys(lines))
    return lines[0] if len(lines) == 1 else "\n".join(f"• {line}" for line in lines)


def _solved(book: _Writer, graph: nx.DiGraph, title: str) -> None:
    # Partly accessible with a blockage recorded is held back, not solved: listed with the blocked.
    headers = ["Data item", "Held by", "Accessible in", "Partly accessible, nothing in the way", "Blocked or held back",
               "Not known",
               "Who to ask", "Why it is held back where it is"]
    ws = book.sheet("Who has solved it", [19, 17, 19, 17, 19, 9, 30, 34], freeze="B3", running=title)
    ws.print_title_rows = "2:2"
    book.row(ws, [("Who has solved it: data items some localities have solved and others have not", "title")])
    book.row(ws, [(h, "header") for h in headers], fit=True)
    entries = who_has_solved(graph)
    for entry in entries:
        book.row(ws, [name(graph, entry.item), name(graph, entry.holder), names_of(graph, entry.accessible),
                      names_of(graph, [loc for loc in entry.partial if loc not in entry.blocked]),
                      names_of(graph, entry.blocked),
                      plural(len(entry.unknown), "locality") if entry.unknown else "",
                      ask_sentence(graph, entry, limit=None), _bullets(entry.reasons)], fit=True)
    if not entries:
        book.row(ws, ["No data item is solved in some localities and held back in others."])


ASK_HEADERS = ["#", "Owner", "Ask", "Items", "Stages", "Localities", "Due", "Status", "Because", "Why it matters",
               "Learn from"]
ASK_WIDTHS = [4.5, 16, 27, 18, 12, 16, 13, 11, 24, 23, 16]
ASK_SHEETS = {"national": ("National asks", "Asks of national bodies",
                           "What only a national body (Whitehall, HMRC, DWP, the ICO, the MOJ…) can do, under each "
                           "body."),
              "gm": ("GM asks", "Asks of Greater Manchester",
                     "What Greater Manchester as a whole is asked to do, under each body."),
              "local": ("Local asks", "Asks of each locality",
                        "What each locality can do for itself, under each locality it would help (an ask helping "
                        "several stands under each).")}


def _asks(book: _Writer, graph: nx.DiGraph, title: str, level: str, found: list[asks.Ask]) -> None:
    """One level's asks, under who must act (each body; each locality for local asks) in the order of each
    one's first ask; # is an ask's rank in the level, by what it puts at risk (models.asks)."""
    sheet, heading, note = ASK_SHEETS[level]
    ws = book.sheet(sheet, ASK_WIDTHS, freeze="C4", running=title)
    ws.print_title_rows = "3:3"
    here = [a for a in found if a.level == level]
    overdue, unagreed = sum(a.overdue for a in here), sum(not a.agreed for a in here)
    counts = [plural(len(here), "ask")] + [f"{overdue} overdue"] * bool(overdue) + [
        f"{unagreed} with no ask agreed yet"] * bool(unagreed)
    book.row(ws, [(f"{heading}, most important first", "title")])
    book.row(ws, [(f"{', '.join(counts)}. {note} #: its rank by what it puts at risk.", "note")])
    book.row(ws, [(h, "header") for h in ASK_HEADERS], fit=True)
    rank = {id(a): n for n, a in enumerate(here, 1)}
    if level == "local":
        groups = [(name(graph, loc), found_here) for loc, found_here in asks.by_locality(graph, here)]
    else:
        groups = asks.by_owner(here)
    total = len(nodes_of(graph, "locality"))
    cells: dict[int, list] = {}  # a local ask helping many localities stands under each: worded once
    for group, found_here in groups:
        book.row(ws, [(group, "group")] + [("", "group")] * (len(ASK_HEADERS) - 1))
        for ask in found_here:
            if id(ask) not in cells:
                facts = dict(asks.details(graph, ask))
                # As the compare panel: how many, then which.
                facts["Localities"] = (f"all {total} localities" if len(ask.localities) == total > 1 else
                                       f"{plural(len(ask.localities), 'locality')}: {names_of(graph, ask.localities)}")
                cells[id(ask)] = [(rank[id(ask)], "number")] + [facts.get(label, "") for label in ASK_HEADERS[1:]]
            book.row(ws, cells[id(ask)], fit=True)
    if not here:
        book.row(ws, [f"No asks of {asks.LEVEL_ASKED[level]} yet."])


def write_comparison(graph: nx.DiGraph, target: str | os.PathLike[str]) -> Path:
    """Write the comparison workbook beside `target`, then move it into place (no half file on failure)."""
    target = Path(target)
    if target.suffix.lower() != ".xlsx":
        raise InvalidInput("The comparison workbook's name should end in .xlsx, e.g. comparison.xlsx.")
    if not target.parent.is_dir():
        raise InvalidInput(f"The folder {target.parent} does not exist.")
    title = graph.graph["map"].get("title") or "Circle of Need"
    book = _Writer()
    _matrix(book, graph, title)
    _solved(book, graph, title)
    found = asks.all_asks(graph)  # once, in its ranking, for all three sheets
    for level in ("national", "gm", "local"):
        _asks(book, graph, title, level, found)
    return write_beside(target, book.workbook.save, ".xlsx.part")


def status_summary(graph: nx.DiGraph) -> dict[str, int]:
    """Item × locality pairs per status (for a one-line summary after writing)."""
    localities = nodes_of(graph, "locality")
    totals = dict.fromkeys(STATUSES, 0)
    for item in nodes_of(graph, "item"):
        for s, n in status_counts(graph, item, localities).items():
            totals[s] += n
    return totals
