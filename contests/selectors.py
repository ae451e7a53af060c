"""Read-side queries of contests, each with what its page shows already fetched (a fixed number of queries),
and the results computed by the pure modules (scoring.py, charts.py) from plain rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import Count, Exists, FloatField, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Cast

from learninggroup.models import Cohort, Membership, Role, User
from submissions.models import Submission, SubmissionStatus
from teams.models import TeamMembership

from . import charts, scoring
from .models import (
    Award,
    AwardLevel,
    Conflict,
    Contest,
    ContestStatus,
    Criterion,
    Entry,
    EntryStatus,
    JudgeAssignment,
    PanelJudge,
    PeerVote,
    Round,
    RoundKind,
    Score,
    ScoreSheet,
    SheetStatus,
)

# Contests ---------------------------------------------------------------------------------------------


def contest_list(*, cohort: Cohort, organizer: bool) -> list[Contest]:
    qs = Contest.objects.filter(cohort=cohort).annotate(
        entry_count=Count("entries", filter=Q(entries__status=EntryStatus.ACTIVE), distinct=True)
    )
    if not organizer:
        qs = qs.exclude(status=ContestStatus.DRAFT)
    return list(qs.order_by("-created_at", "-id"))


def contest_in_cohort(*, cohort: Cohort, pk: int) -> Contest | None:
    contest = Contest.objects.filter(cohort=cohort, pk=pk).first()
    if contest is not None:
        contest.cohort = cohort
    return contest


def rounds_with_criteria(*, contest: Contest) -> list[Round]:
    rounds = list(
        Round.objects.filter(contest=contest)
        .select_related("carry_from")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id")))
        .order_by("order", "id")
    )
    for rnd in rounds:
        rnd.contest = contest
    return rounds


@dataclass
class ContestOverview:
    contest: Contest
    rounds: list[Round]
    entries: list[Entry]
    candidates: list[Submission]  # submitted prototypes not yet entered
    award_levels: list[AwardLevel]
    panel: dict[int, list[PanelJudge]]  # round id → judges
    progress: dict[int, tuple[int, int]]  # round id → (submitted sheets, assignments)
    conflicts_active: int
    conflicts_total: int
    judges: list[Membership]  # the cohort's judges, for the panel form


def contest_overview(*, contest: Contest) -> ContestOverview:
    """The organizer's contest page: rounds and rubric, entries, candidates, panels, progress, conflicts."""
    rounds = rounds_with_criteria(contest=contest)
    entries = list(
        Entry.objects.filter(contest=contest)
        .select_related("team", "revision")
        .annotate(has_form=Exists(Entry.objects.filter(pk=OuterRef("pk"), form__isnull=False)))
        .order_by("number")
    )
    entered = {e.submission_id for e in entries if e.is_active}
    candidates = [
        s
        for s in Submission.objects.filter(cohort=contest.cohort, status=SubmissionStatus.SUBMITTED)
        .select_related("team")
        .order_by("team__name")
        if s.pk not in entered
    ]
    panel: dict[int, list[PanelJudge]] = defaultdict(list)
    for judge in (
        PanelJudge.objects.filter(round__contest=contest).select_related("judge__user").order_by("judge__user__name")
    ):
        panel[judge.round_id].append(judge)
    progress = {
        row["round_id"]: (row["done"], row["total"])
        for row in JudgeAssignment.objects.filter(round__contest=contest, entry__status=EntryStatus.ACTIVE)
        .values("round_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(sheet__status=SheetStatus.SUBMITTED)))
        .order_by()
    }
    conflicts = Conflict.objects.filter(contest=contest).aggregate(
        total=Count("id"), active=Count("id", filter=Q(overridden_at__isnull=True))
    )
    judges = list(
        Membership.objects.filter(cohort=contest.cohort, role=Role.JUDGE, is_active=True)
        .select_related("user")
        .order_by("user__name")
    )
    return ContestOverview(
        contest=contest,
        rounds=rounds,
        entries=entries,
        candidates=candidates,
        award_levels=list(contest.award_levels.order_by("is_special", "order", "id")),
        panel=dict(panel),
        progress=progress,
        conflicts_active=conflicts["active"],
        conflicts_total=conflicts["total"],
        judges=judges,
    )


def conflict_list(*, contest: Contest) -> list[Conflict]:
    return list(
        Conflict.objects.filter(contest=contest)
        .select_related("entry__team", "judge__user", "created_by", "overridden_by")
        .order_by("entry__number", "judge__user__name", "kind")
    )


def round_assignments(*, rnd: Round) -> list[JudgeAssignment]:
    return list(
        JudgeAssignment.objects.filter(round=rnd)
        .select_related("entry", "judge__user", "sheet")
        .order_by("entry__number", "judge__user__name")
    )


# Judges ---------------------------------------------------------------------------------------------------


@dataclass
class JudgeRow:
    assignment: JudgeAssignment
    status: str  # "todo", "draft", "submitted", "void"


@dataclass
class JudgeDesk:
    contest: Contest
    rows: list[JudgeRow]
    done: int
    total: int


def judge_desk(*, contest: Contest, user: User) -> JudgeDesk:
    """A judge's assigned entries in this contest (no conflicted ones), with progress "n / m 완료"."""
    conflicted = Conflict.objects.filter(
        entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id"), overridden_at__isnull=True
    )
    assignments = list(
        JudgeAssignment.objects.filter(
            round__contest=contest, judge__user=user, judge__is_active=True, entry__status=EntryStatus.ACTIVE
        )
        .exclude(Exists(conflicted))
        .select_related("entry__team", "round", "sheet")
        .order_by("round__order", "entry__number")
    )
    rows = []
    for assignment in assignments:
        sheet = getattr(assignment, "sheet", None) if _has_sheet(assignment) else None
        status = sheet.status if sheet else "todo"
        rows.append(JudgeRow(assignment=assignment, status=status))
    done = sum(1 for r in rows if r.status == SheetStatus.SUBMITTED)
    return JudgeDesk(contest=contest, rows=rows, done=done, total=len(rows))


def _has_sheet(assignment: JudgeAssignment) -> bool:
    try:
        return assignment.sheet is not None
    except ScoreSheet.DoesNotExist:
        return False


def judge_open_sheets(*, user: User, cohort: Cohort) -> tuple[int, int]:
    """(unfinished, total) scoresheets of a judge in a cohort's judging contests: the home card."""
    conflicted = Conflict.objects.filter(
        entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id"), overridden_at__isnull=True
    )
    counts = (
        JudgeAssignment.objects.filter(
            round__contest__cohort=cohort,
            round__contest__status=ContestStatus.JUDGING,
            judge__user=user,
            judge__is_active=True,
            entry__status=EntryStatus.ACTIVE,
        )
        .exclude(Exists(conflicted))
        .aggregate(total=Count("id"), done=Count("id", filter=Q(sheet__status=SheetStatus.SUBMITTED)))
    )
    return counts["total"] - counts["done"], counts["total"]


def assignment_for_judge(*, cohort: Cohort, pk: int) -> JudgeAssignment | None:
    """The assignment with what the scoresheet page shows; None outside the cohort."""
    assignment = (
        JudgeAssignment.objects.filter(pk=pk, round__contest__cohort=cohort)
        .select_related("entry__team", "entry__revision", "round__contest", "judge__user")
        .first()
    )
    if assignment is not None:
        assignment.round.contest.cohort = cohort
    return assignment


@dataclass
class SheetPage:
    assignment: JudgeAssignment
    criteria: list[Criterion]
    sheet: ScoreSheet | None
    scores: dict[int, Score]
    attachments: list
    prompts: list[dict]


def sheet_page(*, assignment: JudgeAssignment) -> SheetPage:
    """The scoresheet of one assignment: the rubric, the judge's own scores (never anyone else's) and the
    frozen revision with its attachments."""
    criteria = list(assignment.round.criteria.order_by("order", "id"))
    sheet = ScoreSheet.objects.filter(assignment=assignment).first()
    scores = {s.criterion_id: s for s in Score.objects.filter(sheet=sheet)} if sheet else {}
    revision = assignment.entry.revision
    return SheetPage(
        assignment=assignment,
        criteria=criteria,
        sheet=sheet,
        scores=scores,
        attachments=list(revision.attachments.order_by("kind", "created_at", "id")),
        prompts=(revision.snapshot or {}).get("prompts", []),
    )


# Results -------------------------------------------------------------------------------------------------


@dataclass
class RoundView:
    round: Round
    result: scoring.RoundResult | None
    judge_names: dict[int, str]
    judge_chart: str = ""
    ranking_chart: str = ""
    votes: dict[int, int] = field(default_factory=dict)
    voters: int = 0
    severity: list[SeverityRow] = field(default_factory=list)


@dataclass(frozen=True)
class AwardLine:
    level_id: int
    name: str


@dataclass(frozen=True)
class EntryLine:
    """What the results page shows of an entry (plain values: a thousand rows build no model instances)."""

    pk: int
    number: int
    title: str
    team_name: str
    is_calibration: bool
    submitted_at: object
    award: AwardLine | None


def _entry_lines(contest: Contest) -> list[EntryLine]:
    values = (
        Entry.objects.filter(contest=contest, status=EntryStatus.ACTIVE)
        .order_by("number")
        .values_list(
            "pk",
            "number",
            "title",
            "team__name",
            "is_calibration",
            "revision__created_at",
            "award__level_id",
            "award__level__name",
        )
    )
    return [
        EntryLine(pk, number, title, team, calibration, submitted, AwardLine(level, name) if level else None)
        for pk, number, title, team, calibration, submitted, level, name in values
    ]


@dataclass
class ResultRow:
    entry: EntryLine
    raw: float | None
    adjusted: float | None
    raw_rank: int | None
    adjusted_rank: int | None
    shared: bool
    decided_by: str
    round_scores: list[tuple[float | None, float | None]]  # per judged round (raw, adjusted)
    peer: float | None
    ratings: int
    median: float | None
    spread: float | None
    std: float | None
    rank_changed: bool
    award: AwardLine | None
    missing: tuple[str, ...] = ()
    rank: int | None = None
    award_form: bool = False

    # Numbers as the page prints them (formatted once here, not by template filters on 1,000 rows).
    @property
    def rank_text(self) -> str:
        if self.rank is None:
            return "—"
        return f"{self.rank}=" if self.shared else str(self.rank)

    @property
    def raw_text(self) -> str:
        return _fmt(self.raw)

    @property
    def adjusted_text(self) -> str:
        return _fmt(self.adjusted)

    @property
    def median_text(self) -> str:
        return _fmt(self.median)

    @property
    def spread_text(self) -> str:
        return _fmt(self.spread)

    @property
    def std_text(self) -> str:
        return _fmt(self.std)


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


@dataclass
class SeverityRow:
    name: str
    effect: str
    ratings: int
    mean: str
    std: str


@dataclass
class Results:
    contest: Contest
    rounds: list[RoundView]
    rows: list[ResultRow]
    order_by: str  # "raw" or "adjusted"
    adjusted_available: bool
    calibration: list[EntryLine]
    award_levels: list[AwardLevel]
    award_counts: dict[int, int]
    notes: list[str]
    formula_text: str
    award_summary: list[tuple[AwardLevel, int]] = field(default_factory=list)


# Award choices are offered for the top places (and entries holding an award); 1,000 selects help nobody.
AWARD_FORM_RANKS = 40


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
    rows = []
    for entry_id, judge_id, *points in fetched:
        values = tuple(p or 0.0 for p in points)
        rows.append(
            scoring.ScoreRow(
                entry_id=entry_id, judge_id=judge_id, total=min(100.0, sum(values) * 100.0 / max_total), criteria=values
            )
        )
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
            voters = PeerVote.objects.filter(round=rnd).values("voter").distinct().count()
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

    judged_rounds = [r for r in rounds if not r.is_peer]
    rows = []
    for entry in ranked:
        place = primary.get(entry.pk)
        first = first_judged.entry(entry.pk) if first_judged else None
        round_scores = []
        for rnd in judged_rounds:
            er = results[rnd.pk].entry(entry.pk)
            round_scores.append((er.raw, er.adjusted) if er else (None, None))
        peer_score = next((peer[r.pk].get(entry.pk) for r in rounds if r.pk in peer), None)
        rows.append(
            ResultRow(
                entry=entry,
                raw=raw_scores.get(entry.pk),
                adjusted=adjusted_scores.get(entry.pk),
                raw_rank=raw_places[entry.pk].rank if entry.pk in raw_places else None,
                adjusted_rank=adjusted_places[entry.pk].rank if entry.pk in adjusted_places else None,
                shared=place.shared if place else False,
                decided_by=place.decided_by if place else "score",
                round_scores=round_scores,
                peer=peer_score,
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
        award_counts=dict(counts),
        award_summary=[(level, counts.get(level.pk, 0)) for level in levels],
        notes=list(dict.fromkeys(notes)),
        formula_text=formula_text(contest=contest, rounds=rounds),
    )


# Feedback and winners -------------------------------------------------------------------------------------


@dataclass
class CriterionFeedback:
    criterion: Criterion
    minimum: float | None
    mean: float | None
    maximum: float | None
    comments: list[str]


@dataclass
class RoundFeedback:
    round: Round
    criteria: list[CriterionFeedback]


@dataclass
class Feedback:
    entry: Entry
    rank: int | None
    shared: bool
    total: int
    award: Award | None
    rounds: list[RoundFeedback]


def team_entries(*, contest: Contest, user: User) -> list[Entry]:
    """The entries of the teams the user belongs to in this contest."""
    teams = TeamMembership.objects.filter(membership__user=user, membership__is_active=True).values("team_id")
    return list(
        Entry.objects.filter(contest=contest, team_id__in=teams, status=EntryStatus.ACTIVE)
        .select_related("team")
        .order_by("number")
    )


def entry_feedback(*, entry: Entry) -> Feedback:
    """The team's feedback after publication: rank, award, per criterion min/mean/max and the comments the
    organizer allowed, never with a judge's name."""
    contest = entry.contest
    results = contest_results(contest=contest, charts_on=False)
    row = next((r for r in results.rows if r.entry.pk == entry.pk), None)
    rank = None
    if row is not None:
        rank = row.adjusted_rank if results.order_by == "adjusted" else row.raw_rank
    scores = list(
        Score.objects.filter(
            sheet__assignment__entry=entry,
            sheet__status=SheetStatus.SUBMITTED,
            sheet__assignment__is_shadow=False,
            value__isnull=False,
        )
        .values_list("criterion_id", "value", "comment", "comment_hidden")
        .order_by("sheet_id")
    )
    by_criterion: dict[int, list[Decimal]] = defaultdict(list)
    comments: dict[int, list[str]] = defaultdict(list)
    for criterion_id, value, comment, hidden in scores:
        by_criterion[criterion_id].append(value)
        if contest.share_comments and comment and not hidden:
            comments[criterion_id].append(comment)
    rounds = []
    for rnd in rounds_with_criteria(contest=contest):
        if rnd.is_peer:
            continue
        items = []
        for criterion in rnd.criteria.all():
            values = [float(v) for v in by_criterion.get(criterion.pk, [])]
            items.append(
                CriterionFeedback(
                    criterion=criterion,
                    minimum=min(values) if values else None,
                    mean=sum(values) / len(values) if values else None,
                    maximum=max(values) if values else None,
                    comments=comments.get(criterion.pk, []),
                )
            )
        rounds.append(RoundFeedback(round=rnd, criteria=items))
    return Feedback(
        entry=entry,
        rank=rank,
        shared=row.shared if row else False,
        total=len(results.rows),
        award=Award.objects.filter(entry=entry).select_related("level").first(),
        rounds=rounds,
    )


def winners(*, contest: Contest) -> list[Award]:
    return list(
        Award.objects.filter(contest=contest, entry__status=EntryStatus.ACTIVE)
        .select_related("level", "entry__team")
        .order_by("level__is_special", "level__order", "entry__number")
    )


def published_winners(*, cohort: Cohort) -> list[Award]:
    return list(
        Award.objects.filter(contest__cohort=cohort, contest__status=ContestStatus.PUBLISHED)
        .select_related("level", "entry__team", "contest")
        .order_by("contest_id", "level__is_special", "level__order", "entry__number")
    )


# Peer vote -----------------------------------------------------------------------------------------------


@dataclass
class Ballot:
    round: Round
    entries: list[Entry]
    own_team_id: int | None
    chosen: set[int]
    left: int


def ballot(*, rnd: Round, voter: Membership) -> Ballot:
    entries = list(
        Entry.objects.filter(contest_id=rnd.contest_id, status=EntryStatus.ACTIVE, is_calibration=False)
        .select_related("team")
        .order_by("number")
    )
    own = TeamMembership.objects.filter(membership=voter).values_list("team_id", flat=True).first()
    chosen = set(PeerVote.objects.filter(round=rnd, voter=voter).values_list("entry_id", flat=True))
    return Ballot(round=rnd, entries=entries, own_team_id=own, chosen=chosen, left=rnd.votes_per_person - len(chosen))


def peer_round(*, contest: Contest) -> Round | None:
    return Round.objects.filter(contest=contest, kind=RoundKind.PEER).first()


def participant_membership(*, cohort: Cohort, user: User) -> Membership | None:
    return Membership.objects.filter(cohort=cohort, user=user, role=Role.PARTICIPANT, is_active=True).first()


def judge_membership(*, cohort: Cohort, user: User) -> Membership | None:
    return Membership.objects.filter(cohort=cohort, user=user, role=Role.JUDGE, is_active=True).first()


def entries_of_contest(*, contest: Contest) -> QuerySet[Entry]:
    return Entry.objects.filter(contest=contest).select_related("team", "revision").order_by("number")


# Plug points: the home card, the team panel and the calendar ----------------------------------------------


@dataclass
class OpenDesk:
    contest: Contest
    done: int
    total: int


def judge_open_desks(*, cohort: Cohort, user: User) -> list[OpenDesk]:
    """Per judging contest of the cohort where the person is assigned: scoresheets done of all. Two queries."""
    conflicted = Conflict.objects.filter(
        entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id"), overridden_at__isnull=True
    )
    rows = (
        JudgeAssignment.objects.filter(
            round__contest__cohort=cohort,
            round__contest__status=ContestStatus.JUDGING,
            judge__user=user,
            judge__is_active=True,
            entry__status=EntryStatus.ACTIVE,
        )
        .exclude(Exists(conflicted))
        .values("round__contest_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(sheet__status=SheetStatus.SUBMITTED)))
        .order_by()
    )
    counts = {row["round__contest_id"]: (row["done"], row["total"]) for row in rows}
    contests = Contest.objects.filter(pk__in=counts).order_by("judging_closes_at", "pk")
    return [OpenDesk(contest=c, done=counts[c.pk][0], total=counts[c.pk][1]) for c in contests]


def team_published_entries(*, team) -> list[Entry]:
    return list(
        Entry.objects.filter(team=team, status=EntryStatus.ACTIVE, contest__status=ContestStatus.PUBLISHED)
        .select_related("contest", "award__level")
        .order_by("contest__published_at", "pk")
    )


def judging_contests_for(*, cohort: Cohort, user: User) -> list[Contest]:
    panels = PanelJudge.objects.filter(judge__user=user, judge__is_active=True, round__contest=OuterRef("pk"))
    return list(
        Contest.objects.filter(cohort=cohort, status=ContestStatus.JUDGING, judging_closes_at__isnull=False)
        .filter(Exists(panels))
        .order_by("judging_closes_at", "pk")
    )


def entry_deadlines_for(*, cohort: Cohort, user: User) -> list[Contest]:
    teams = TeamMembership.objects.filter(membership__user=user, membership__is_active=True).values("team_id")
    entered = Entry.objects.filter(contest=OuterRef("pk"), team_id__in=teams, status=EntryStatus.ACTIVE)
    return list(
        Contest.objects.filter(cohort=cohort, kind="ministry", status=ContestStatus.OPEN, entry_deadline__isnull=False)
        .filter(Exists(entered))
        .order_by("entry_deadline", "pk")
    )
