"""Streaming (write-only) worksheets with the report's house styles, every string passed through the sanitiser."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.utils import get_column_letter

from exports.sanitise import clean, looks_like_formula, sheet_name
from models.files import write_beside

FONT = "Arial"  # metric-compatible fonts exist everywhere (Liberation Sans), so the print looks the same
INK = "1F2A44"
BAND = "1F3A5F"
SHADE = "DCE4EE"
LINE = Side(style="thin", color="A6B1C2")
DATE_FORMAT = "d mmm yyyy"

# name → (font, fill, alignment, number format, border)
_STYLES: dict[str, dict] = {
    "title": dict(font=Font(name=FONT, size=18, bold=True, color=INK)),
    "subtitle": dict(font=Font(name=FONT, size=12, color=INK)),
    "heading": dict(font=Font(name=FONT, size=13, bold=True, color=INK)),
    "note": dict(font=Font(name=FONT, size=9, italic=True, color="555555"),
                 alignment=Alignment(wrap_text=True, vertical="top")),
    "header": dict(font=Font(name=FONT, size=10, bold=True, color="FFFFFF"),
                   fill=PatternFill("solid", fgColor=BAND),
                   alignment=Alignment(wrap_text=True, vertical="center"),
                   border=Border(bottom=LINE)),
    "header_turned": dict(font=Font(name=FONT, size=10, bold=True, color="FFFFFF"),
                          fill=PatternFill("solid", fgColor=BAND),
                          alignment=Alignment(text_rotation=90, horizontal="center", vertical="bottom")),
    "step": dict(font=Font(name=FONT, size=10), alignment=Alignment(wrap_text=True, vertical="top", indent=1),
                 border=Border(bottom=LINE)),
    "band": dict(font=Font(name=FONT, size=12, bold=True, color="FFFFFF"),
                 fill=PatternFill("solid", fgColor=BAND), alignment=Alignment(vertical="center")),
    "group": dict(font=Font(name=FONT, size=10, bold=True, color=INK), fill=PatternFill("solid", fgColor=SHADE),
                  alignment=Alignment(wrap_text=True, vertical="top"), border=Border(bottom=LINE)),
    "text": dict(font=Font(name=FONT, size=10), alignment=Alignment(wrap_text=True, vertical="top"),
                 border=Border(bottom=LINE)),
    "strong": dict(font=Font(name=FONT, size=10, bold=True), alignment=Alignment(wrap_text=True, vertical="top"),
                   border=Border(bottom=LINE)),
    "number": dict(font=Font(name=FONT, size=10), alignment=Alignment(horizontal="center", vertical="top"),
                   border=Border(bottom=LINE)),
    "date": dict(font=Font(name=FONT, size=10), alignment=Alignment(horizontal="left", vertical="top"),
                 number_format=DATE_FORMAT, border=Border(bottom=LINE)),
    "plain": dict(font=Font(name=FONT, size=10)),
    # A status letter: one style shared by every letter of a matrix; its colour comes from conditional
    # formats over the matrix (see Sheet.colour_letters), so the letter alone tells the status in print.
    "letter": dict(font=Font(name=FONT, size=10, bold=True),
                   alignment=Alignment(horizontal="center", vertical="center"), border=Border(bottom=LINE, right=LINE)),
}


# Styles whose text wraps: name → (bold, size), for working out row heights.
_WRAPPED = {name: (bool(spec["font"].b), spec["font"].sz) for name, spec in _STYLES.items()
            if "alignment" in spec and spec["alignment"].wrap_text}


def chars_per_line(width: float, size: float, bold: bool) -> int:
    """How many characters of ordinary text fit on one line of a column `width` units wide.
    A width unit is the width of a digit in the default 11-point font; Arial at 10 points averages about
    1.45 characters per unit (measured on the report's PDF), so 1.3 (1.15 bold) leaves room for wide words."""
    return max(4, int(width * (1.15 if bold else 1.3) * 10 / size) - 1)


def sentence_case(text: str) -> str:
    """A phrase recorded to sit mid-sentence (“share the agreement…”) shown on its own in a table.
    Characters the sanitiser removes go first, so that the letter raised is the one the cell starts with."""
    if not text.isprintable():
        text = clean(text, limit=10**9)  # not cut here: the cell's own clean cuts what is finally shown
    return text[0].upper() + text[1:] if text[:1].isascii() and text[:1].islower() else text


def _tint(hex_colour: str, share: float) -> str:
    """A lighter tint of a colour, so black letters stay readable on it when printed."""
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * share):02X}" for c in rgb)


def status_fill(colour: str) -> PatternFill:
    """The tint a status letter sits on. Both colours set: a conditional format's solid fill is read from
    the background colour by Excel, from the foreground colour by others."""
    tint = _tint(colour, 0.45)
    return PatternFill("solid", fgColor=tint, bgColor=tint)


