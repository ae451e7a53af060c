"""Panels and conflicts of interest: judges on a round's panel, automatic detection (team member, facilitator,
department), the judge's confirmation or recusal and the organizer's override, all on record."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.models import Membership, Role, User
from sessions.models import FacilitatorNote
from teams.models import TeamMembership

from ..models import (
    Conflict,
    ConflictKind,
    ConflictSource,
    Contest,
    Entry,
    EntryStatus,
    JudgeAssignment,
    PanelJudge,
    Round,
    ScoreSheet,
    SheetStatus,
)
from .common import ContestError, NotAssigned, _text, judging_ended


@transaction.atomic
def panel_add(*, rnd: Round, judge: Membership, is_shadow: bool = False, now: dt.datetime | None = None) -> PanelJudge:
    """Put a judge on a round's panel. After the panel froze, the judge only gets entries that need one."""
    now = now or timezone.now()
    rnd = Round.objects.select_related("contest").get(pk=rnd.pk)
    if rnd.is_peer:
        raise ContestError(_("A peer round has no judges."))
    judging_ended(rnd.contest)
    if judge.cohort_id != rnd.contest.cohort_id or judge.role != Role.JUDGE or not judge.is_active:
        raise ContestError(_("Only a judge of this cohort can sit on the panel."))
    panel_judge, _created = PanelJudge.objects.get_or_create(
        round=rnd,
        judge=judge,
        defaults={"is_shadow": is_shadow, "added_at": now, "added_after_freeze": rnd.panel_frozen_at is not None},
    )
    conflicts_detect(contest=rnd.contest)
    return panel_judge


@transaction.atomic
def panel_remove(*, rnd: Round, judge: Membership) -> None:
    rnd = Round.objects.get(pk=rnd.pk)
    if rnd.panel_frozen_at is not None:
        raise ContestError(_("The panel froze when judging opened; a judge can recuse from entries instead."))
    JudgeAssignment.objects.filter(round=rnd, judge=judge).delete()
    PanelJudge.objects.filter(round=rnd, judge=judge).delete()


# The second reason a facilitator may have a conflict: not the team's facilitator, but wrote notes about it.
NOTED = "noted"


def _explain(kind: str, **params) -> str:
    texts = {
        ConflictKind.TEAM_MEMBER: _("%(judge)s is a member of the team %(team)s."),
        ConflictKind.FACILITATOR: _("%(judge)s is the facilitator of the team %(team)s."),
        NOTED: _("%(judge)s facilitates the team %(team)s (wrote notes about it)."),
        ConflictKind.DEPARTMENT: _("%(judge)s works in %(department)s, like %(members)s of the team %(team)s."),
    }
    return texts[kind] % params


def conflicts_found(*, contest: Contest) -> dict[tuple[int, int, str], str]:
    """The automatic conflicts of the contest's panel judges with its active entries, explained:
    (entry id, judge membership id, kind) → explanation. A few queries, whatever the size.

    A judge has a conflict with an entry when they are a member of its team, when they are the team's
    facilitator (or, as a facilitator of the cohort, wrote notes about the team), or when they work in the
    same department as a member. Never by e-mail domain: all officials share one."""
    judges = list(
        Membership.objects.filter(pk__in=PanelJudge.objects.filter(round__contest=contest).values("judge"))
        .select_related("user")
        .distinct()
    )
    entries = list(Entry.objects.filter(contest=contest, status=EntryStatus.ACTIVE).select_related("team__facilitator"))
    if not judges or not entries:
        return {}
    team_ids = {e.team_id for e in entries}
    members: dict[int, list[Membership]] = {}
    for tm in TeamMembership.objects.filter(team_id__in=team_ids).select_related("membership__user"):
        members.setdefault(tm.team_id, []).append(tm.membership)
    judge_users = {j.user_id for j in judges}
    noted = set(
        FacilitatorNote.objects.filter(team_id__in=team_ids, author_id__in=judge_users).values_list(
            "team_id", "author_id"
        )
    )
    facilitators = set(
        Membership.objects.filter(
            cohort=contest.cohort, role=Role.FACILITATOR, is_active=True, user_id__in=judge_users
        ).values_list("user_id", flat=True)
    )
    found = {}
    for entry in entries:
        team_members = members.get(entry.team_id, [])
        for judge in judges:
            params = {"judge": judge.user.name, "team": entry.team.name}
            if any(m.user_id == judge.user_id for m in team_members):
                found[(entry.pk, judge.pk, ConflictKind.TEAM_MEMBER)] = _explain(ConflictKind.TEAM_MEMBER, **params)
            team_facilitator = entry.team.facilitator
            if team_facilitator is not None and team_facilitator.user_id == judge.user_id:
                found[(entry.pk, judge.pk, ConflictKind.FACILITATOR)] = _explain(ConflictKind.FACILITATOR, **params)
            elif judge.user_id in facilitators and (entry.team_id, judge.user_id) in noted:
                found[(entry.pk, judge.pk, ConflictKind.FACILITATOR)] = _explain(NOTED, **params)
            department = (judge.department or "").strip()
            same = [m.user.name for m in team_members if department and (m.department or "").strip() == department]
            if same:
                found[(entry.pk, judge.pk, ConflictKind.DEPARTMENT)] = _explain(
                    ConflictKind.DEPARTMENT, department=department, members=", ".join(same), **params
                )
    return found


