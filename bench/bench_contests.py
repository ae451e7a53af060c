"""Contests: the pure results model, judge assignment and the SVG charts (and, later, the pages).

Results (pure, contests/scoring/): made-up rounds whose entries have a true quality (normal, mean 65,
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


def populate_contest(organization, *, entries: int, judges: int = 7, criteria: int = 6, label: str = ""):
    """A judged contest in bulk: `entries` submitted prototypes entered, every one of `judges` judges scored
    every entry on `criteria` criteria and submitted. Returns (contest, organizer, one assignment)."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from contests import services as contest_services
    from contests.models import Entry as ContestEntry
    from contests.models import JudgeAssignment, PanelJudge, Score, ScoreSheet
    from learninggroup.models import Cohort, Membership, Role, User
    from submissions.models import Submission, SubmissionRevision
    from teams.models import Team

    rng = np.random.default_rng(entries)
    now = timezone.now()
    cohort = Cohort.objects.create(organization=organization, name=f"경진대회 벤치 {label}{entries}", year=2025)
    organizer = User.objects.create_user(f"contest-org-{label}{entries}@bench.example", None, name="정운영")
    Membership.objects.create(user=organizer, cohort=cohort, role=Role.ORGANIZER, department="디지털정책과")
    contest = contest_services.contest_create(
        cohort=cohort, kind="other", name="벤치 경진대회", actor=organizer, judging_closes_at=now + dt.timedelta(days=9)
    )
    written = contest.rounds.get()
    contest_services.rubric_save(
        rnd=written, rows=[{"name": f"기준 {n + 1}", "points": 20 if n < 4 else 10} for n in range(criteria)]
    )
    teams = Team.objects.bulk_create(Team(cohort=cohort, name=f"팀 {n:04d}") for n in range(entries))
    submissions = Submission.objects.bulk_create(
        Submission(team=t, cohort=cohort, title=f"시제품 {n}", status="submitted", submitted_at=now)
        for n, t in enumerate(teams)
    )
    revisions = SubmissionRevision.objects.bulk_create(
        SubmissionRevision(
            submission=s, number=1, created_at=now, snapshot={"fields": {"title": s.title}, "attachments": []}
        )
        for s in submissions
    )
    made = ContestEntry.objects.bulk_create(
        ContestEntry(contest=contest, submission=s, team_id=s.team_id, revision=r, number=n + 1, title=s.title)
        for n, (s, r) in enumerate(zip(submissions, revisions, strict=True))
    )
    panel = []
    for n in range(judges):
        user = User.objects.create_user(f"contest-judge-{label}{entries}-{n}@bench.example", None, name=f"심사{n}")
        panel.append(Membership.objects.create(user=user, cohort=cohort, role=Role.JUDGE, department=f"기관{n}"))
    PanelJudge.objects.bulk_create(PanelJudge(round=written, judge=j) for j in panel)
    assignments = JudgeAssignment.objects.bulk_create(
        JudgeAssignment(round=written, entry=e, judge=j, no_conflict_confirmed_at=now) for e in made for j in panel
    )
    sheets = ScoreSheet.objects.bulk_create(
        ScoreSheet(assignment=a, status="submitted", version=1, saved_at=now, submitted_at=now) for a in assignments
    )
    rubric = list(written.criteria.all())
    quality = rng.uniform(0.4, 0.95, entries)
    leniency = rng.normal(0, 0.05, judges)
    scores = []
    for index, sheet in enumerate(sheets):
        e, j = divmod(index, judges)
        for criterion in rubric:
            share = float(np.clip(quality[e] + leniency[j] + rng.normal(0, 0.05), 0, 1))
            scores.append(
                Score(sheet=sheet, criterion=criterion, value=Decimal(round(float(criterion.points) * share)))
            )
    Score.objects.bulk_create(scores, batch_size=5000)
    contest.status = "judging"
    contest.save()
    written.panel_frozen_at = now
    written.save()
    return contest, organizer, assignments[0], len(scores)


