"""Contests, their rounds and rubric, the organizer's overview, conflicts, assignments and the peer ballot."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from learninggroup.models import Cohort, Membership, Role, User
from submissions.models import Submission, SubmissionStatus
from teams.models import TeamMembership

from ..models import (
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
    SheetStatus,
)


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
