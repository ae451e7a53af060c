"""What teams and the cohort see: a team's feedback after publication, the winners, entry deadlines."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef

from learninggroup.models import Cohort, User
from teams.models import TeamMembership

from ..models import (
    Award,
    Contest,
    ContestKind,
    ContestStatus,
    Criterion,
    Entry,
    EntryStatus,
    Round,
    Score,
    SheetStatus,
)
from .contests import rounds_with_criteria
from .results import contest_results


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


def team_published_entries(*, team) -> list[Entry]:
    return list(
        Entry.objects.filter(team=team, status=EntryStatus.ACTIVE, contest__status=ContestStatus.PUBLISHED)
        .select_related("contest", "award__level")
        .order_by("contest__published_at", "pk")
    )


def entry_deadlines_for(*, cohort: Cohort, user: User) -> list[Contest]:
    teams = TeamMembership.objects.filter(membership__user=user, membership__is_active=True).values("team_id")
    entered = Entry.objects.filter(contest=OuterRef("pk"), team_id__in=teams, status=EntryStatus.ACTIVE)
    return list(
        Contest.objects.filter(
            cohort=cohort, kind=ContestKind.MINISTRY, status=ContestStatus.OPEN, entry_deadline__isnull=False
        )
        .filter(Exists(entered))
        .order_by("entry_deadline", "pk")
    )
