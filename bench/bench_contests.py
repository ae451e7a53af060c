"""Contests: the pure results model, judge assignment and the SVG charts (and, later, the pages).

Results (pure, contests/scoring.py): made-up rounds whose entries have a true quality (normal, mean 65,
sd 8), judges a leniency (sd 6 points) and every rating noise (sd 4), five criteria per scoresheet. The
national size is 1,000 entries × 50 judges with 3–5 judges per entry (about 4,000 ratings); the pilot's is
30 entries × 7 judges, every judge on every entry. The baseline is the raw mean per entry alone (numpy
bincount over the same ratings): what the judge-effect fit, the agreement statistics and the per-entry
summaries cost on top.

Assignment (pure, contests/assignment.py): 1,000 entries × 50 judges × 4 per entry with about 5 % of the
pairs in conflict, and the pilot's 30 × 7 × 3; SimpleMinCostFlow with the default load cap.

Charts (pure, contests/charts.py): the ranking chart over 1,000 entries (first 30 drawn) and the judges'
chart for the national round (box plots only).

Page rows (the results page and the score autosave on PostgreSQL) go in `page_benchmarks` below.
"""

from __future__ import annotations

import numpy as np

from bench.harness import Row, measure
from contests import assignment, charts, scoring

NATIONAL = (1000, 50)
PILOT = (30, 7)


def national_rows(seed: int = 1, *, entries: int = 1000, judges: int = 50) -> list[scoring.ScoreRow]:
    """A national round: 3–5 judges per entry at random, five criteria of 20 points."""
    rng = np.random.default_rng(seed)
    quality = rng.normal(65, 8, entries)
    leniency = rng.normal(0, 6, judges)
    rows = []
    for entry in range(entries):
        panel = rng.choice(judges, size=int(rng.integers(3, 6)), replace=False)
        for judge in panel.tolist():
            total = float(np.clip(quality[entry] + leniency[judge] + rng.normal(0, 4), 0, 100))
            criteria = tuple(float(c) for c in np.clip(total / 5 + rng.normal(0, 1.5, 5), 0, 20))
            rows.append(scoring.ScoreRow(entry_id=entry + 1, judge_id=judge + 1, total=total, criteria=criteria))
    return rows


def pilot_rows(seed: int = 2) -> list[scoring.ScoreRow]:
    """The pilot: every one of 7 judges scores every one of 30 entries."""
    rng = np.random.default_rng(seed)
    entries, judges = PILOT
    quality = rng.normal(70, 8, entries)
    leniency = rng.normal(0, 6, judges)
    return [
        scoring.ScoreRow(
            entry_id=e + 1,
            judge_id=j + 1,
            total=float(np.clip(quality[e] + leniency[j] + rng.normal(0, 4), 0, 100)),
            criteria=tuple(float(c) for c in rng.uniform(10, 20, 5)),
        )
        for e in range(entries)
        for j in range(judges)
    ]


def raw_means(rows: list[scoring.ScoreRow]) -> np.ndarray:
    entries = np.array([r.entry_id for r in rows])
    totals = np.array([r.total for r in rows])
    return np.bincount(entries, weights=totals) / np.maximum(np.bincount(entries), 1)


def scoring_benchmarks() -> list[Row]:
    rows = []
    for what, sample, target in (
        ("results: adjusted scores + agreement", national_rows(), "< 100 ms"),
        ("results: adjusted scores + agreement (pilot)", pilot_rows(), ""),
    ):
        result = scoring.round_results(sample)
        judges = len(result.judges)
        size = f"{len(result.entries):,} entries × {judges} judges, {len(sample):,} ratings"
        baseline = measure(lambda sample=sample: raw_means(sample), repeat=20)
        timing = measure(lambda sample=sample: scoring.round_results(sample), repeat=20)
        alpha = result.agreement.alpha or 0.0
        alpha_adjusted = result.agreement.alpha_adjusted or 0.0
        rows.append(
            Row(
                f"{what} (alpha {alpha:.2f} → {alpha_adjusted:.2f})",
                size,
                timing,
                target,
                baseline,
                "raw mean",
            )
        )
    sample = national_rows()
    result = scoring.round_results(sample)
    scores = result.adjusted_scores()
    criteria = {e.entry_id: e.criteria_means for e in result.entries}
    rows.append(
        Row(
            "results: rank with the tie-break ladder",
            f"{len(scores):,} entries",
            measure(lambda: scoring.rank(scores, criteria=criteria), repeat=20),
        )
    )
    return rows


def assignment_benchmarks() -> list[Row]:
    rows = []
    for (entries, judges), per_entry, target in ((NATIONAL, 4, "< 1 s"), (PILOT, 3, "")):
        rng = np.random.default_rng(3)
        conflict_cells = np.argwhere(rng.random((entries, judges)) < 0.05)
        conflicts = {(int(e), int(j)) for e, j in conflict_cells}
        entry_ids, judge_ids = list(range(entries)), list(range(judges))
        result = assignment.assign(entry_ids, judge_ids, conflicts, per_entry=per_entry)
        timing = measure(
            lambda entry_ids=entry_ids, judge_ids=judge_ids, conflicts=conflicts, per_entry=per_entry: (
                assignment.assign(entry_ids, judge_ids, conflicts, per_entry=per_entry)
            ),
            repeat=10 if entries > 100 else 20,
        )
        loads = result.loads.values()
        rows.append(
            Row(
                f"assignment: min-cost flow (loads {min(loads)}–{max(loads)}, "
                f"{'connected' if result.connected else 'NOT connected'}, {len(result.problems)} problems)",
                f"{entries:,} entries × {judges} judges × {per_entry}, {len(conflicts):,} conflicts",
                timing,
                target,
            )
        )
    return rows


def chart_benchmarks() -> list[Row]:
    sample = national_rows()
    result = scoring.round_results(sample)
    pilot = pilot_rows()
    pilot_result = scoring.round_results(pilot)
    effects = {j.judge_id: (j.effect, j.ratings) for j in pilot_result.judges}
    return [
        Row(
            "charts: ranking SVG (first 30 drawn)",
            f"{len(result.entries):,} entries",
            measure(lambda: charts.ranking_svg(result.entries), repeat=20),
        ),
        Row(
            "charts: judges' distribution SVG (pilot)",
            f"{len(pilot):,} ratings, 7 judges",
            measure(lambda: charts.judge_distribution_svg(pilot, effects=effects), repeat=20),
        ),
        Row(
            "charts: judges' distribution SVG (box plots)",
            f"{len(sample):,} ratings, 50 judges",
            measure(lambda: charts.judge_distribution_svg(sample), repeat=20),
        ),
    ]


def page_benchmarks() -> list[Row]:
    """The results page and the score autosave on PostgreSQL (added with the contests pages)."""
    return []


def benchmarks() -> list[Row]:
    return [*scoring_benchmarks(), *assignment_benchmarks(), *chart_benchmarks(), *page_benchmarks()]