def add_status_styles(colours: dict[str, str]) -> None:
    """One matrix style per access status: a tint of its colour, the letter bold and centred."""
    for status, colour in colours.items():
        _STYLES[f"status:{status}"] = dict(
            font=Font(name=FONT, size=10, bold=True), fill=PatternFill("solid", fgColor=_tint(colour, 0.45)),
            alignment=Alignment(horizontal="center", vertical="center"), border=Border(bottom=LINE, right=LINE))


class Book:
    """A write-only workbook: sheets stream their rows, styles are copied from prepared templates."""

    def __init__(self, running_head: str = "") -> None:
        self.running_head = running_head  # printed at the top left of every page
        self.workbook = Workbook(write_only=True)
        self.names: set[str] = set()
        self._templates: dict[tuple[str, bool], object] = {}
        self._table_names: set[str] = set()
        self.cells: dict[str, int] = {}  # sheet → cells written (the benchmark writes as many)
        self.rows: dict[str, int] = {}

    def _style(self, ws, name: str, quoted: bool) -> tuple[object, int]:
        """The style of a house style name (with or without a quote prefix) and its number in the workbook."""
        key = (name, quoted)
        if key not in self._templates:
            cell = WriteOnlyCell(ws)
            spec = _STYLES[name]
            for attribute in ("font", "fill", "alignment", "border"):
                if attribute in spec:
                    setattr(cell, attribute, spec[attribute])
            if "number_format" in spec:
                cell.number_format = spec["number_format"]
            if quoted:
                cell.quotePrefix = True
            self._templates[key] = (cell._style, cell.style_id)
        return self._templates[key]

    def sheet(self, title: str, widths: Iterable[float], freeze: str | None = None) -> Sheet:
        ws = self.workbook.create_sheet(sheet_name(title, self.names))
        return Sheet(self, ws, list(widths), freeze, self.running_head)

    def table_name(self, wanted: str) -> str:
        name = "".join(ch for ch in wanted if ch.isalnum()) or "Table"
        while name in self._table_names:
            name += "_"
        self._table_names.add(name)
        return name

    def save(self, target: str | os.PathLike[str]) -> None:
        """Write beside the target, then replace it in one step: a failure leaves any earlier file intact.
        The report is readable by others as any file the user saves is (mkstemp makes it owner-only)."""
        write_beside(target, self.workbook.save, ".xlsx.part")


class _StyledCell(Cell):
    """A streamed cell whose style is one of the book's prepared styles, shared rather than copied (no
    one changes a cell's style once it is made) and numbered once per book rather than once per cell:
    the report writes some 200,000 cells."""

    __slots__ = ("_style_id",)

    def __init__(self, ws, style_array, style_id: int) -> None:  # noqa: super().__init__ copies the style
        self.parent, self._style, self._style_id = ws, style_array, style_id
        self.row = self.column = None
        self._value, self.data_type, self._hyperlink, self._comment = None, "n", None, None

    @property
    def style_id(self) -> int:
        return self._style_id

    @property
    def has_style(self) -> bool:
        return True


def _cells_to_row(cells, row_idx):
    for column, cell in enumerate(cells, 1):
        cell.column, cell.row = column, row_idx
        yield cell


