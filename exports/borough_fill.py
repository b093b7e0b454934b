"""Reading a borough's input workbook back into the map: every check first (marker, sheets, headers, size,
values), then the edits through models.services on a copy of the map, which replaces the map in one step.

Why a copy: each service commits its own transaction, so a failure on the twentieth edit would leave
nineteen applied. The edits run on a private copy (made with SQLite's backup API); only when all of them
have succeeded is the copy written back over the open map with the backup API, which replaces every page
in one transaction. A failure anywhere leaves the map byte-for-byte as it was.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from exports.borough_template import (
    ABOUT, ANSWERS, FOR_INFORMATION, FORMAT, HEADERS, HELP, MARKER, ROW_LIMIT, WRITTEN, answers, current_action,
    current_blockage, find_locality, fingerprint, recorded_blockages,
)
from exports.sanitise import clean
from models import services
from models.analysis import actions_of, name, status
from models.cleaning import clean_text, name_key
from models.errors import InvalidInput, MapError
from models.graph import build_graph, nodes_of
from models.sentences import plural
from models.change import NodeKey
from models.store import MapStore
from models.vocabulary import ACCESS, CATEGORY, LEVEL

UNPACKED_LIMIT = 50 * 1024 * 1024  # bytes a workbook may unpack to (a national map's input: about 1 MB)
READING_LIMIT = 30.0  # seconds reading a workbook's rows may take before it is given up
RATIO_LIMIT = 200  # unpacked / packed size of one part; a zip bomb is far above
COLUMN_LIMIT = 50
SHOWN_PROBLEMS = 12


class BoroughInputError(InvalidInput):
    """A borough's workbook cannot be read into the map; the map was not changed."""


class FillConflict(BoroughInputError):
    """The workbook would overwrite answers the map changed since it was written; `conflicts` lists them."""

    def __init__(self, message: str, conflicts: list[str]) -> None:
        super().__init__(message)
        self.conflicts = conflicts


@dataclass
class Edit:
    """One change a row asks for, in words, as a call of a models.services function: the plan a fill carries
    out, on the command line through the services and in the window as one undo step."""

    describe: str
    service: str  # the name of a models.services function
    args: tuple = ()
    values: dict[str, Any] = field(default_factory=dict)
    row: int = 0
    on_new_blockage: bool = False  # an action for the blockage an earlier edit of its row adds: that id comes first

    def arguments(self, made: dict[str, Any]) -> tuple:
        """The service's arguments, given what earlier edits of the same row made."""
        return ((made["blockage"],) if self.on_new_blockage else ()) + self.args

    def apply(self, store: MapStore, made: dict[str, Any]) -> None:
        change = getattr(services, self.service)(store, *self.arguments(made), **self.values)
        if self.service == "add_blockage":
            made["blockage"] = change.created[1]


@dataclass
class FillReport:
    locality: str
    rows: int = 0
    statuses: int = 0
    blockages_added: int = 0
    blockages_changed: int = 0
    actions_added: int = 0
    actions_changed: int = 0
    edits: list[str] = field(default_factory=list)
    already_recorded: list[str] = field(default_factory=list)  # reasons typed again, not added a second time

    def summary(self) -> str:
        already = (f" Already recorded, so not added again: {'; '.join(self.already_recorded)}."
                   if self.already_recorded else "")
        if not self.edits:
            return (f"{self.locality}: {plural(self.rows, 'row')} read; the map already said all of it — nothing "
                    "changed." + already)
        return (f"{self.locality}: {plural(self.rows, 'row')} read; {plural(self.statuses, 'status')} changed, "
                f"{plural(self.blockages_added, 'blockage')} added and {self.blockages_changed} changed, "
                f"{plural(self.actions_added, 'action')} added and {self.actions_changed} changed." + already)


# ---- opening the workbook safely ------------------------------------------------------------


