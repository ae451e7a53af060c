"""A contest's life: creating it from its kind's template, the settings and published formula, rounds
and rubric (locked once judging opens or a score exists) and the status flow up to publishing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.models import User

from .. import reminders
from ..models import STATUS_ORDER, AwardLevel, Contest, ContestStatus, Criterion, EntryStatus, Round, RoundKind, Score
from ..rubrics import template_for
from .common import ContestError, RubricLocked, _text


@transaction.atomic
def contest_create(
    *,
    cohort,
    kind: str,
    name: str,
    actor: User | None,
    entry_deadline: dt.datetime | None = None,
    judging_opens_at: dt.datetime | None = None,
    judging_closes_at: dt.datetime | None = None,
    description: str = "",
) -> Contest:
    """A new contest in draft, with the rounds, rubric and award levels of its kind's template."""
    template = template_for(kind)
    contest = Contest(
        cohort=cohort,
        kind=kind,
        name=_text(name),
        description=_text(description),
        entry_deadline=entry_deadline,
        judging_opens_at=judging_opens_at,
        judging_closes_at=judging_closes_at,
        judges_weight=template.judges_weight,
        peer_weight=template.peer_weight,
        created_by=actor,
    )
    contest.full_clean()
    contest.save()
    order = 1
    for round_template in template.rounds:
        rnd = Round.objects.create(
            contest=contest,
            name=round_template.name,
            kind=round_template.kind,
            order=order,
            weight=round_template.weight,
        )
        _criteria_from_template(rnd, template)
        order += 1
    if template.peer_weight:
        Round.objects.create(contest=contest, name="동료 투표", kind=RoundKind.PEER, order=order, weight=100)
    for index, (level, quota) in enumerate(template.awards, start=1):
        AwardLevel.objects.create(contest=contest, name=level, quota=quota, order=index)
    for index, level in enumerate(template.special_awards, start=1):
        AwardLevel.objects.create(contest=contest, name=level, quota=1, order=index, is_special=True)
    return contest


def _criteria_from_template(rnd: Round, template) -> None:
    Criterion.objects.bulk_create(
        Criterion(
            round=rnd,
            name=c.name,
            question=c.question,
            points=Decimal(c.points),
            step=Decimal(1),
            levels=[{"points": p, "text": t} for p, t in c.levels],
            order=i,
        )
        for i, c in enumerate(template.criteria, start=1)
    )


def _ensure_formula_editable(contest: Contest) -> None:
    if contest.judging_started:
        raise RubricLocked(
            _("The formula and the rubric were published when judging opened; they can no longer change."),
            code="formula_locked",
        )


@transaction.atomic
def contest_update(*, contest: Contest, fields: dict, actor: User | None) -> Contest:
    """Change the contest's settings. The formula (weights, tie-break ladder) only before judging opens."""
    formula_fields = {"judges_weight", "peer_weight", "tie_break", "judges_per_entry", "max_load"}
    locked = Contest.objects.select_for_update().get(pk=contest.pk)
    changes_formula = any(name in fields and fields[name] != getattr(locked, name) for name in formula_fields)
    if changes_formula:
        _ensure_formula_editable(locked)
    for name, value in fields.items():
        setattr(locked, name, _text(value) if isinstance(value, str) else value)
    locked.full_clean()
    locked.save()
    return locked


def _ensure_rubric_editable(rnd: Round) -> None:
    _ensure_formula_editable(Contest.objects.get(pk=rnd.contest_id))
    if Score.objects.filter(criterion__round=rnd, value__isnull=False).exists():
        raise RubricLocked(_("Scores exist for this round: the rubric can no longer change."), code="rubric_locked")


