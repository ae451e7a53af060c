"""A small benchmark framework: time a function, describe the result as a row, print one table.

A benchmark module `bench/bench_<name>.py` defines `benchmarks() -> list[Row]`; `bench/run.py`
finds it, gives it a fresh, migrated PostgreSQL database and prints every row in one table.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timing:
    """Seconds per call over `runs` timed calls (warm-up calls excluded)."""

    median: float
    low: float
    high: float
    spread: str  # "p10–p90" with 10 runs or more, else "min–max"
    runs: int
    queries: int | None = None  # SQL queries of one call, when counted


class QueryCounter:
    """A database execute wrapper that counts statements (no limit, unlike connection.queries)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(
    fn: Callable[..., Any],
    repeat: int = 10,
    *,
    warmup: int = 1,
    setup: Callable[[], Any] | None = None,
    count_queries: bool = False,
) -> Timing:
    """Time `fn` with time.perf_counter, `repeat` times after `warmup` untimed calls.

    With `setup`, each call is `fn(setup())` and the setup is not timed (fresh data per run).
    With `count_queries`, the SQL queries of the first warm-up call are counted.
    """
    if count_queries and warmup < 1:
        raise ValueError("count_queries needs a warm-up call")

    def call() -> float:
        argument = (setup(),) if setup is not None else ()
        start = time.perf_counter()
        fn(*argument)
        return time.perf_counter() - start

    queries = None
    for index in range(warmup):
        if count_queries and index == 0:
            from django.db import connection

            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                call()
            queries = counter.count
        else:
            call()
    times = sorted(call() for _ in range(repeat))
    if len(times) >= 10:
        deciles = statistics.quantiles(times, n=10, method="inclusive")
        low, high, spread = deciles[0], deciles[-1], "p10–p90"
    else:
        low, high, spread = times[0], times[-1], "min–max"
    return Timing(statistics.median(times), low, high, spread, len(times), queries)


@dataclass(frozen=True)
class Row:
    """One line of the table. `target` reads like "< 200 ms"; the ratio is median / baseline median."""

    what: str
    size: str
    timing: Timing
    target: str = ""
    baseline: Timing | None = None
    baseline_name: str = ""

    @property
    def target_seconds(self) -> float | None:
        match = re.fullmatch(r"<\s*([\d.,]+)\s*(s|ms|µs|us)", self.target.strip())
        if not match:
            return None
        value = float(match.group(1).replace(",", ""))
        return value * {"s": 1.0, "ms": 1e-3, "µs": 1e-6, "us": 1e-6}[match.group(2)]

    @property
    def meets_target(self) -> bool | None:
        limit = self.target_seconds
        return None if limit is None else self.timing.median < limit

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline.median <= 0:
            return None
        return self.timing.median / self.baseline.median


def format_seconds(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def format_spread(timing: Timing) -> str:
    return f"{format_seconds(timing.low)} – {format_seconds(timing.high)} ({timing.spread}, n={timing.runs})"


def format_ratio(row: Row) -> str:
    ratio = row.ratio
    if ratio is None:
        return "—"
    number = f"{ratio:,.0f}" if ratio >= 100 else f"{ratio:.1f}" if ratio >= 10 else f"{ratio:.2f}"
    return f"{number}× {row.baseline_name}".rstrip()


def format_target(row: Row) -> str:
    if not row.target:
        return "—"
    verdict = {True: "ok", False: "MISSED", None: ""}[row.meets_target]
    return f"{row.target} {verdict}".rstrip()


HEADERS = ("what", "data size", "median", "spread", "target", "ratio vs baseline")


def render_table(rows: list[Row]) -> str:
    """Plain text, aligned columns, `|` between them."""
    cells = [HEADERS] + [
        (
            row.what,
            row.size,
            format_seconds(row.timing.median),
            format_spread(row.timing),
            format_target(row),
            format_ratio(row),
        )
        for row in rows
    ]
    widths = [max(len(line[column]) for line in cells) for column in range(len(HEADERS))]
    right = {2}  # numbers align right

    def line(values: tuple[str, ...]) -> str:
        parts = [
            value.rjust(width) if column in right else value.ljust(width)
            for column, (value, width) in enumerate(zip(values, widths, strict=True))
        ]
        return " | ".join(parts).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([line(cells[0]), rule, *(line(values) for values in cells[1:])])
