"""Worksheets with the report's house styles, written with XlsxWriter, every string passed through the sanitiser.
Rows and columns are counted from 1, as people (and Excel's A1 names) count them."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable
from typing import IO

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.image import Image
from xlsxwriter.utility import xl_cell_to_rowcol

from exports.sanitise import clean, looks_like_formula, sheet_name

FONT = "Arial"  # metric-compatible fonts exist everywhere (Liberation Sans), so the print looks the same
INK = "#1F2A44"
BAND = "#1F3A5F"
SHADE = "#DCE4EE"
LINE = "#A6B1C2"
DATE_FORMAT = "d mmm yyyy"  # “31 Mar 2012”: 11 characters at most, so a 13-wide column never shows ###
PIXELS_PER_CM = 96 / 2.54
HELD_ROW_PIXELS = 21  # rows under a picture or chart (15.75 points)
A4_WIDE_PIXELS = (29.7 - 2 * 1.27) * PIXELS_PER_CM  # across a landscape A4 page inside half-inch margins
A4, A3 = 9, 8  # XlsxWriter's paper numbers
PAPER_POINTS = {A4: (841.89, 595.28), A3: (1190.55, 841.89)}  # a landscape page, across and down
SIDE_MARGIN, TOP_MARGIN = 0.5, 0.75  # inches
DEFAULT_ROW_POINTS = 15.0  # a row of no height of its own, as XlsxWriter writes it and LibreOffice prints it
# LibreOffice turns a column width into its printed width by the house font's digit (Arial 10: 7.41 pixels),
# wider than Excel's 7 pixels a unit: the page model takes the wider, so its pages are never too full.
PRINTED_DIGIT_PIXELS = 7.41
PAGE_SLACK = 0.99  # of the page's height: what rounding in a spreadsheet's own scaling may take
MAX_PAGE_BREAKS = 1023  # Excel's limit per sheet

# Text is only ever text: nothing a user typed becomes a formula, a link or a number. The parts of the file
# (one XML document per sheet) are written one at a time into a private temporary folder and zipped from
# there, not all held in memory at once: at national scale that would be 150 MB more at the moment of closing.
OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
           # The house font as the workbook's own: column widths are measured in its digits, so a spreadsheet
           # without Calibri (LibreOffice, with Arial's metric twin) draws columns as wide as Excel does.
           "default_format_properties": {"font_name": FONT, "font_size": 10}}

_RULED = dict(bottom=1, bottom_color=LINE)
_ON_BAND = dict(bold=True, font_color="#FFFFFF", bg_color=BAND, pattern=1)
# name → XlsxWriter format properties; every style is Arial, 10 points unless it says otherwise.
_STYLES: dict[str, dict] = {
    "title": dict(font_size=18, bold=True, font_color=INK),
    "subtitle": dict(font_size=12, font_color=INK),
    "heading": dict(font_size=13, bold=True, font_color=INK),
    "note": dict(font_size=9, italic=True, font_color="#555555", text_wrap=True, valign="top"),
    "header": dict(_ON_BAND, text_wrap=True, valign="vcenter", **_RULED),
    "header_turned": dict(_ON_BAND, rotation=90, align="center", valign="bottom"),
    "step": dict(text_wrap=True, valign="top", indent=1, **_RULED),
    "band": dict(_ON_BAND, font_size=12, valign="vcenter"),
    "group": dict(bold=True, font_color=INK, bg_color=SHADE, pattern=1, text_wrap=True, valign="top", **_RULED),
    "text": dict(text_wrap=True, valign="top", **_RULED),
    "strong": dict(bold=True, text_wrap=True, valign="top", **_RULED),
    "number": dict(align="center", valign="top", **_RULED),
    "date": dict(align="left", valign="top", num_format=DATE_FORMAT, **_RULED),
    "plain": {},
    # A status letter: one style shared by every letter of a matrix; its colour comes from conditional
    # formats over the matrix (see Sheet.colour_letters), so the letter alone tells the status in print.
    "letter": dict(bold=True, align="center", valign="vcenter", right=1, right_color=LINE, **_RULED),
}
for _spec in _STYLES.values():
    _spec.setdefault("font_name", FONT)
    _spec.setdefault("font_size", 10)
# Styles whose text is taller than a default row holds: name → the row height it needs on one line.
_TALL = {name: round(spec["font_size"] * 1.35 + 1, 1) for name, spec in _STYLES.items()
         if spec["font_size"] * 1.35 + 1 > DEFAULT_ROW_POINTS}

# Styles whose text wraps: name → (bold, size), for working out row heights.
_WRAPPED = {name: (bool(spec.get("bold")), spec["font_size"]) for name, spec in _STYLES.items()
            if spec.get("text_wrap")}


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


def running_head(title: str) -> str:
    """A page header: the title at the top left, the sheet's name at the top right. In header codes "&&" is
    an ampersand; a zero-width space after it keeps the text from reading as a code XlsxWriter acts on ("&G",
    "&[Picture]": a picture). At most 80 characters of title: a header holds 255 in all."""
    safe = clean(title, 80).replace("&", "&&\u200b")
    return f"&L&8{safe}&R&8&A"


class Book:
    """A workbook written to `file` (a path or a binary file) when closed; styles are made once, by name."""

    def __init__(self, file: str | os.PathLike[str] | IO[bytes], running_head: str = "") -> None:
        self.running_head = running_head  # printed at the top left of every page
        # Removed when the book is closed, or when it is dropped unclosed (a cancelled report).
        self._parts = tempfile.TemporaryDirectory(prefix="circle-of-need-", ignore_cleanup_errors=True)
        self.workbook = xlsxwriter.Workbook(file, {**OPTIONS, "tmpdir": self._parts.name})
        self.names: set[str] = set()
        self._formats: dict[tuple[str, bool], object] = {}
        self._table_names: set[str] = set()
        self.cells: dict[str, int] = {}  # sheet → cells written (the benchmark writes as many)
        self.rows: dict[str, int] = {}
        self.sheets: list[Sheet] = []

    def properties(self, title: str, subject: str, author: str, created: dt.datetime | None = None) -> None:
        """The workbook's title, subject and author, as File ▸ Properties and a document list show them."""
        self.workbook.set_properties({
            "title": clean(title, 255), "subject": clean(subject, 255), "author": clean(author, 255),
            "created": created or dt.datetime.now()})

    def format(self, name: str, quoted: bool = False):
        """The format of a house style name, with a quote prefix for text a spreadsheet could run."""
        try:
            return self._formats[name, quoted]
        except KeyError:
            found = self._formats[name, quoted] = self.workbook.add_format(dict(_STYLES[name], quote_prefix=quoted))
            return found

    def sheet(self, title: str, widths: Iterable[float], freeze: str | None = None) -> Sheet:
        ws = self.workbook.add_worksheet(sheet_name(title, self.names))
        sheet = Sheet(self, ws, list(widths), freeze, self.running_head)
        self.sheets.append(sheet)
        return sheet

    def chart(self, kind: str, stacked: bool = False):
        """A native chart ("bar" runs across, "column" upwards) in the house style, to fill and place."""
        chart = self.workbook.add_chart({"type": kind, "subtype": "stacked" if stacked else "clustered"})
        chart.set_style(10)
        return chart

    def table_name(self, wanted: str) -> str:
        name = "".join(ch for ch in wanted if ch.isascii() and ch.isalnum())
        if not name[:1].isalpha():  # a table's name starts with a letter
            name = "Table" + name
        while name.casefold() in self._table_names:
            name += "_"
        self._table_names.add(name.casefold())
        return name

    def close(self) -> None:
        """Write the whole file. A disk full or gone fails as an OSError, as it does for every file the product
        writes (XlsxWriter wraps it in an error of its own)."""
        for sheet in self.sheets:
            sheet.lay_out()
        try:
            self.workbook.close()
        except FileCreateError as e:
            if isinstance(e.__context__, OSError):
                raise e.__context__ from None
            raise
        finally:
            self._parts.cleanup()


