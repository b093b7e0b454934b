"""The report's slow parts done in a worker process while this one writes the sheets: the sentences of each
stage (where the worker can share the map's graph) and the circle pictures (PNG bytes, drawn from plain
data). Whatever the worker has not started when a result is wanted is done here instead, and when no worker
can start, everything is."""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Callable

import networkx as nx

from models.change import NodeKey
from models.sentences import stage_sentences

DPI = 80
PIXELS_HIGH = 1000  # the sheet shows a picture 840 pixels high: a big circle is drawn at about that size


def dpi_for(spec: dict) -> float:
    """Draw each picture once at about the size it is shown: a circle of 150 items is 24 inches across,
    and at 80 dpi most of its 1,900 pixels would only be scaled away by the spreadsheet."""
    from exports.pictures import figure_width

    return min(DPI, PIXELS_HIGH / (figure_width(len(spec["items"])) * 0.92))


def _context():
    """"fork" (no second start of Python and matplotlib, about a second and a half, and the worker has the
    map's graph without it being copied over) where this process is single-threaded, as the command line
    is; "spawn" where threads run (the app's Qt), which fork would copy half-way through whatever they
    were doing."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 \
            and "PySide6" not in sys.modules:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# A job is a function of the map's graph and its own arguments; a worker has the graph only where forked.
Job = tuple[Callable, tuple]
# Who does a job: claimed under the claims' lock, so that each is done once.
FREE, WORKER, HERE = 0, 1, 2
_FAILED = object()


def _picture(_graph: nx.DiGraph | None, spec: dict) -> bytes:
    from exports.pictures import spec_png

    return spec_png(spec, dpi_for(spec))


def _work(graph: nx.DiGraph | None, jobs: list[Job | None], claims, results) -> None:
    """The worker: claims the jobs given to it (not None) in order, one at a time, and puts (index, done,
    result) on `results` for each; a job this process has claimed meanwhile is skipped."""
    for index, job in enumerate(jobs):
        if job is None:
            continue
        with claims.get_lock():
            if claims[index] != FREE:
                continue
            claims[index] = WORKER
        try:
            function, args = job
            results.put((index, True, function(graph, *args)))
        except Exception:  # noqa: BLE001 - the job is done again, and fails visibly, in the report's process
            results.put((index, False, None))


class ReportWorker:
    """Starts on the jobs as soon as it is made: first the sentences of each stage for `places` (a list of
    localities, None meaning across all), then the pictures; `sentences(index)` and `png(index)` give the
    index-th stage's. The worker is handed every job it can do when it starts and goes from one to the next
    without waiting on this process, which reads the results only when it wants them; when it wants one
    the worker has not finished, it does the last job no one has started meanwhile, rather than wait with a
    core idle."""

    def __init__(self, graph: nx.DiGraph, stages: list[NodeKey], places: list[NodeKey | None],
                 picture_locality: NodeKey | None = None, pictures: bool = True, workers: int | None = None) -> None:
        self._graph = graph
        context = _context()
        shared = context.get_start_method() == "fork"  # a spawned worker would need the graph copied over
        self._jobs: list[Job] = [(stage_sentences, (stage, places)) for stage in stages]
        self._first_picture = len(self._jobs)
        if pictures:
            # matplotlib is slow to load: here only when there are pictures, and before the worker starts
            # (a forked worker has it loaded too).
            from exports.pictures import circle_spec

            self._jobs += [(_picture, (circle_spec(graph, stage, picture_locality),)) for stage in stages]
        given = [job if shared or index >= self._first_picture else None for index, job in enumerate(self._jobs)]
        self._done: dict[int, object] = {}  # results read from the worker or done here, not yet asked for
        self._process = None
        if workers is None:
            workers = (os.cpu_count() or 1) - 1  # on two cores the sheets and the worker each get one
        if workers > 0 and any(given):
            try:
                self._claims = context.Array("b", len(self._jobs))
                self._results = context.Queue()
                self._process = context.Process(target=_work, daemon=True,
                                                args=(graph if shared else None, given, self._claims, self._results))
                self._process.start()
            except Exception:  # noqa: BLE001 - no processes here (a sandbox, a frozen build): done in-process
                self._process = None

    def sentences(self, index: int) -> list[str]:
        """stage_sentences of the index-th stage for the places given."""
        return self._result(index)

    def png(self, index: int) -> bytes:
        """The picture of the index-th stage's circle."""
        return self._result(self._first_picture + index)

    def _do(self, index: int) -> object:
        function, args = self._jobs[index]
        return function(self._graph, *args)

    def _claim(self, index: int) -> bool:
        """True when this process may do job `index`: no worker, or the worker has not started it."""
        if self._process is None:
            return True
        with self._claims.get_lock():
            if self._claims[index] == FREE:
                self._claims[index] = HERE
                return True
            return False

    def _read(self, timeout: float | None) -> bool:
        """Read one result from the worker into those done; False when none came in `timeout` seconds."""
        try:
            index, done, result = self._results.get(timeout=timeout) if timeout else self._results.get_nowait()
        except queue.Empty:
            return False
        self._done[index] = result if done else _FAILED
        return True

    def _result(self, index: int) -> object:
        if index not in self._done and self._claim(index):
            return self._do(index)
        while index not in self._done:
            if self._read(None):
                continue  # whatever the worker has finished
            # The worker is on it: the last job no one has started is done here meanwhile, else wait.
            spare = next((other for other in reversed(range(index + 1, len(self._jobs)))
                          if other not in self._done and self._claim(other)), None)
            if spare is not None:
                self._done[spare] = self._do(spare)
            elif not self._read(timeout=0.5) and not self._process.is_alive():
                self._done[index] = _FAILED  # the worker died
        result = self._done.pop(index)
        return self._do(index) if result is _FAILED else result

    def close(self) -> None:
        """Stop the worker. When every job was asked for it has ended, or is ending; when the report failed
        it is stopped."""
        process, self._process = self._process, None
        if process is not None:
            process.join(timeout=0.2)
            if process.is_alive():
                process.terminate()
                process.join()
            self._results.close()