class Sheet:
    """One streaming worksheet; rows are lists of values or (value, style) pairs."""

    def __init__(self, book: Book, ws, widths: list[float], freeze: str | None, running_head: str) -> None:
        self.book, self.ws, self.row_count = book, ws, 0
        for index, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            ws.freeze_panes = freeze
        self.widths = widths
        self._fits: dict[tuple[int, str, bool], tuple[int, float]] = {}
        self._shared: dict[tuple[str, str], Cell] = {}
        # openpyxl first tries every appended value as a plain value and falls back on an exception
        # when it is a cell; our rows are always cells, so they go straight through (twice as fast).
        ws._values_to_row = _cells_to_row
        # A streaming sheet writes its properties and view with the first row, so page setup comes first.
        self._print_setup(running_head)

    def shared(self, value: str, style: str) -> Cell:
        """One cell for a value repeated many times (a matrix's status letters), given to `row` as it is.
        The same cell can stand in every column of every row: a streamed row numbers each cell just
        before writing it (_cells_to_row is a generator), and nothing changes a cell once it is made."""
        key = (value, style)
        cell = self._shared.get(key)
        if cell is None:
            cell = self._shared[key] = self.cell(value, style)
        return cell

    def cell(self, value: object, style: str = "text") -> Cell:
        if value.__class__ is _StyledCell:
            return value  # made by `shared`
        quoted = False
        if isinstance(value, str):
            text = clean(value)
            quoted = looks_like_formula(text)
            style_array, style_id = self.book._style(self.ws, style, quoted)
            cell = _StyledCell(self.ws, style_array, style_id)
            # Set directly: the text is already clean, and openpyxl would take "=…" for a formula.
            cell._value, cell.data_type = text, "s"
            return cell
        style_array, style_id = self.book._style(self.ws, style, quoted)
        cell = _StyledCell(self.ws, style_array, style_id)
        if value is not None:
            cell.value = value
        return cell

    def row(self, *values: object, style: str = "text", height: float | None = None, span: bool = False) -> int:
        """Append a row; a value given as (value, style) overrides the row's style. Returns its number.
        With `span`, the first value runs across every column (a paragraph of text)."""
        pairs = [v if isinstance(v, tuple) else (v, style) for v in values]
        cells = [self.cell(value, name) for value, name in pairs]
        self.row_count += 1
        if span:
            self.ws.merged_cells.add(f"A{self.row_count}:{get_column_letter(len(self.widths))}{self.row_count}")
        if height is None:
            height = self._height(pairs, span)
        title = self.ws.title
        self.book.cells[title] = self.book.cells.get(title, 0) + len(cells)
        self.book.rows[title] = self.row_count
        if height is not None:
            self.ws.row_dimensions[self.row_count].height = height
        self.ws.append(cells)
        return self.row_count

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.ws.append([])
            self.row_count += 1

    def table(self, name: str, headers: list[str], first_row: int, last_row: int) -> None:
        """An Excel table (filter buttons) over rows already written; `headers` as written in `first_row`."""
        ref = f"A{first_row}:{get_column_letter(len(headers))}{max(last_row, first_row + 1)}"
        table = Table(displayName=self.book.table_name(name), ref=ref, autoFilter=AutoFilter(ref=ref))
        # Write-only sheets cannot be read back to name the columns, so we name them from the headers.
        table.tableColumns = [TableColumn(id=i, name=clean(h)) for i, h in enumerate(headers, 1)]
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        with warnings.catch_warnings():  # openpyxl warns that write-only tables need named columns: they have them
            warnings.simplefilter("ignore", UserWarning)
            self.ws.add_table(table)

    def _height(self, pairs: list[tuple[object, str]], span: bool) -> float | None:
        """A height that shows every line of wrapped text: LibreOffice does not grow rows on opening.
        Generous on purpose: a row too tall costs a little paper, one too short hides or overlaps text."""
        lines, size = 1, 10
        for index, (value, name) in enumerate(pairs):
            if value.__class__ is not str or not value:
                continue
            key = (index, name, span)
            fit = self._fits.get(key)
            if fit is None:
                fit = self._fits[key] = self._per_line(index, name, span)
            per_line, cell_size = fit
            if not per_line or (len(value) <= per_line and "\n" not in value):
                continue  # not wrapped, or one line
            wanted = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
            if wanted > 1:
                wanted += 1  # words wrap early, fonts differ between Excel and LibreOffice: one line of slack
            if wanted * cell_size > lines * size:
                lines, size = wanted, cell_size
        if lines == 1:
            return None
        return min(409.0, lines * 1.22 * size + 4)  # 409 points is the tallest row Excel allows

    def _per_line(self, index: int, name: str, span: bool) -> tuple[int, float]:
        """(characters per line, font size) of a column in a style; (0, 0) when the style does not wrap."""
        if name not in _WRAPPED:
            return 0, 0
        bold, size = _WRAPPED[name]
        width = sum(self.widths) if span else self.widths[index] if index < len(self.widths) else 10
        return chars_per_line(width, size, bold), size

    def colour_letters(self, cells: str, letters: dict[str, str], colours: dict[str, str]) -> None:
        """Colour the letters in a range by conditional formats, one rule per status (its tint under the
        letter in bold black), rather than a style per cell: a national matrix holds 60,000 letters."""
        for status, letter in letters.items():
            rule = CellIsRule(operator="equal", formula=[f'"{clean(letter)}"'], fill=status_fill(colours[status]),
                              font=Font(bold=True, color="000000"))
            self.ws.conditional_formatting.add(cells, rule)

    def repeat_rows(self, first: int, last: int | None = None) -> None:
        """Rows printed at the top of every page."""
        self.ws.print_title_rows = f"{first}:{last or first}"

    def _print_setup(self, title: str) -> None:
        """Landscape A4, fit to the page width, page numbers in the footer."""
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.75
        ws.page_margins.header = ws.page_margins.footer = 0.3  # the running head clear of the first row
        # Header/footer codes: &A sheet name, &P page, &N pages; "&&" is a literal ampersand.
        safe = clean(title, 200).replace("&", "&&")
        ws.oddHeader.left.text = safe
        ws.oddHeader.left.size = 8
        ws.oddHeader.right.text = "&A"
        ws.oddHeader.right.size = 8
        ws.oddFooter.center.text = "Page &P of &N"
        ws.oddFooter.center.size = 8


Progress = Callable[[str], None]
