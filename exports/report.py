"""The blockage report for the leadership group: one workbook made from the graph in one step."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from exports.report_data import ReportError, make_scope
from exports.report_front import write_decision
from exports.report_stages import write_stages
from exports.report_sheets import sentences_sheet, write_actions, write_register, write_sentences, write_summary
from exports.report_worker import ReportWorker
from exports.report_tables import write_charts, write_items, write_localities, write_solved
from exports.xlsx import Book
from models import analysis, asks
from models.compare import who_has_solved
from models.files import write_beside

SHEETS = ("For decision", "Summary", "Stages", "Blockages", "Actions", "Localities", "Who has solved it", "Charts",
          "Sentences by stage", "Data items")


@dataclass
class ReportResult:
    path: Path
    cells: dict[str, int]  # sheet → cells written
    rows: dict[str, int]


@dataclass(frozen=True)
class Since:
    """What changed since a snapshot, for the report's first page: the snapshot's name, the day it was taken and
    the change lines (models.snapshots.changes_since), most important first."""

    name: str
    taken_on: dt.date
    lines: tuple  # of models.snapshots.ChangeLine


def progress_steps(stages: int, pictures: bool = True) -> int:
    """How many times write_report calls `progress` for `stages` stages: the summary, the six sheets after it,
    the sentences of each stage, the workbook file; with pictures, their start and one per stage."""
    return 8 + stages + (1 + stages if pictures else 0)


def write_report(graph: nx.DiGraph, target: str | os.PathLike[str], stages: list[str] | None = None,
                 localities: list[str] | None = None, progress: Callable[[str], None] | None = None,
                 today: dt.date | None = None, pictures: bool = True, since: Since | None = None) -> ReportResult:
    """Write the report for the named stages and localities (all when none are named) to `target`; with
    `since`, its first page says what changed since that snapshot. `progress` is called before each step (an
    exception it raises, such as a user's Cancel, stops the report and leaves no file).
    The file appears whole or not at all: an earlier report there is replaced only on success."""
    target = Path(target)
    if target.suffix.lower() != ".xlsx":
        raise ReportError(f"“{target.name}” must end in .xlsx: the report is an Excel workbook.")
    if not target.parent.is_dir():
        raise ReportError(f"There is no folder “{target.parent}” to write the report in; create it first.")
    # Everything already loaded (the map's graph above all: millions of objects) is left out of the garbage
    # collector's rounds while the report is made: they cost a fifth of its time, finding nothing. Frozen
    # before the worker is forked, they are not copied into it by the collector either.
    gc.freeze()
    try:
        return _write_report(graph, target, stages, localities, progress, today, pictures, since)
    finally:
        gc.collect()  # the report's own leftovers, found quickly while the rest is still left out
        gc.unfreeze()


def _write_report(graph: nx.DiGraph, target: Path, stages: list[str] | None, localities: list[str] | None,
                  progress: Callable[[str], None] | None, today: dt.date | None, pictures: bool,
                  since: Since | None) -> ReportResult:
    scope = make_scope(graph, stages, localities)
    step = progress or (lambda _what: None)
    one = scope.only_locality
    head = graph.graph["map"].get("title") or target.stem
    if one is not None:  # every printed page says whose report it is
        head += f" — {analysis.name(graph, one)}"
    today = today or dt.date.today()
    if pictures:
        step("the pictures of the circles")
    # The sentences and the pictures are made beside the sheets, in a worker process where one can start.
    worker = ReportWorker(graph, scope.stages, scope.sentence_places, one, pictures)
    books: list[Book] = []

    def write(path: str) -> None:
        book = Book(path, head)
        books.append(book)
        found = asks.all_asks(graph, today, items=scope.items,
                              localities=None if scope.every_locality else scope.localities)
        write_decision(book, graph, scope, today, found, since)
        write_summary(book, graph, scope, today, since)
        step("the stages")
        write_stages(book, graph, scope)
        step("the blockage register")
        write_register(book, graph, scope)
        step("the action plan")
        write_actions(book, graph, scope, found)
        step("the locality matrix")
        solved = who_has_solved(graph)
        write_localities(book, graph, scope, solved)
        step("who has solved it")
        write_solved(book, graph, scope, solved)
        write_charts(book, graph, scope, step, worker.png if pictures else None)
        # The appendix, for data staff: every sentence in full, and the data item catalogue.
        write_sentences(sentences_sheet(book), graph, scope, step, worker.sentences)
        step("the data item catalogue")
        write_items(book, graph, scope)
        step("the workbook file")
        book.close()

    try:
        step("the summary")
        # Written beside the target, then moved into place: a failure leaves any earlier report intact.
        write_beside(target, write, ".xlsx.part")
    finally:
        worker.close()
    return ReportResult(target, books[0].cells, books[0].rows)