@transaction.atomic
def conflicts_detect(*, contest: Contest, now: dt.datetime | None = None) -> int:
    """Record the automatic conflicts that are not yet on record (kept ones keep their overrides) and take
    conflicted judges off those entries' assignments. Returns the number of new conflicts."""
    now = now or timezone.now()
    found = conflicts_found(contest=contest)
    known = set(
        Conflict.objects.filter(contest=contest, source=ConflictSource.AUTOMATIC).values_list(
            "entry_id", "judge_id", "kind"
        )
    )
    new = [
        Conflict(
            contest=contest,
            entry_id=entry_id,
            judge_id=judge_id,
            kind=kind,
            source=ConflictSource.AUTOMATIC,
            explanation=text[:500],
            created_at=now,
        )
        for (entry_id, judge_id, kind), text in found.items()
        if (entry_id, judge_id, kind) not in known
    ]
    Conflict.objects.bulk_create(new)
    _drop_conflicted_assignments(contest)
    return len(new)


def _drop_conflicted_assignments(contest: Contest) -> None:
    active = Conflict.objects.filter(contest=contest, overridden_at__isnull=True).values_list("entry_id", "judge_id")
    pairs = set(active)
    if not pairs:
        return
    doomed = [
        a.pk
        for a in JudgeAssignment.objects.filter(round__contest=contest).only("pk", "entry_id", "judge_id")
        if (a.entry_id, a.judge_id) in pairs
    ]
    # A conflicted judge's sheet stays on record (void) but the assignment is gone from their list.
    ScoreSheet.objects.filter(assignment_id__in=doomed).exclude(status=SheetStatus.VOID).update(
        status=SheetStatus.VOID, voided_at=timezone.now()
    )
    JudgeAssignment.objects.filter(pk__in=doomed, sheet__isnull=True).delete()


@transaction.atomic
def conflict_override(*, conflict: Conflict, actor: User, reason: str, now: dt.datetime | None = None) -> Conflict:
    """An organizer decides an automatic conflict is not one, with a reason that stays on record."""
    reason = _text(reason)
    if not reason:
        raise ContestError(_("Give a reason for the override."), code="reason")
    if conflict.source != ConflictSource.AUTOMATIC:
        raise ContestError(_("Only an automatically detected conflict can be overridden."))
    conflict.overridden_at = now or timezone.now()
    conflict.overridden_by = actor
    conflict.override_reason = reason[:500]
    conflict.save()
    return conflict


@transaction.atomic
def conflict_restore(*, conflict: Conflict) -> Conflict:
    conflict.overridden_at = None
    conflict.overridden_by = None
    conflict.save(update_fields=["overridden_at", "overridden_by"])
    _drop_conflicted_assignments(conflict.contest)
    return conflict


def has_active_conflict(*, entry_id: int, judge_id: int) -> bool:
    return Conflict.objects.filter(entry_id=entry_id, judge_id=judge_id, overridden_at__isnull=True).exists()


@transaction.atomic
def assignment_confirm_no_conflict(*, assignment: JudgeAssignment, actor: User, now: dt.datetime | None = None):
    """The judge confirms “이해충돌 없음” for this entry; only then the entry's content shows."""
    if assignment.judge.user_id != actor.pk:
        raise NotAssigned(_("This entry is not assigned to you."))
    if assignment.no_conflict_confirmed_at is None:
        assignment.no_conflict_confirmed_at = now or timezone.now()
        assignment.save(update_fields=["no_conflict_confirmed_at"])
    return assignment


@transaction.atomic
def assignment_recuse(
    *, assignment: JudgeAssignment, actor: User, kind: str, reason: str, now: dt.datetime | None = None
) -> Conflict:
    """The judge recuses from an entry with a type and a reason: a conflict on record; the sheet is void."""
    now = now or timezone.now()
    reason = _text(reason)
    if assignment.judge.user_id != actor.pk:
        raise NotAssigned(_("This entry is not assigned to you."))
    if kind not in ConflictKind.values:
        raise ContestError(_("Choose the kind of conflict."), code="kind")
    if not reason:
        raise ContestError(_("Give a reason for the recusal."), code="reason")
    conflict, _created = Conflict.objects.get_or_create(
        entry=assignment.entry,
        judge=assignment.judge,
        kind=kind,
        source=ConflictSource.RECUSAL,
        defaults={
            "contest": assignment.entry.contest,
            "reason": reason[:500],
            "explanation": _("%(judge)s recused: %(reason)s") % {"judge": actor.name, "reason": reason[:300]},
            "created_by": actor,
            "created_at": now,
        },
    )
    _drop_conflicted_assignments(assignment.entry.contest)
    return conflict