def _check_package(path: Path) -> None:
    """Refuse what is not an xlsx, or would unpack to far more than it is (a zip bomb), before parsing."""
    if not path.exists():
        raise BoroughInputError(f"There is no file at {path}.")
    if not path.is_file():
        raise BoroughInputError(f"{path} is a folder, not a workbook.")
    if not zipfile.is_zipfile(path):
        raise BoroughInputError(f"{path.name} is not an Excel workbook (.xlsx); save it from Excel as .xlsx and try "
                                "again.")
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            names = {p.filename for p in parts}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise BoroughInputError(f"{path.name} is a zip file but not an Excel workbook (.xlsx).")
            total = sum(p.file_size for p in parts)
            if total > UNPACKED_LIMIT:
                raise BoroughInputError(f"{path.name} unpacks to {total // 2**20:,} MB, far more than a borough's "
                                        "input; it is not one of our templates.")
            for part in parts:
                if part.file_size > 1_000_000 and part.file_size > RATIO_LIMIT * max(part.compress_size, 1):
                    raise BoroughInputError(f"{path.name}: its part {part.filename} is compressed {part.file_size // max(part.compress_size, 1):,} "
                                            "to 1, as only a damaged or hostile file is; it was not read.")
            for part in parts:  # a DTD in a workbook part is how an XML bomb starts; Excel never writes one
                if part.filename.endswith((".xml", ".rels")):
                    with package.open(part) as stream:
                        head = stream.read(4096).upper()
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise BoroughInputError(f"{path.name}: its part {part.filename} declares XML entities, which "
                                                "no Excel workbook needs (it may be a hostile file); it was not read.")
    except zipfile.BadZipFile as e:
        raise BoroughInputError(f"{path.name} is a damaged workbook ({e}).") from None


def _open(path: Path):
    try:
        return load_workbook(path, read_only=True, data_only=False)  # a formula reads as its text
    except MapError:
        raise
    except Exception as e:  # openpyxl and defusedxml raise many kinds; the user needs one sentence
        cause, kind = e, type(e).__name__
        while cause is not None and not any(w in type(cause).__name__ for w in ("Entities", "DTD", "Forbidden")):
            cause = cause.__cause__ or cause.__context__
        kind = type(cause).__name__ if cause is not None else kind
        if "Entities" in kind or "DTD" in kind or "Forbidden" in kind:
            raise BoroughInputError(f"{path.name} contains XML entity declarations, which no Excel workbook needs "
                                    "(it may be a hostile file); it was not read.") from None
        raise BoroughInputError(f"{path.name} cannot be read as an Excel workbook ({kind}: {e}).") from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(ws, what: str, limit: int) -> list[tuple]:
    """At most `limit` rows, refusing bigger sheets from their stated size before reading them."""
    try:
        # A read-only sheet parsed its stated <dimension> when it was opened (None when there is none), so
        # reading max_row reads no rows and cannot fail on a damaged part.
        stated = ws.max_row
    except AttributeError:
        # Only a chart sheet (openpyxl's Chartsheet) stands under a sheet's name with no rows or size at all;
        # anything else going wrong here is a bug to see, not a workbook to excuse.
        raise BoroughInputError(f"Sheet “{what}” is a chart, not a table of rows. Use the template's own sheet "
                                "(make a new template if it was replaced).") from None
    if stated is not None and stated > limit + 1:
        raise BoroughInputError(f"Sheet “{what}” has {stated:,} rows; a borough's input has at most {limit:,} "
                                "(one per data item). Is this the right workbook?")
    # The stated size is a claim, not a bound: rows past it are read too (a program may state too few).
    ws.reset_dimensions()
    rows = []
    deadline = time.monotonic() + READING_LIMIT
    for n, row in enumerate(ws.iter_rows(values_only=True, max_col=COLUMN_LIMIT)):
        if n > limit:
            raise BoroughInputError(f"Sheet “{what}” has more than {limit:,} rows; a borough's input has one per "
                                    "data item. Is this the right workbook?")
        if time.monotonic() > deadline:
            raise BoroughInputError(f"Sheet “{what}” took more than {READING_LIMIT:.0f} seconds to read: far more "
                                    "than a borough's input. Is this the right workbook?")
        rows.append(row)
    return rows