def bare_aggregation(contest) -> str:
    """The floor: one GROUP BY over the score table (each sheet's total) and the rows as plain strings."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.entry_id, a.judge_id, SUM(s.value)
            FROM contests_score s
            JOIN contests_scoresheet sh ON sh.id = s.sheet_id
            JOIN contests_judgeassignment a ON a.id = sh.assignment_id
            JOIN contests_round r ON r.id = a.round_id
            WHERE r.contest_id = %s AND sh.status = 'submitted'
            GROUP BY a.entry_id, a.judge_id
            """,
            [contest.pk],
        )
        return "\n".join(f"{entry}\t{judge}\t{total}" for entry, judge, total in cursor.fetchall())


def cpu_median_ms(fn, repeat: int = 10) -> float:
    """This process's CPU time per call (the database's own work is not in it), median of `repeat` calls: on a
    loaded machine it moves far less than the wall time."""
    import statistics
    import time

    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1e3


def page_benchmarks() -> list[Row]:
    """The organizer's results page at 1,000 entries × 7 judges × 6 criteria against the bare aggregation of
    the same scores, and the score autosave round trip, on PostgreSQL."""
    from django.test import Client
    from django.urls import reverse

    from bench.bench_foundation import time_page
    from contests.models import ScoreSheet
    from learninggroup.models import Organization

    organization = Organization.objects.create(name="벤치마크시 (경진대회)", slug="bench-contests")
    rows = []
    small, small_organizer, _first, small_scores = populate_contest(organization, entries=30, label="s")
    contest, organizer, assignment, score_count = populate_contest(organization, entries=1000, label="l")
    client = Client()
    client.force_login(small_organizer)
    small_page = time_page(client, reverse("contest_results", args=[small.cohort_id, small.pk]))
    client.force_login(organizer)
    url = reverse("contest_results", args=[contest.cohort_id, contest.pk])
    page = measure(lambda: client.get(url), repeat=10, warmup=2, count_queries=True)
    floor = measure(lambda: bare_aggregation(contest), repeat=10, warmup=2)
    print(
        f"results page {page.median * 1e3:.1f} ms, bare GROUP BY + strings {floor.median * 1e3:.1f} ms, "
        f"ratio {page.median / floor.median:.2f}×; CPU of this process: "
        f"page {cpu_median_ms(lambda: client.get(url)):.1f} ms, "
        f"bare {cpu_median_ms(lambda: bare_aggregation(contest)):.1f} ms"
    )
    rows.append(
        Row(
            f"results page (organizer, {small_page.queries} queries)",
            f"30 entries × 7 judges ({small_scores:,} scores)",
            small_page,
        )
    )
    rows.append(
        Row(
            f"results page (organizer, {page.queries} queries)",
            f"1,000 entries × 7 judges × 6 criteria ({score_count:,} scores)",
            page,
            f"< {floor.median * 5 * 1e3:.0f} ms",
            floor,
            "bare GROUP BY + strings",
        )
    )

    judge = Client()
    judge.force_login(assignment.judge.user)
    sheet = ScoreSheet.objects.get(assignment=assignment)
    sheet.status = "draft"
    sheet.save()
    criterion = assignment.round.criteria.order_by("order").first()
    autosave = reverse("sheet_autosave", args=[contest.cohort_id, assignment.pk])
    values = iter(range(10**6))

    def save(version: int) -> None:
        response = judge.post(
            autosave,
            {"version": version, f"score-{criterion.pk}": str(next(values) % 20)},
            headers={"HX-Request": "true"},
        )
        if b"saved" not in response.content:
            raise AssertionError(response.content.decode()[:300])

    timing = measure(
        save,
        repeat=30,
        warmup=3,
        setup=lambda: ScoreSheet.objects.filter(pk=sheet.pk).values_list("version", flat=True).get(),
        count_queries=True,
    )

    def save_current() -> None:
        save(ScoreSheet.objects.filter(pk=sheet.pk).values_list("version", flat=True).get())

    cpu = cpu_median_ms(save_current, repeat=20)
    print(f"score autosave: CPU of this process {cpu:.1f} ms (with reading the version)")
    rows.append(Row(f"score autosave round trip ({timing.queries} queries)", "1 criterion, htmx", timing, "< 100 ms"))
    return rows


def benchmarks() -> list[Row]:
    return [*scoring_benchmarks(), *assignment_benchmarks(), *chart_benchmarks(), *page_benchmarks()]
