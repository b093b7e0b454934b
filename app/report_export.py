"""Export report from the window: the dialog (views.report_dialog), and the report written in a thread on a
copy of the map's graph taken when the user presses Export, so the window stays live and the user can go on
editing without the edits reaching (or racing) the report being written.

The worker thread never touches a widget: it reports each step, the end or the failure through signals,
which Qt delivers to the dialog in the window's own thread.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from app import file_actions as files
from models.errors import MapError
from views.report_dialog import ReportChoice, ReportDialog

if TYPE_CHECKING:
    from app.document import Document
    from models.store import MapStore

FOLDER_KEY = "report/last_folder"
FILTER = "Excel workbooks (*.xlsx)"


class ReportCancelled(Exception):
    """The user pressed Cancel: raised from the report's progress callback, it stops the report (no file)."""


def copy_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy the window's edits cannot reach: nodes' and edges' attributes copied, and the map's own dicts
    (its title…, the positions, which edits change in place) copied one level down."""
    copy = graph.copy()
    copy.graph = {key: dict(value) if isinstance(value, dict) else value for key, value in graph.graph.items()}
    return copy


# ---- what changed since a snapshot (models.snapshots may not be in this build) -------------------

def snapshot_choices(store: MapStore) -> list[tuple[str, object]]:
    """The map's snapshots for the dialog, newest first, as (“Before the March meeting — 3 March 2026”, id);
    none when this build keeps no snapshots."""
    try:
        snapshots = importlib.import_module("models.snapshots")
    except ImportError:
        return []
    try:
        found = snapshots.list_snapshots(store)
    except MapError:  # a map that cannot say: offer no comparison rather than refuse the report
        return []
    return [(f"{s.name} — {_day(s.taken_at)}", s.id) for s in reversed(found)]


def since_for(store: MapStore, graph: nx.DiGraph, snapshot: object, today: dt.date | None = None):
    """The report's `since` for a snapshot (None for none), worked out from the copy of the graph."""
    if snapshot is None:
        return None
    from exports.report import Since

    snapshots = importlib.import_module("models.snapshots")

    taken = next((s for s in snapshots.list_snapshots(store) if s.id == snapshot), None)
    if taken is None:
        raise MapError("That snapshot is no longer in the map; choose another.")
    lines = snapshots.changes_since(store, graph, taken.id, today or dt.date.today())
    return Since(taken.name, _date(taken.taken_at), tuple(lines))


def _date(moment) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _day(moment) -> str:
    day = _date(moment)
    return f"{day.day} {day:%B %Y}"  # no %-d: Windows has none


# ---- the worker ------------------------------------------------------------------------------

class ReportJob(QThread):
    """Writes one report in its own thread; `cancel()` stops it at its next step."""

    step = Signal(str, int)  # what the step makes, its number from 1
    written = Signal(str)  # the report's path
    failed = Signal(str)  # a message for the user
    cancelled = Signal()
    crashed = Signal(object)  # an exception no one expected: a bug, shown by the app's error handler

    def __init__(self, graph: nx.DiGraph, target: Path, choice: ReportChoice, since) -> None:
        super().__init__()
        self.graph, self.target, self.choice, self.since = graph, target, choice, since
        self._cancel = threading.Event()
        self._steps = 0

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, words: str) -> None:
        if self._cancel.is_set():
            raise ReportCancelled
        self._steps += 1
        self.step.emit(words, self._steps)

    def run(self) -> None:  # in the worker thread: no widget is touched here
        try:
            from exports import report  # looked up when run, so that tests can stand in for write_report

            result = report.write_report(self.graph, self.target, stages=self.choice.stages,
                                         localities=self.choice.localities, progress=self._progress,
                                         since=self.since)
        except ReportCancelled:
            self.cancelled.emit()
        except MapError as e:
            self.failed.emit(str(e))
        except OSError as e:
            self.failed.emit(f"{self.target.name}: {e.strerror or e}.")
        except Exception as e:  # noqa: BLE001 - handed to the window's thread, which reports it as a bug
            self.crashed.emit(e)
        else:
            self.written.emit(str(result.path))


# Jobs still running, kept alive until they end (a QThread destroyed while it runs aborts the program),
# and stopped when the application quits.
_RUNNING: set[ReportJob] = set()


_QUIT_HOOKED: list[bool] = []


def _stop_all() -> None:
    for job in list(_RUNNING):
        job.cancel()
        job.wait()


def _stop_all_on_quit() -> None:
    app = QCoreApplication.instance()
    if app is not None and not _QUIT_HOOKED:
        app.aboutToQuit.connect(_stop_all)
        _QUIT_HOOKED.append(True)


class ReportExport(QObject):
    """The Export report dialog of one open map, and the report it is writing."""

    def __init__(self, window, document: Document) -> None:
        super().__init__(window)
        self.window, self.document = window, document
        self.job: ReportJob | None = None
        self.dialog = ReportDialog(document.graph, snapshot_choices(document.store), str(default_target(document)),
                                   self._choose_path, window)
        self.dialog.export_requested.connect(self.start)
        self.dialog.cancel_requested.connect(self.cancel)
        _stop_all_on_quit()

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.isRunning()

    def show(self) -> None:
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _choose_path(self, current: str) -> str | None:
        return self.window.asker.save_path("Export the report", current or default_target(self.document).name, FILTER)

    def start(self, choice: ReportChoice) -> None:
        """Export pressed: copy the graph now, work out what changed since the snapshot chosen, and write the
        report in a thread."""
        if self.running:
            return
        if self.window.document is not self.document:
            self.dialog.show_failed("The map this report was for has been closed; open it and export again.")
            return
        target = Path(choice.target).expanduser()
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        graph = copy_graph(self.document.graph)
        try:
            since = since_for(self.document.store, graph, choice.since)
        except (MapError, OSError) as e:
            self.dialog.show_failed(str(e))
            return
        stages = len(choice.stages) if choice.stages is not None else \
            sum(1 for key in graph if key[0] == "stage")
        job = self.job = ReportJob(graph, target, choice, since)
        job.step.connect(self._step)
        job.written.connect(self._written)
        job.failed.connect(self.dialog.show_failed)
        job.cancelled.connect(self.dialog.show_cancelled)
        job.crashed.connect(self._crashed)
        job.finished.connect(self._finished)
        _RUNNING.add(job)
        from exports.report import progress_steps

        self.dialog.show_started(progress_steps(stages))
        job.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _step(self, words: str, number: int) -> None:
        self.dialog.show_step(words, number)

    def _written(self, path: str) -> None:
        files.settings().setValue(FOLDER_KEY, str(Path(path).parent))
        self.dialog.show_done(path)
        self.window.statusBar().showMessage(f"Exported the report to {path}", 10_000)

    def _crashed(self, error: BaseException) -> None:
        self.dialog.show_failed("Something went wrong while writing it; your map is saved.")
        sys.excepthook(type(error), error, error.__traceback__)

    def _finished(self) -> None:
        job = self.sender() or self.job
        if not isinstance(job, ReportJob):
            return
        job.wait()  # `finished` comes just before the thread ends: let it end before the object can go
        _RUNNING.discard(job)
        if job is self.job:
            self.job = None


def default_target(document: Document) -> Path:
    """“<map> report.xlsx” in the folder the last report went to, else beside the map."""
    folder = files.settings().value(FOLDER_KEY)
    where = Path(str(folder)) if folder and Path(str(folder)).is_dir() else document.store.path.parent
    return where / f"{document.store.path.stem} report.xlsx"
