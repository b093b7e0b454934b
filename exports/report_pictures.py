"""The report's circle pictures, drawn in a worker process while the sheets are written (in-process when
no worker can start), handed over as PNG bytes in stage order."""

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
    """Starts drawing as soon as it is made; `png(index)` waits for the picture of the index-th stage.
    Each picture is drawn once, from plain data (circle_spec), so the worker never needs the graph."""

    def __init__(self, graph: nx.DiGraph, stages: list[NodeKey], locality: NodeKey | None,
                 workers: int | None = None) -> None:
        self._specs = [circle_spec(graph, stage, locality) for stage in stages]
        self._futures: list[Future] = []
        self._pool: ProcessPoolExecutor | None = None
        # One worker beside this process: on two cores the sheets and the pictures each get one.
        workers = max(0, (os.cpu_count() or 1) - 1) if workers is None else workers
        if self._specs and workers:
            try:
                self._pool = ProcessPoolExecutor(max_workers=min(workers, 2), mp_context=_context())
                self._futures = [self._pool.submit(spec_png, spec, dpi_for(spec)) for spec in self._specs]
            except Exception:  # noqa: BLE001 - no processes here (a sandbox, a frozen build): draw in-process
                self.close()
                self._futures = []

    def png(self, index: int) -> bytes:
        if self._futures:
            try:
                return self._futures[index].result()
            except Exception:  # noqa: BLE001 - a worker that died or failed: the picture is drawn here instead
                pass
        return spec_png(self._specs[index], dpi_for(self._specs[index]))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
