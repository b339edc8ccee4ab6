"""Timing helpers shared by the benchmarks: every figure is a median of runs, with the runs shown."""

from __future__ import annotations

import statistics
import time


def timed(fn, runs: int) -> tuple[float, list[float], object]:
    """(median seconds, every run's seconds, what the last run returned)."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, result
