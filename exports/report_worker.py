"""The report's slow parts done in a worker process while this one writes the sheets: the sentences of each
stage (where the worker can share the map's graph) and the circle pictures (PNG bytes, drawn from plain
data). Whatever the worker has not started when a result is wanted is done here instead, and when no worker
can start, everything is."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

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
_graph: nx.DiGraph | None = None  # the worker's graph


def _keep(graph: nx.DiGraph | None) -> None:
    global _graph
    _graph = graph


def _in_worker(function: Callable, args: tuple) -> object:
    return function(_graph, *args)


def _picture(_graph: nx.DiGraph | None, spec: dict) -> bytes:
    from exports.pictures import spec_png

    return spec_png(spec, dpi_for(spec))


class ReportWorker:
    """Starts on the jobs as soon as it is made: first the sentences of each stage for `places` (a list of
    localities, None meaning across all), then the pictures; `sentences(index)` and `png(index)` give the
    index-th stage's. A worker takes the jobs one at a time from the first; when this process asks for one
    the worker is still doing, it does the last one no one has started meanwhile, rather than wait with a
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
        self._futures: list[Future | None] = [None] * len(self._jobs)  # given to a worker
        self._here: dict[int, object] = {}  # done in this process
        # Started by no one yet, first first; the sentences only where the worker shares the graph.
        self._waiting = list(range(0 if shared else self._first_picture, len(self._jobs)))
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        # One worker beside this process: on two cores the sheets and the worker each get one.
        workers = max(0, (os.cpu_count() or 1) - 1) if workers is None else workers
        if self._waiting and workers:
            try:
                self._pool = ProcessPoolExecutor(max_workers=min(workers, 2), mp_context=context,
                                                 initializer=_keep, initargs=(graph if shared else None,))
                for _ in range(min(workers, 2)):
                    self._give_next()
            except Exception:  # noqa: BLE001 - no processes here (a sandbox, a frozen build): done in-process
                self.close()

    def sentences(self, index: int) -> list[str]:
        """stage_sentences of the index-th stage for the places given."""
        return self._result(index)

    def png(self, index: int) -> bytes:
        """The picture of the index-th stage's circle."""
        return self._result(self._first_picture + index)

    def _do(self, index: int) -> object:
        function, args = self._jobs[index]
        return function(self._graph, *args)

    def _give_next(self, _finished: Future | None = None) -> None:
        """Give a worker the first job no one has started; called again each time it finishes one."""
        with self._lock:
            if self._pool is None or not self._waiting:
                return
            index = self._waiting[0]
            try:
                future = self._pool.submit(_in_worker, *self._jobs[index])
            except Exception:  # noqa: BLE001 - a worker that died: the jobs still waiting are done here
                return
            self._futures[index] = future
            self._waiting.pop(0)
        future.add_done_callback(self._give_next)

    def _result(self, index: int) -> object:
        while True:
            with self._lock:
                if index in self._here:
                    return self._here.pop(index)
                future = self._futures[index]
                if future is None:  # no one has started it: done here
                    if index in self._waiting:
                        self._waiting.remove(index)
                    mine = index
                elif not future.done() and self._waiting:  # the worker is on it: do the last one meanwhile
                    mine = self._waiting.pop()
                else:
                    break
            self._here[mine] = self._do(mine)
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - a worker that died or failed: the job is done here instead
            return self._do(index)

    def close(self) -> None:
        """Stop the worker. When every job it was given is done it is idle, and waiting for it to end costs
        nothing and leaves no thread behind (the next report can start its worker the quick way)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            idle = all(future is None or future.done() for future in self._futures)
            pool.shutdown(wait=idle, cancel_futures=True)
