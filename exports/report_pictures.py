"""The report's circle pictures, drawn in a worker process while the sheets are written (those it has not
started when the sheets are done, or all when no worker can start, in this process), handed over as PNG
bytes in stage order."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor

import networkx as nx

from exports.pictures import circle_spec, figure_width, spec_png
from models.change import NodeKey

DPI = 80
PIXELS_HIGH = 1000  # the sheet shows a picture 840 pixels high: a big circle is drawn at about that size


def dpi_for(spec: dict) -> float:
    """Draw each picture once at about the size it is shown: a circle of 150 items is 24 inches across,
    and at 80 dpi most of its 1,900 pixels would only be scaled away by the spreadsheet."""
    return min(DPI, PIXELS_HIGH / (figure_width(len(spec["items"])) * 0.92))


def _context():
    """"fork" (no second start of Python and matplotlib, about a second and a half) where this process is
    single-threaded, as the command line is; "spawn" where threads run (the app's Qt), which fork would copy
    half-way through whatever they were doing."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 \
            and "PySide6" not in sys.modules:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class Pictures:
    """Starts drawing as soon as it is made; `png(index)` gives the picture of the index-th stage.
    A worker takes the pictures one at a time from the first; when this process asks for one the worker is
    still drawing, it draws the last one no one has started meanwhile, rather than wait with a core idle.
    Each picture is drawn once, from plain data (circle_spec), so the worker never needs the graph."""

    def __init__(self, graph: nx.DiGraph, stages: list[NodeKey], locality: NodeKey | None,
                 workers: int | None = None) -> None:
        self._specs = [circle_spec(graph, stage, locality) for stage in stages]
        self._futures: list[Future | None] = [None] * len(self._specs)  # given to a worker
        self._here: dict[int, bytes] = {}  # drawn in this process
        self._waiting = list(range(len(self._specs)))  # started by no one yet, first first
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        # One worker beside this process: on two cores the sheets and the pictures each get one.
        workers = max(0, (os.cpu_count() or 1) - 1) if workers is None else workers
        if self._specs and workers:
            try:
                self._pool = ProcessPoolExecutor(max_workers=min(workers, 2), mp_context=_context())
                for _ in range(min(workers, 2)):
                    self._give_next()
            except Exception:  # noqa: BLE001 - no processes here (a sandbox, a frozen build): draw in-process
                self.close()

    def _draw(self, index: int) -> bytes:
        return spec_png(self._specs[index], dpi_for(self._specs[index]))

    def _give_next(self, _finished: Future | None = None) -> None:
        """Give a worker the first picture no one has started; called again each time it finishes one."""
        with self._lock:
            if self._pool is None or not self._waiting:
                return
            index = self._waiting[0]
            try:
                future = self._pool.submit(spec_png, self._specs[index], dpi_for(self._specs[index]))
            except Exception:  # noqa: BLE001 - a worker that died: the pictures still waiting are drawn here
                return
            self._futures[index] = future
            self._waiting.pop(0)
        future.add_done_callback(self._give_next)

    def png(self, index: int) -> bytes:
        while True:
            with self._lock:
                if index in self._here:
                    return self._here.pop(index)
                future = self._futures[index]
                if future is None:  # no one has started it: drawn here
                    self._waiting.remove(index)
                    mine = index
                elif not future.done() and self._waiting:  # the worker is on it: draw the last one meanwhile
                    mine = self._waiting.pop()
                else:
                    break
            self._here[mine] = self._draw(mine)
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - a worker that died or failed: the picture is drawn here instead
            return self._draw(index)

    def close(self) -> None:
        """Stop the worker. When every picture it was given is drawn it is idle, and waiting for it to end
        costs nothing and leaves no thread behind (the next report can start its worker the quick way)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            idle = all(future is None or future.done() for future in self._futures)
            pool.shutdown(wait=idle, cancel_futures=True)
