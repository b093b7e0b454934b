"""Timing shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(runs: int, *jobs: Callable[[], object]) -> list[float]:
    """The best time of each job over `runs` rounds, the jobs taking turns so that all meet the same load."""
    best = [float("inf")] * len(jobs)
    for _ in range(runs):
        for n, job in enumerate(jobs):
            start = time.perf_counter()
            job()
            best[n] = min(best[n], time.perf_counter() - start)
    return best