# ---- reading --------------------------------------------------------------------------------


@dataclass
class BoroughInput:
    locality: NodeKey
    rows: int
    edits: list[Edit]
    report: FillReport


def _about(wb, path: Path) -> dict[str, str]:
    if ABOUT not in wb.sheetnames:
        raise BoroughInputError(f"{path.name} is not a Circle of Need borough input: it has no “{ABOUT}” sheet. "
                                "Make one with `circle-of-need template` (File ▸ Borough input workbook).")
    values = {}
    for row in _rows(wb[ABOUT], ABOUT, 100):
        if row and row[0] is not None:
            values[_cell_text(row[0]).casefold()] = _cell_text(row[1] if len(row) > 1 else None)
    if values.get("marker") != MARKER:
        raise BoroughInputError(f"{path.name} is not a Circle of Need borough input (its “{ABOUT}” sheet is not ours).")
    try:
        version = int(values.get("format", "0"))
    except ValueError:
        version = 0
    if version == 1:
        raise BoroughInputError(f"{path.name} was made by an earlier version of Circle of Need, which did not keep "
                                "the answers as written, so filling it in could overwrite answers the map has changed "
                                "since. Make a new template and copy the borough's answers into it.")
    if version != FORMAT:
        raise BoroughInputError(f"{path.name} is borough input format {values.get('format') or '(none)'}; "
                                "this version reads "
                                f"format {FORMAT}. Make a new template.")
    return values


def _as_written(wb, path: Path, about: dict[str, str]) -> dict[str, dict[str, str]]:
    """The answers as the template wrote them, by folded data item name; refuses a workbook whose locality was
    changed after it was written."""
    if WRITTEN not in wb.sheetnames:
        raise BoroughInputError(f"{path.name} has lost its hidden sheet “{WRITTEN}”, which says what the template "
                                "wrote; make a new template.")
    rows = _rows(wb[WRITTEN], WRITTEN, ROW_LIMIT + 2)
    written_for = _cell_text(rows[0][1]) if rows and len(rows[0]) > 1 else ""
    if name_key(written_for) != name_key(about.get("locality", "")):
        raise BoroughInputError(f"{path.name} was written for {written_for or 'another locality'}, but its “{ABOUT}” "
                                f"sheet now says {about.get('locality')!r}: a workbook filled in for one locality "
                                "cannot be read into another. Make a template for that locality.")
    headers = [_cell_text(h) for h in rows[1]] if len(rows) > 1 else []
    return {name_key(_cell_text(row[0])): {h: _cell_text(v) for h, v in zip(headers[1:], row[1:])}
            for row in rows[2:] if row and row[0] is not None}


def read_borough_input(path: str | Path, graph: nx.DiGraph, row_limit: int = ROW_LIMIT,
                       overwrite_newer: bool = False) -> BoroughInput:
    """Check a borough's workbook whole against the map; return the edits it asks for. Writes nothing.
    An answer the borough changed where the map has changed too since the workbook was written is a conflict:
    refused, listing each, unless `overwrite_newer`."""
    path = Path(path)
    _check_package(path)
    wb = _open(path)
    try:
        return _read(wb, path, graph, row_limit, overwrite_newer)
    except (MapError, ValueError, LookupError):
        raise
    except Exception as e:
        raise BoroughInputError(f"{path.name} cannot be read ({type(e).__name__}: {e}).") from None
    finally:
        wb.close()