@transaction.atomic
def round_update(
    *, rnd: Round, weight: int, carry_from: Round | None, carry_weight: int, votes_per_person: int
) -> Round:
    _ensure_formula_editable(Contest.objects.get(pk=rnd.contest_id))
    if carry_from is not None and (carry_from.contest_id != rnd.contest_id or carry_from.order >= rnd.order):
        raise ContestError(_("A round can carry in only an earlier round of the same contest."))
    rnd.weight, rnd.carry_from, rnd.carry_weight, rnd.votes_per_person = (
        weight,
        carry_from,
        carry_weight,
        votes_per_person,
    )
    rnd.full_clean()
    rnd.save()
    return rnd


@transaction.atomic
def rubric_save(*, rnd: Round, rows: list[dict]) -> list[Criterion]:
    """Replace the round's rubric with `rows` (name, question, points, step, levels) in the given order.
    Refused once judging opened or once a score exists."""
    _ensure_rubric_editable(rnd)
    if not rows:
        raise ContestError(_("A rubric needs at least one criterion."))
    existing = {c.pk: c for c in rnd.criteria.all()}
    kept = []
    for order, row in enumerate(rows, start=1):
        criterion = existing.pop(row.get("id"), None) or Criterion(round=rnd)
        criterion.name = _text(row["name"])
        criterion.question = _text(row.get("question", ""))
        criterion.points = Decimal(str(row["points"]))
        criterion.step = Decimal(str(row.get("step") or 1))
        criterion.levels = row.get("levels", criterion.levels or [])
        criterion.order = order
        criterion.full_clean()
        criterion.save()
        kept.append(criterion)
    for criterion in existing.values():
        Score.objects.filter(criterion=criterion).delete()  # only empty scores can exist here
        criterion.delete()
    return kept


ALLOWED_MOVES = {
    ContestStatus.DRAFT: {ContestStatus.OPEN},
    ContestStatus.OPEN: {ContestStatus.DRAFT, ContestStatus.JUDGING},
    ContestStatus.JUDGING: {ContestStatus.CLOSED},
    ContestStatus.CLOSED: {ContestStatus.JUDGING, ContestStatus.PUBLISHED},
    ContestStatus.PUBLISHED: {ContestStatus.CLOSED},
}


@transaction.atomic
def contest_set_status(*, contest: Contest, status: str, actor: User | None, now: dt.datetime | None = None) -> Contest:
    """Move the contest along draft → open → judging → closed → published. Opening judging publishes the
    formula and freezes the panels; publishing is the gate for teams and the cohort."""
    now = now or timezone.now()
    locked = Contest.objects.select_for_update().get(pk=contest.pk)
    if status not in ALLOWED_MOVES.get(locked.status, set()):
        raise ContestError(
            _("A contest cannot go from “%(old)s” to “%(new)s”.")
            % {"old": locked.get_status_display(), "new": ContestStatus(status).label},
            code="bad_status",
        )
    if status == ContestStatus.JUDGING:
        if not locked.entries.filter(status=EntryStatus.ACTIVE).exists():
            raise ContestError(_("Nominate at least one entry before judging opens."), code="no_entries")
        judged = locked.rounds.exclude(kind=RoundKind.PEER)
        if any(not r.criteria.exists() for r in judged):
            raise ContestError(_("Every judged round needs a rubric."), code="no_rubric")
        if locked.formula_published_at is None:
            locked.formula_published_at = now
        Round.objects.filter(contest=locked, panel_frozen_at__isnull=True).update(panel_frozen_at=now)
    if status == ContestStatus.PUBLISHED:
        locked.published_at = now
        locked.published_by = actor
        Round.objects.filter(contest=locked, closed_at__isnull=True).update(closed_at=now)
    if status == ContestStatus.CLOSED and locked.status == ContestStatus.PUBLISHED:
        locked.published_at = None
        locked.published_by = None
    locked.status = status
    locked.save()
    if status == ContestStatus.JUDGING:
        _on_commit_judging_opened(locked)
    return locked


def _on_commit_judging_opened(contest: Contest) -> None:
    transaction.on_commit(lambda: reminders.judging_opened(contest_id=contest.pk))


def status_index(status: str) -> int:
    return STATUS_ORDER.index(status)
