"""What a judge sees: their live assignments (the desk, the home card), one scoresheet, the calendar."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from learninggroup.models import Cohort, User

from ..models import (
    Conflict,
    Contest,
    ContestStatus,
    Criterion,
    EntryStatus,
    JudgeAssignment,
    PanelJudge,
    Score,
    ScoreSheet,
    SheetStatus,
)


def live_assignments() -> QuerySet[JudgeAssignment]:
    """The assignments judges still work on: an active judge membership, an active entry and no unresolved
    conflict of interest. The desk, the home card and the judging reminders start from it."""
    conflicted = Conflict.objects.filter(
        entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id"), overridden_at__isnull=True
    )
    return JudgeAssignment.objects.filter(judge__is_active=True, entry__status=EntryStatus.ACTIVE).exclude(
        Exists(conflicted)
    )


def _live_assignments(*, user: User) -> QuerySet[JudgeAssignment]:
    """One person's live assignments."""
    return live_assignments().filter(judge__user=user)


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
    assignments = list(
        _live_assignments(user=user)
        .filter(round__contest=contest)
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


@dataclass
class OpenDesk:
    contest: Contest
    done: int
    total: int


def judge_open_desks(*, cohort: Cohort, user: User) -> list[OpenDesk]:
    """Per judging contest of the cohort where the person is assigned: scoresheets done of all. Two queries."""
    rows = (
        _live_assignments(user=user)
        .filter(round__contest__cohort=cohort, round__contest__status=ContestStatus.JUDGING)
        .values("round__contest_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(sheet__status=SheetStatus.SUBMITTED)))
        .order_by()
    )
    counts = {row["round__contest_id"]: (row["done"], row["total"]) for row in rows}
    contests = Contest.objects.filter(pk__in=counts).order_by("judging_closes_at", "pk")
    return [OpenDesk(contest=c, done=counts[c.pk][0], total=counts[c.pk][1]) for c in contests]


def judging_contests_for(*, cohort: Cohort, user: User) -> list[Contest]:
    panels = PanelJudge.objects.filter(judge__user=user, judge__is_active=True, round__contest=OuterRef("pk"))
    return list(
        Contest.objects.filter(cohort=cohort, status=ContestStatus.JUDGING, judging_closes_at__isnull=False)
        .filter(Exists(panels))
        .order_by("judging_closes_at", "pk")
    )