def _read(wb, path: Path, graph: nx.DiGraph, row_limit: int, overwrite_newer: bool) -> BoroughInput:
    about = _about(wb, path)
    title = graph.graph["map"].get("title", "")
    if about.get("map title", "").casefold() != title.casefold() and about.get("fingerprint") != fingerprint(graph):
        raise BoroughInputError(f"{path.name} was made from another map (“{about.get('map title')}”), not from "
                                f"“{title}”. Fill it into the map it was made from, or make a new template.")
    try:
        locality = find_locality(graph, about.get("locality", ""))
    except InvalidInput:
        raise BoroughInputError(f"{path.name} is for the locality “{about.get('locality')}”, which this map does not "
                                "have.") from None
    written = _as_written(wb, path, about)
    sheet = about.get("sheet", "")
    extra = [s for s in wb.sheetnames if s not in (sheet, HELP, ABOUT, WRITTEN)]
    if sheet not in wb.sheetnames:
        raise BoroughInputError(f"{path.name} has lost its sheet “{sheet}”: the sheets are "
                                f"{', '.join(wb.sheetnames)}. Do not rename the sheets of a template.")
    if extra:
        raise BoroughInputError(f"{path.name} has sheets the template did not have: {', '.join(extra)}. Remove them "
                                f"(or copy what they hold into “{sheet}”) and try again.")
    rows = _rows(wb[sheet], sheet, row_limit)
    if not rows:
        raise BoroughInputError(f"Sheet “{sheet}” of {path.name} is empty: it should start with the header row.")
    headers = [_cell_text(h) for h in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    where = {h.casefold(): n for n, h in enumerate(headers) if h}
    missing = [h for h in HEADERS if h.casefold() not in where and h not in FOR_INFORMATION]
    unknown = [(n, h) for n, h in enumerate(headers) if h.casefold() not in {x.casefold() for x in HEADERS}]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(("missing column " if len(missing) == 1 else "missing columns ")
                         + ", ".join(f"“{h}”" for h in missing))
        if unknown:
            parts.append(("unexpected column " if len(unknown) == 1 else "unexpected columns ") + ", ".join(
                f"“{h or '(no header)'}” in column {get_column_letter(n + 1)}" for n, h in unknown))
        raise BoroughInputError(f"Sheet “{sheet}”, row 1 of {path.name}: {'; '.join(parts)}. The header row must be: "
                                f"{', '.join(HEADERS)}.")
    column = {h: where[h.casefold()] for h in HEADERS if h not in FOR_INFORMATION}  # those read back
    items = {name_key(name(graph, i)): i for i in nodes_of(graph, "item")}
    report = FillReport(name(graph, locality))
    problems: list[str] = []
    conflicts: list[str] = []
    edits: list[Edit] = []
    seen: dict[NodeKey, int] = {}

    for number, row in enumerate(rows[1:], 2):
        value = {h: _cell_text(row[column[h]] if column[h] < len(row) else None) for h in column}
        if not any(value.values()):
            continue
        report.rows += 1

        def at(header: str) -> str:
            return f"sheet “{sheet}”, row {number}, column {get_column_letter(column[header] + 1)} ({header})"

        item = items.get(name_key(value["Data item"]))
        if item is None:
            problems.append(f"{at('Data item')}: there is no data item called “{value['Data item'][:80]}” in this map"
                            " (do not rename data items in the template).")
            continue
        if item in seen:
            problems.append(f"{at('Data item')}: “{value['Data item']}” is already on row {seen[item]}.")
            continue
        seen[item] = number
        conflicts += _keep_newer(value, written.get(name_key(value["Data item"])), answers(graph, item, locality),
                                 name(graph, item), overwrite_newer)
        checked: dict[str, str | None] = {}
        for header, choices in (("Status", ACCESS), ("Category", CATEGORY), ("Level", LEVEL)):
            try:
                checked[header] = choices.check(value[header]) if value[header] else None
            except InvalidInput as e:
                problems.append(f"{at(header)}: {e}")
        if len(problems) > SHOWN_PROBLEMS:
            break
        for edit in _row_edits(graph, item, locality, value, checked, at, problems, report):
            edit.row = number
            edits.append(edit)

    if conflicts and not problems:
        shown = conflicts[:SHOWN_PROBLEMS]
        more = f"\n  …and {len(conflicts) - SHOWN_PROBLEMS} more." if len(conflicts) > SHOWN_PROBLEMS else ""
        raise FillConflict(
            f"{path.name} would overwrite {plural(len(conflicts), 'answer')} the map has changed since the workbook "
            "was written (nothing was changed):\n  " + "\n  ".join(shown) + more + "\nTo take the workbook's "
            "answers anyway, fill in again choosing to overwrite the newer answers (`--overwrite-newer`).",
            conflicts)
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        more = "\n  …and more; fix these first." if len(problems) > SHOWN_PROBLEMS else ""
        raise BoroughInputError(f"{path.name} cannot be filled into the map ({plural(len(shown), 'problem')}; nothing was "
                                "changed):\n  " + "\n  ".join(shown) + more)
    return BoroughInput(locality, report.rows, edits, report)


def _keep_newer(value: dict[str, str], was: dict[str, str] | None, now: dict[str, str], item: str,
                overwrite_newer: bool) -> list[str]:
    """Blank every answer the borough left as the template wrote it (the map's answer stands, whatever it is now);
    return the conflicts: answers the borough changed where the map has changed since, to something else."""
    if was is None:  # a row the template did not have (a data item added to the map since): read as typed
        return []
    conflicts = []
    for header in ANSWERS:
        typed, then = value.get(header, ""), was.get(header, "")
        if name_key(typed) == name_key(then):
            value[header] = ""
        elif typed and name_key(now[header]) not in (name_key(then), name_key(typed)) and not overwrite_newer:
            conflicts.append(f"{item}, {header}: the workbook says “{typed[:60]}”, but the map now says "
                             f"“{now[header][:60] or '(nothing)'}” (it said “{then[:60] or '(nothing)'}” when the "
                             "workbook was written)")
    return conflicts


def _reason_key(text: str) -> str:
    """A reason as compared for “already recorded”: the services' cleaning, runs of spaces as one, any case."""
    return " ".join(clean_text(text, "reason", limit=10**9).split()).casefold()


def _recorded_as(graph, item, locality, reason: str, own: NodeKey | None) -> NodeKey | None:
    """The blockage of this item, in this locality or everywhere, other than the row's own, whose reason is
    `reason` (as the map holds it, or as the template showed it: cut to a cell, invalid characters gone)."""
    wanted = _reason_key(reason)
    for blockage in recorded_blockages(graph, item, locality):
        stored = graph.nodes[blockage]["reason"]
        if blockage != own and wanted in (_reason_key(stored), _reason_key(clean(stored))):
            return blockage
    return None


def _row_edits(graph, item, locality, value, checked, at, problems, report) -> list[Edit]:
    """The service calls one row asks for, compared with what the map already says."""
    edits: list[Edit] = []
    item_name = name(graph, item)
    item_id, locality_id = item[1], locality[1]
    new_status = checked.get("Status")
    edge = graph.get_edge_data(item, locality) or {}
    said_by = value["Said by"] or edge.get("said_by", "")
    if new_status and (new_status != status(graph, item, locality) or said_by != edge.get("said_by", "")):
        moved = new_status != status(graph, item, locality)
        report.statuses += moved
        # A new status is dated today; a new "said by" alone keeps the date it was said.
        when = dt.date.today() if moved else edge.get("said_on")
        edits.append(Edit(f"{item_name}: {ACCESS.label(new_status)}", "set_access",
                          (item_id, locality_id, new_status), {"said_by": said_by, "said_on": when}))
    blockage = current_blockage(graph, item, locality)
    reason, category = value["Reason it is blocked"], checked.get("Category")
    recorded = None  # another blockage already holding the reason typed: national, or a second local one
    if reason or category:
        if not reason:
            problems.append(f"{at('Reason it is blocked')}: a category is given but no reason; say why it is blocked.")
            return edits
        recorded = _recorded_as(graph, item, locality, reason, blockage)
        if recorded is not None:
            where = "everywhere" if graph.nodes[recorded]["locality_id"] is None else report.locality
            report.already_recorded.append(f"{item_name} ({where}): “{reason[:80]}”")
        elif blockage is None:
            if category is None:
                problems.append(f"{at('Category')}: choose the category of the reason "
                                f"({', '.join(CATEGORY.labels.values())}).")
                return edits
            report.blockages_added += 1
            edits.append(Edit(f"{item_name}: blocked because {reason}", "add_blockage",
                              (item_id, locality_id, category, reason)))
        else:
            data = graph.nodes[blockage]
            shown = {"reason": clean(data["reason"]).strip(), "category": data["category"]}  # as the template had it
            changes = {k: v for k, v in (("reason", reason), ("category", category))
                       if v and v != data[k] and v != shown[k]}
            if changes:
                report.blockages_changed += 1
                edits.append(Edit(f"{item_name}: reason changed", "edit_blockage", (blockage[1],), changes))
    step, level, owner = value["Action that would unblock it"], checked.get("Level"), value["Owner"]
    if step or level or owner:
        if not step:
            problems.append(f"{at('Action that would unblock it')}: a level or owner is given but no action.")
            return edits
        if blockage is None and not reason:
            problems.append(f"{at('Reason it is blocked')}: an action is given but no reason it is blocked.")
            return edits
        if recorded is not None:
            # The action goes with the reason already recorded; that blockage is not this row's, so its own
            # actions are never edited from here: the step is added unless it is already there.
            steps = {_reason_key(graph.nodes[a]["step"]) for a in actions_of(graph, recorded, include_dropped=True)}
            if _reason_key(step) not in steps:
                report.actions_added += 1
                edits.append(Edit(f"{item_name}: action {step[:60]}", "add_action", (recorded[1], step),
                                  {"level": level or "local", "owner_body": owner}))
            return edits
        action = current_action(graph, blockage)
        if action is None:
            report.actions_added += 1
            edits.append(Edit(f"{item_name}: action {step[:60]}", "add_action",
                              (step,) if blockage is None else (blockage[1], step),
                              {"level": level or "local", "owner_body": owner}, on_new_blockage=blockage is None))
        else:
            data = graph.nodes[action]
            changes = {k: v for k, v in (("step", step), ("level", level), ("owner_body", owner)) if v and v != data[k]}
            if changes:
                report.actions_changed += 1
                edits.append(Edit(f"{item_name}: action changed", "edit_action", (action[1],), changes))
    return edits


# ---- applying -------------------------------------------------------------------------------


def fill_map(store: MapStore, workbook: str | Path, overwrite_newer: bool = False) -> FillReport:
    """Read a borough's workbook into an open map (all of it or nothing), as the command line does. Returns what
    changed. The window carries out the same plan (read_borough_input) as one undo step instead."""
    graph = build_graph(store)
    plan = read_borough_input(workbook, graph, overwrite_newer=overwrite_newer)
    report = plan.report
    report.edits = [e.describe for e in plan.edits]
    if not plan.edits:
        return report
    if store.read_only:
        services.edit_map(store)  # raises the read-only message
    with tempfile.TemporaryDirectory(prefix="circle-of-need-fill-") as folder:
        copy = Path(folder) / "work.needmap"
        store.copy_to(copy)
        work = MapStore.open(copy)
        try:
            raw = work.engine.raw_connection()  # a private copy: durability comes from the final backup
            try:
                raw.driver_connection.execute("PRAGMA synchronous=OFF")
            finally:
                raw.close()
            made_by_row: dict[int, dict[str, Any]] = {}
            for edit in plan.edits:
                try:
                    edit.apply(work, made_by_row.setdefault(edit.row, {}))
                except MapError as e:
                    raise BoroughInputError(f"{Path(workbook).name}: “{edit.describe}” was refused ({e}); nothing "
                                            "was changed.") from None
        finally:
            work.close()
        source = sqlite3.connect(copy)
        try:
            target = store.engine.raw_connection()
            try:
                source.backup(target.driver_connection)
            finally:
                target.close()
        finally:
            source.close()
    return report

