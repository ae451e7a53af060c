"""The organizer's results page: score rows from one GROUP BY per round, the published formula, the
pure module's raw and adjusted results, ranks, awards and charts."""

from __future__ import annotations

from collections import defaultdict

from django.db import connections
from django.db.models import Count, FloatField, Q, Sum
from django.db.models.functions import Cast

from .. import charts, scoring
from ..models import Contest, ContestStatus, Criterion, EntryStatus, PanelJudge, PeerVote, Round, Score, SheetStatus
from .contests import rounds_with_criteria
from .result_rows import AWARD_FORM_RANKS, ResultRow, Results, RoundView, SeverityRow, _entry_lines, _fmt


def _score_rows(rnd: Round, criteria: list[Criterion]) -> list[scoring.ScoreRow]:
    """The round's submitted, counted scoresheets as plain rows: one GROUP BY over the score table, one row
    per scoresheet with each criterion's points in a column of its own."""
    if not criteria:
        return []
    max_total = float(sum(c.points for c in criteria)) or 1.0
    columns = {f"c{i}": Cast(Sum("value", filter=Q(criterion_id=c.pk)), FloatField()) for i, c in enumerate(criteria)}
    names = list(columns)
    sheets = (
        Score.objects.filter(
            sheet__assignment__round=rnd,
            sheet__status=SheetStatus.SUBMITTED,
            sheet__assignment__is_shadow=False,
            sheet__assignment__entry__status=EntryStatus.ACTIVE,
            sheet__assignment__entry__is_calibration=False,
        )
        .values("sheet_id", "sheet__assignment__entry_id", "sheet__assignment__judge_id")
        .annotate(**columns)
        .order_by()
        .values_list("sheet__assignment__entry_id", "sheet__assignment__judge_id", *names)
    )
    # Run the compiled query on the cursor: 7,000 rows skip the ORM's per-row converters (the casts give floats).
    sql, params = sheets.query.sql_with_params()
    with connections[sheets.db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    scale = 100.0 / max_total
    rows = []
    for entry_id, judge_id, *points in fetched:
        values = tuple(points) if None not in points else tuple(p or 0.0 for p in points)
        rows.append(scoring.ScoreRow(entry_id, judge_id, min(100.0, sum(values) * scale), values))
    return rows


def formula_of(*, contest: Contest, rounds: list[Round]) -> scoring.Formula:
    """The published formula in the pure module's terms: each judged round carries the judges' share times
    its weight; the peer round the peer share."""
    specs = []
    for rnd in rounds:
        if rnd.is_peer:
            if contest.peer_weight:
                specs.append(scoring.RoundWeights(round_id=rnd.pk, weight=contest.peer_weight, judges=0, peer=100))
            continue
        carry = rnd.carry_weight if rnd.carry_from_id else 0
        specs.append(
            scoring.RoundWeights(
                round_id=rnd.pk,
                weight=contest.judges_weight * rnd.weight / 100,
                judges=100 - carry,
                carry=carry,
                carry_from=rnd.carry_from_id if carry else None,
            )
        )
    return scoring.Formula(rounds=tuple(specs))


def formula_text(*, contest: Contest, rounds: list[Round]) -> str:
    """서면 60 + 발표 40 × 심사위원 70 + 동료 투표 30, as people write it."""
    judged = [r for r in rounds if not r.is_peer]
    parts = " + ".join(f"{r.name} {r.weight}" for r in judged)
    carry = [f"{r.name}: {r.carry_from.name} {r.carry_weight}%" for r in judged if r.carry_from_id and r.carry_weight]
    text = parts
    if contest.peer_weight:
        text = f"({parts}) × {contest.judges_weight}% + 동료 투표 {contest.peer_weight}%"
    if carry:
        text += " · " + ", ".join(carry)
    return text


def contest_results(*, contest: Contest, order_by: str | None = None, charts_on: bool = True) -> Results:
    """Everything the organizer's results page shows, from a fixed number of queries."""
    rounds = rounds_with_criteria(contest=contest)
    entries = _entry_lines(contest)
    ranked = [e for e in entries if not e.is_calibration]
    ranked_ids = [e.pk for e in ranked]
    views: list[RoundView] = []
    results: dict[int, scoring.RoundResult] = {}
    peer: dict[int, dict[int, float]] = {}
    notes: list[str] = []
    names = dict(
        PanelJudge.objects.filter(round__contest=contest).values_list("judge_id", "judge__user__name").distinct()
    )
    labels = {e.pk: e.title for e in ranked}  # the chart prints the rank before the name
    for rnd in rounds:
        if rnd.is_peer:
            votes = dict(
                PeerVote.objects.filter(round=rnd, entry__status=EntryStatus.ACTIVE)
                .values_list("entry_id")
                .annotate(n=Count("id"))
                .order_by()
            )
            # (after the cohort's personal data is destroyed the votes stay but their voters are unknown)
            voters = PeerVote.objects.filter(round=rnd, voter__isnull=False).values("voter").distinct().count()
            peer[rnd.pk] = scoring.peer_scores(votes, entry_ids=ranked_ids)
            views.append(RoundView(round=rnd, result=None, judge_names=names, votes=votes, voters=voters))
            continue
        criteria = list(rnd.criteria.all())
        rows = _score_rows(rnd, criteria)
        result = scoring.round_results(rows, entry_ids=ranked_ids)
        results[rnd.pk] = result
        view = RoundView(round=rnd, result=result, judge_names=names)
        view.severity = [
            SeverityRow(
                name=names.get(j.judge_id, str(j.judge_id)),
                effect=f"{j.effect:+.2f}",
                ratings=j.ratings,
                mean=_fmt(j.mean),
                std=_fmt(j.std),
            )
            for j in sorted(result.judges, key=lambda j: j.effect)
        ]
        if charts_on and rows:
            view.judge_chart = charts.judge_distribution_svg(
                rows,
                labels={j: names.get(j, str(j)) for j in sorted({r.judge_id for r in rows})},
                effects={j.judge_id: (j.effect, j.ratings) for j in result.judges},
                id_prefix=f"judges-{rnd.pk}",
            )
        views.append(view)
        notes.extend(n.message for n in result.notes)

    formula = formula_of(contest=contest, rounds=rounds)
    finals = scoring.final_scores(formula=formula, rounds=results, peer=peer)
    raw_scores = {e: (finals[e].raw if e in finals else None) for e in ranked_ids}
    adjusted_scores = {e: (finals[e].adjusted if e in finals else None) for e in ranked_ids}
    first_judged = next((results[r.pk] for r in rounds if r.pk in results), None)
    criteria_means = {}
    if first_judged is not None:
        criteria_means = {e.entry_id: e.criteria_means for e in first_judged.entries if e.criteria}
    submitted_at = {e.pk: e.submitted_at for e in ranked}
    ladder = [step for step in contest.tie_break if step in (scoring.TIE_CRITERIA, scoring.TIE_SUBMITTED)]
    raw_places = {
        p.entry_id: p
        for p in scoring.rank(raw_scores, criteria=criteria_means, submitted_at=submitted_at, ladder=ladder)
    }
    adjusted_available = any(v is not None for v in adjusted_scores.values())
    adjusted_places = (
        {
            p.entry_id: p
            for p in scoring.rank(adjusted_scores, criteria=criteria_means, submitted_at=submitted_at, ladder=ladder)
        }
        if adjusted_available
        else {}
    )
    changed = (
        {c.entry_id for c in scoring.rank_changes(list(raw_places.values()), list(adjusted_places.values()), top=10)}
        if adjusted_available
        else set()
    )
    complete = all(r.complete for r in results.values()) if results else True
    order_by = order_by if order_by in ("raw", "adjusted") else ("raw" if complete else "adjusted")
    if order_by == "adjusted" and not adjusted_available:
        order_by = "raw"
    primary = adjusted_places if order_by == "adjusted" else raw_places

    rows = []
    for entry in ranked:
        place = primary.get(entry.pk)
        first = first_judged.entry(entry.pk) if first_judged else None
        rows.append(
            ResultRow(
                entry=entry,
                raw=raw_scores.get(entry.pk),
                adjusted=adjusted_scores.get(entry.pk),
                raw_rank=raw_places[entry.pk].rank if entry.pk in raw_places else None,
                adjusted_rank=adjusted_places[entry.pk].rank if entry.pk in adjusted_places else None,
                shared=place.shared if place else False,
                decided_by=place.decided_by if place else "score",
                ratings=first.ratings if first else 0,
                median=first.median if first else None,
                spread=first.spread if first else None,
                std=first.std if first else None,
                rank_changed=entry.pk in changed,
                award=entry.award,
                missing=finals[entry.pk].missing if entry.pk in finals else (),
            )
        )
    for row in rows:
        row.rank = row.adjusted_rank if order_by == "adjusted" else row.raw_rank
        row.award_form = contest.status != ContestStatus.PUBLISHED and (
            row.award is not None or (row.rank is not None and row.rank <= AWARD_FORM_RANKS)
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.entry.number))
    if charts_on:
        for view in views:
            if view.result is not None and view.result.agreement.ratings:
                order = [r.entry.pk for r in rows]
                ranks = {r.entry.pk: r.__dict__[f"{order_by}_rank"] for r in rows}
                view.ranking_chart = charts.ranking_svg(
                    view.result.entries, order=order, labels=labels, ranks=ranks, id_prefix=f"ranking-{view.round.pk}"
                )
    levels = list(contest.award_levels.order_by("is_special", "order", "id"))
    counts = defaultdict(int)
    for entry in entries:
        if entry.award is not None:
            counts[entry.award.level_id] += 1
    return Results(
        contest=contest,
        rounds=views,
        rows=rows,
        order_by=order_by,
        adjusted_available=adjusted_available,
        calibration=[e for e in entries if e.is_calibration],
        award_levels=levels,
        award_summary=[(level, counts.get(level.pk, 0)) for level in levels],
        notes=list(dict.fromkeys(notes)),
        formula_text=formula_text(contest=contest, rounds=rounds),
    )