class Sheet:
    """One worksheet written row after row; rows are lists of values or (value, style) pairs."""

    def __init__(self, book: Book, ws, widths: list[float], freeze: str | None, running_head: str) -> None:
        self.book, self.ws, self.row_count = book, ws, 0
        self.title = ws.get_name()
        for index, width in enumerate(widths):
            ws.set_column(index, index, width)
        if freeze:
            ws.freeze_panes(freeze)
        self.widths = widths
        self._fits: dict[tuple[int, str, bool], tuple[int, float]] = {}
        self._heights: dict[int, float] = {}  # rows (from 0) given a height: its points
        self._tall: dict[int, float] = {}  # rows (from 0) of no height of their own taller than the default
        self._keeps: dict[int, tuple[int, int, bool]] = {}  # first row (from 0) → (last row, rows at least, whole)
        self._drawn = 0.0  # how far right (pixels, as printed) a chart or picture reaches
        self._page_breaks: list[int] = []
        self._repeat: tuple[int, int] | None = None
        self._one_page = False
        self.paper = A4
        self._print_setup(running_head)

    def row(self, *values: object, style: str = "text", height: float | None = None, span: bool = False) -> int:
        """Append a row; a value given as (value, style) overrides the row's style. Returns its number.
        With `span`, the first value runs across every column (a paragraph of text). Without a `height`,
        the row is made tall enough to show every line of its wrapped text."""
        row = self.row_count
        self.row_count = row + 1
        ws, fmt = self.ws, self.book.format
        tall = _TALL.get(style, 0.0)
        if span and len(self.widths) > 1:
            first = values[0]
            ws.merge_range(row, 0, row, len(self.widths) - 1, None, fmt(first[1] if first.__class__ is tuple else style))
        lines, size = 1, 10  # the most lines of wrapped text in a cell of the row, at its font size
        for column, value in enumerate(values):
            name = style
            if value.__class__ is tuple:
                value, name = value
                if name in _TALL and _TALL[name] > tall:
                    tall = _TALL[name]
            if value.__class__ is not str:
                if value is None:
                    ws.write_blank(row, column, None, fmt(name))
                    continue
                if isinstance(value, bool):
                    ws.write_boolean(row, column, value, fmt(name))
                    continue
                if isinstance(value, (int, float)):
                    ws.write_number(row, column, value, fmt(name))
                    continue
                if isinstance(value, dt.date):  # a datetime is a date too
                    ws.write_datetime(row, column, value, fmt(name if "num_format" in _STYLES[name] else "date"))
                    continue
                value = str(value)
            text = clean(value)
            if not text:
                ws.write_blank(row, column, None, fmt(name))
                continue
            ws.write_string(row, column, text, fmt(name, looks_like_formula(text)))
            if height is None:
                per_line, cell_size = self._fits.get((column, name, span)) or self._fit(column, name, span)
                if per_line and (len(text) > per_line or "\n" in text):
                    wanted = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
                    if wanted > 1:
                        wanted += 1  # words wrap early, fonts differ between Excel and LibreOffice: a line of slack
                    if wanted * cell_size > lines * size:
                        lines, size = wanted, cell_size
        if height is None and lines > 1:
            # LibreOffice does not grow rows on opening. Generous on purpose: a row too tall costs a little
            # paper, one too short hides or overlaps text. 409 points is the tallest row Excel allows.
            height = min(409.0, lines * 1.22 * size + 4)
        if height is not None:
            ws.set_row(row, height)
            self._heights[row] = height
        elif tall:
            self._tall[row] = tall
        cells = self.book.cells
        cells[self.title] = cells.get(self.title, 0) + len(values)
        self.book.rows[self.title] = self.row_count
        return self.row_count

    def blank(self, count: int = 1) -> None:
        self.row_count += count

    def cells(self, first_row: int, first_column: int, last_row: int | None = None,
              last_column: int | None = None) -> list:
        """A range of this sheet as charts name their data: [sheet, first row, first column, last row, last
        column], counted from 0 as XlsxWriter counts."""
        return [self.title, first_row - 1, first_column - 1, (last_row or first_row) - 1,
                (last_column or first_column) - 1]

    def table(self, name: str, headers: list[str], first_row: int, last_row: int,
              header_styles: list[str] | None = None) -> None:
        """An Excel table (filter buttons) over rows already written; `headers` as written in `first_row`, in
        `header_styles` (the house header style when none are given). A table holds no merged cell: its rows
        are never written with `span`."""
        styles = header_styles or ["header"] * len(headers)
        self.ws.add_table(first_row - 1, 0, max(last_row, first_row + 1) - 1, len(headers) - 1, {
            "name": self.book.table_name(name), "style": "Table Style Light 1",
            "columns": [{"header": clean(h), "header_format": self.book.format(style)}
                        for h, style in zip(headers, styles)]})

    def _fit(self, index: int, name: str, span: bool) -> tuple[int, float]:
        """(characters per line, font size) of a column in a style; (0, 0) when the style does not wrap."""
        fit = (0, 0.0)
        if name in _WRAPPED:
            bold, size = _WRAPPED[name]
            width = sum(self.widths) if span else self.widths[index] if index < len(self.widths) else 10
            fit = (chars_per_line(width, size, bold), size)
        self._fits[index, name, span] = fit
        return fit

    def colour_letters(self, first_row: int, first_column: int, last_row: int, last_column: int,
                       letters: dict[str, str], colours: dict[str, str]) -> None:
        """Colour the letters in a range by conditional formats, one rule per status (its tint under the
        letter in bold black), rather than a style per cell: a national matrix holds 60,000 letters.
        Both fill colours are set: a conditional format's fill is read from the background colour by Excel,
        from the foreground colour by some others."""
        for status, letter in letters.items():
            tint = "#" + _tint(colours[status], 0.45)
            look = self.book.workbook.add_format({"bg_color": tint, "fg_color": tint, "bold": True,
                                                  "font_color": "#000000"})
            self.ws.conditional_format(first_row - 1, first_column - 1, last_row - 1, last_column - 1, {
                "type": "cell", "criteria": "equal to", "value": f'"{clean(letter)}"', "format": look})

    def chart(self, chart, cell: str, width_cm: float, height_cm: float) -> None:
        """Place a chart with its top left corner in `cell` ("G3")."""
        chart.set_size({"width": round(width_cm * PIXELS_PER_CM), "height": round(height_cm * PIXELS_PER_CM)})
        self.ws.insert_chart(cell, chart)
        row, column = xl_cell_to_rowcol(cell)
        self._hold(row, height_cm * PIXELS_PER_CM)
        self._drawing(column, width_cm * PIXELS_PER_CM)

    def picture(self, png: bytes, row: int, pixels_high: float) -> None:
        """A PNG picture in column A from `row`, shown `pixels_high` pixels high (20 pixels to a row)."""
        image = Image(io.BytesIO(png))
        scale = pixels_high * image.y_dpi / (96 * image.height)  # XlsxWriter sizes a picture by its dpi
        self.ws.insert_image(row - 1, 0, image, {"x_scale": scale, "y_scale": scale})
        self._hold(row - 1, pixels_high)
        self._drawing(0, image.width * 96 / image.x_dpi * scale)

    def _hold(self, first: int, pixels: float) -> None:
        """Give the rows a picture or chart covers a height of their own, which XlsxWriter places it by: a
        spreadsheet anchors it to the rows, and one that draws rows of no set height shorter than Excel does
        (LibreOffice) would squash it. Not Excel's 15 points: XlsxWriter leaves a row of the default height
        without one."""
        for row in range(first, first + int(pixels // HELD_ROW_PIXELS) + 2):
            if row not in self._heights:
                self.ws.set_row_pixels(row, HELD_ROW_PIXELS)
                self._heights[row] = HELD_ROW_PIXELS * 0.75

    def page_break(self, after_row: int) -> None:
        """Start a new printed page after `after_row`."""
        self._page_breaks.append(after_row)

    def keep(self, first: int, last: int, least: int = 3, whole: bool = True) -> None:
        """Keep row `first` (a heading) with at least `least` of the rows after it, up to `last`: they start a
        new page when they would not fit on what is left of this one. With `whole`, rows `first`…`last` (a
        section) start a new page too when they would fit on a page but not on what is left of this one,
        and this one is at least half full."""
        if last > first:
            self._keeps[first - 1] = (last - 1, least, whole)

    def repeat_rows(self, first: int, last: int | None = None) -> None:
        """Rows printed at the top of every page after them."""
        self._repeat = (first - 1, (last or first) - 1)
        self.ws.repeat_rows(first - 1, (last or first) - 1)

    def row_height(self, row: int) -> float:
        """The printed height of a row (from 0) in points at 100%."""
        return self._heights.get(row) or self._tall.get(row) or DEFAULT_ROW_POINTS

    def printed_width(self) -> float:
        """The sheet's width in pixels at 100% as LibreOffice prints it (wider than Excel's; see
        PRINTED_DIGIT_PIXELS): XlsxWriter writes a width with 5 pixels of padding, in 7ths of a unit."""
        return max(self._drawn, sum(self._printed_column(width) for width in self.widths))

    @staticmethod
    def _printed_column(width: float) -> float:
        return (round(width * 7) + 5) / 7 * PRINTED_DIGIT_PIXELS

    def _drawing(self, column: int, pixels_wide: float) -> None:
        """A chart or picture from `column` (from 0), `pixels_wide`: a spreadsheet prints the sheet as wide
        as it reaches, past the last column if it does."""
        left = sum(self._printed_column(width) for width in self.widths[:column])
        self._drawn = max(self._drawn, left + pixels_wide)

    def page_points(self) -> float:
        """How many points of rows (at 100%) one printed page holds: the page inside its margins, at the scale
        that fits the sheet's width on it, less a little for rounding."""
        across, down = PAPER_POINTS[self.paper]
        scale = min(1.0, (across - 2 * 72 * SIDE_MARGIN) * 96 / 72 / self.printed_width())
        return (down - 2 * 72 * TOP_MARGIN) * PAGE_SLACK / scale

    def pages(self) -> list[int]:
        """Where each printed page after the first starts (rows from 0): the page breaks asked for, the
        breaks that keep a heading with its rows, and those a full page makes."""
        room = self.page_points()
        last_row = max([self.row_count - 1, *self._heights]) if self._heights else self.row_count - 1
        asked = set(self._page_breaks)
        repeat = self._repeat
        repeated = sum(self.row_height(r) for r in range(repeat[0], repeat[1] + 1)) if repeat else 0.0
        starts: list[int] = []
        used, rows_here = 0.0, 0

        def new_page(row: int) -> None:
            nonlocal used, rows_here
            starts.append(row)
            used = repeated if repeat and row > repeat[1] else 0.0
            rows_here = 0

        row = 0
        while row <= last_row:
            if row in asked and row:
                new_page(row)
            kept = self._keeps.get(row)
            if kept and rows_here:
                end, least, whole = kept
                block = sum(self.row_height(r) for r in range(row, min(end, last_row) + 1))
                fresh = room - (repeated if repeat and row > repeat[1] else 0.0)
                head = sum(self.row_height(r) for r in range(row, min(row + least, end, last_row) + 1))
                if used + block > room and (whole and block <= fresh and used >= room / 2 or used + head > room):
                    new_page(row)
            height = self.row_height(row)
            if rows_here and used + height > room:
                new_page(row)
            used += height
            rows_here += 1
            row += 1
        return starts

    def lay_out(self) -> None:
        """Write the page breaks. A sheet with headings to keep with their rows has every one (see pages):
        where its pages fall decides where a heading must move, so none is left to the spreadsheet, unless
        there are too many for it to keep (then those asked for and those that keep headings). A sheet
        without has only those asked for: the spreadsheet's own fill its pages as fully as they can be."""
        if self._one_page:
            return
        if not self._keeps:
            if self._page_breaks:
                self.ws.set_h_pagebreaks(sorted(set(self._page_breaks))[:MAX_PAGE_BREAKS])
            return
        starts = self.pages()
        if len(starts) > MAX_PAGE_BREAKS:
            chosen = set(self._page_breaks) | set(self._keeps)
            starts = [row for row in starts if row in chosen][:MAX_PAGE_BREAKS]
        if starts:
            self.ws.set_h_pagebreaks(starts)

    def repeat_first_column(self) -> None:
        """The first column printed at the left of every page."""
        self.ws.repeat_columns(0)

    def one_page(self) -> None:
        """Print the whole sheet on one A4 landscape page (the paper's first page)."""
        self.paper = A4
        self._one_page = True
        self.ws.set_paper(A4)
        self.ws.fit_to_pages(1, 1)

    def print_width(self) -> float:
        """The sheet's width in pixels at 100%, as Excel turns a column width into pixels."""
        return sum(width * 7 + 5 for width in self.widths)

    def _print_setup(self, title: str) -> None:
        """Landscape, fit to the page width, page numbers in the footer; A4, or A3 for a sheet so wide that A4
        would print its text below 8 points."""
        ws = self.ws
        ws.set_landscape()
        self.paper = A3 if self.print_width() > A4_WIDE_PIXELS / 0.8 else A4
        ws.set_paper(self.paper)
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=TOP_MARGIN, bottom=TOP_MARGIN)
        # Header/footer codes: &A sheet name, &P page, &N pages, &8 eight points; the running head clear
        # of the first row.
        ws.set_header(running_head(title), {"margin": 0.3})
        ws.set_footer("&C&8Page &P of &N", {"margin": 0.3})

