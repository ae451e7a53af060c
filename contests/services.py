"""Every state change of contests: creating from a template, the formula and rubric, the status flow,
nominating (freezing a revision), entry forms, panels, conflicts, assignment, scoring with autosave,
peer votes, awards and publishing. Called by views, tasks, commands and the demo alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.errors import DomainError
from learninggroup.models import Membership, Role, User
from sessions.models import FacilitatorNote
from submissions.models import Submission, SubmissionRevision, SubmissionStatus
from teams.models import TeamMembership

from . import reminders
from .models import (
    ENTRY_FORM_FIELDS,
    STATUS_ORDER,
    Award,
    AwardLevel,
    Conflict,
    ConflictKind,
    ConflictSource,
    Contest,
    ContestKind,
    ContestStatus,
    Criterion,
    Entry,
    EntryForm,
    EntryStatus,
    JudgeAssignment,
    PanelJudge,
    PeerVote,
    Round,
    RoundKind,
    Score,
    ScoreChange,
    ScoreSheet,
    SheetStatus,
)
from .rubrics import template_for


class ContestError(DomainError):
    """A rule of contests refused the change; the message is for the person."""


class RubricLocked(ContestError):
    pass


class ScoringClosed(ContestError):
    pass


class NotAssigned(ContestError):
    pass


class InvalidScore(ContestError):
    pass


class VoteRefused(ContestError):
    pass


@dataclass
class StaleSheet(ContestError):
    """The autosave was based on an older version of the scoresheet than the one stored: nothing written."""

    current: ScoreSheet

    def __post_init__(self):
        super().__init__(
            _("This scoresheet was saved from another window at %(time)s. Reload to see those scores.")
            % {"time": timezone.localtime(self.current.saved_at).strftime("%H:%M") if self.current.saved_at else ""},
            code="stale",
        )


def _text(value) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


# Contest, formula, rubric --------------------------------------------------------------------


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


# Status flow --------------------------------------------------------------------------------


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


# Entries ---------------------------------------------------------------------------------------


@transaction.atomic
def entry_nominate(
    *, contest: Contest, submission: Submission, actor: User | None, now: dt.datetime | None = None
) -> Entry:
    """Nominate a submitted prototype: the entry freezes its latest revision. Nominating the same submission
    again makes a new entry from the newer revision; the old one is replaced and its scoresheets are void."""
    now = now or timezone.now()
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if submission.cohort_id != contest.cohort_id:
        raise ContestError(_("The submission belongs to another cohort."))
    if contest.status not in (ContestStatus.DRAFT, ContestStatus.OPEN, ContestStatus.JUDGING):
        raise ContestError(_("Entries can no longer change: judging is over."), code="closed")
    revision = SubmissionRevision.objects.filter(submission=submission).order_by("-number").first()
    if submission.status != SubmissionStatus.SUBMITTED or revision is None:
        raise ContestError(_("Only a submitted prototype can be nominated."), code="not_submitted")
    previous = Entry.objects.filter(contest=contest, submission=submission, status=EntryStatus.ACTIVE).first()
    if previous is not None:
        if previous.revision_id == revision.pk:
            return previous
        previous.status = EntryStatus.REPLACED
        previous.withdrawn_at = now
        previous.withdrawn_by = actor
        previous.save(update_fields=["status", "withdrawn_at", "withdrawn_by"])
        _void_sheets(previous, now=now, actor=actor)
    number = (Entry.objects.filter(contest=contest).aggregate(n=Max("number"))["n"] or 0) + 1
    fields = revision.snapshot.get("fields", {})
    entry = Entry.objects.create(
        contest=contest,
        submission=submission,
        team_id=submission.team_id,
        revision=revision,
        number=number,
        title=(fields.get("title") or submission.title or str(submission.team))[:200],
        nominated_by=actor,
        nominated_at=now,
    )
    if contest.kind == ContestKind.MINISTRY:
        _entry_form_prefill(entry, previous=previous)
    if contest.status == ContestStatus.JUDGING:
        conflicts_detect(contest=contest)
    return entry


def _void_sheets(entry: Entry, *, now: dt.datetime, actor: User | None) -> None:
    sheets = ScoreSheet.objects.filter(assignment__entry=entry).exclude(status=SheetStatus.VOID)
    for sheet in sheets:
        ScoreChange.objects.create(
            sheet=sheet, field="status", old=sheet.status, new=SheetStatus.VOID, changed_by=actor, changed_at=now
        )
    sheets.update(status=SheetStatus.VOID, voided_at=now)


@transaction.atomic
def entry_withdraw(*, entry: Entry, actor: User | None, reason: str = "", now: dt.datetime | None = None) -> Entry:
    """Withdraw an entry: it leaves the results; its scoresheets stay on record but are void."""
    now = now or timezone.now()
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_active:
        raise ContestError(_("This entry was already withdrawn."), code="withdrawn")
    if entry.contest.status == ContestStatus.PUBLISHED:
        raise ContestError(_("Results are published; reopen them before withdrawing an entry."), code="published")
    entry.status = EntryStatus.WITHDRAWN
    entry.withdrawn_at = now
    entry.withdrawn_by = actor
    entry.withdrawn_reason = _text(reason)[:300]
    entry.save()
    _void_sheets(entry, now=now, actor=actor)
    Award.objects.filter(entry=entry).delete()
    return entry


@transaction.atomic
def entry_set_calibration(*, entry: Entry, is_calibration: bool) -> Entry:
    entry.is_calibration = is_calibration
    entry.save(update_fields=["is_calibration"])
    return entry


def _entry_form_prefill(entry: Entry, *, previous: Entry | None) -> EntryForm:
    """The Ministry's form, prefilled from the frozen submission and the team (or copied from the entry it
    replaces, so nothing the team typed is lost)."""
    old = EntryForm.objects.filter(entry=previous).first() if previous else None
    if old is not None:
        values = old.field_values()
    else:
        fields = entry.snapshot_fields
        cohort = entry.contest.cohort
        members = list(
            TeamMembership.objects.filter(team_id=entry.team_id)
            .select_related("membership__user")
            .order_by("membership__user__name")
        )
        leader = next((m.membership for m in members if m.membership_id == entry.team.leader_id), None)
        contact = leader or (members[0].membership if members else None)
        values = {
            "case_name": fields.get("title", ""),
            "field": "디지털 혁신",
            "organization_name": cohort.organization.name,
            "department": contact.department if contact else "",
            "participants": "\n".join(
                f"{m.membership.user.name}, {m.membership.position}, {m.membership.department}" for m in members
            ),
            "contact_phone": contact.phone if contact else "",
            "contact_email": contact.user.email if contact else "",
            "period": (
                f"{cohort.starts_on:%Y.%m.%d}.~{cohort.ends_on:%Y.%m.%d}."
                if cohort.starts_on and cohort.ends_on
                else ""
            ),
            "summary": fields.get("summary", ""),
            "background": fields.get("background", ""),
            "content": fields.get("description", ""),
            "ai_usage": fields.get("ai_tools", ""),
            "security_measures": "",
            "results_before": "",
            "results_after": fields.get("expected_effect", ""),
            "spread": "",
            "plans": "",
        }
    form = EntryForm(
        entry=entry, **{k: v[: EntryForm._meta.get_field(k).max_length or None] for k, v in values.items()}
    )
    form.save()
    return form


@transaction.atomic
def entry_form_save(
    *, form: EntryForm, fields: dict, base_version: int, actor: User | None, now: dt.datetime | None = None
) -> EntryForm:
    """Save the Ministry entry form if it is based on the stored version and the entry deadline has not passed."""
    now = now or timezone.now()
    locked = EntryForm.objects.select_for_update().select_related("entry__contest").get(pk=form.pk)
    contest = locked.entry.contest
    if contest.entry_deadline and now >= contest.entry_deadline:
        raise ContestError(_("The entry deadline has passed; the form can no longer change."), code="deadline")
    if not locked.entry.is_active:
        raise ContestError(_("This entry was withdrawn."), code="withdrawn")
    if locked.version != base_version:
        raise ContestError(
            _("Someone saved this form at %(time)s while you were editing. Reload the page; your text was not saved.")
            % {"time": timezone.localtime(locked.updated_at).strftime("%H:%M")},
            code="stale",
        )
    for name in ENTRY_FORM_FIELDS:
        if name in fields:
            setattr(locked, name, _text(fields[name]))
    locked.full_clean(exclude=["entry"])
    locked.version += 1
    locked.updated_by = actor
    locked.save()
    return locked


# Panels, conflicts, assignment -------------------------------------------------------------------


@transaction.atomic
def panel_add(*, rnd: Round, judge: Membership, is_shadow: bool = False, now: dt.datetime | None = None) -> PanelJudge:
    """Put a judge on a round's panel. After the panel froze, the judge only gets entries that need one."""
    now = now or timezone.now()
    rnd = Round.objects.select_related("contest").get(pk=rnd.pk)
    if rnd.is_peer:
        raise ContestError(_("A peer round has no judges."))
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


def _explain(kind: str, **params) -> str:
    texts = {
        ConflictKind.TEAM_MEMBER: _("%(judge)s is a member of the team %(team)s."),
        ConflictKind.FACILITATOR: _("%(judge)s facilitates the team %(team)s (wrote notes about it)."),
        ConflictKind.DEPARTMENT: _("%(judge)s works in %(department)s, like %(members)s of the team %(team)s."),
    }
    return texts[kind] % params


def conflicts_found(*, contest: Contest) -> dict[tuple[int, int, str], str]:
    """The automatic conflicts of the contest's panel judges with its active entries, explained:
    (entry id, judge membership id, kind) → explanation. A few queries, whatever the size."""
    judges = list(
        Membership.objects.filter(pk__in=PanelJudge.objects.filter(round__contest=contest).values("judge"))
        .select_related("user")
        .distinct()
    )
    entries = list(Entry.objects.filter(contest=contest, status=EntryStatus.ACTIVE).select_related("team"))
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
            if judge.user_id in facilitators and (entry.team_id, judge.user_id) in noted:
                found[(entry.pk, judge.pk, ConflictKind.FACILITATOR)] = _explain(ConflictKind.FACILITATOR, **params)
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


@dataclass
class AssignmentReport:
    created: int
    kept: int
    connected: bool
    components: int
    problems: list[str]
    uncovered: list[int]


@transaction.atomic
def assignment_run(*, rnd: Round, actor: User | None = None, seed: int = 0) -> AssignmentReport:
    """Assign the round's entries to its panel. Every judge scores every entry (minus conflicts) unless the
    contest sets judges per entry; then a min-cost flow balances the loads (assignment.py). Once the panel
    froze, existing assignments are kept and only entries short of judges get new ones. What cannot be
    covered is assigned as far as it goes and explained in the report."""
    from . import assignment as solver  # noqa: PLC0415 -- slow import

    rnd = Round.objects.select_related("contest").get(pk=rnd.pk)
    contest = rnd.contest
    if rnd.is_peer:
        raise ContestError(_("A peer round has no judges."))
    conflicts_detect(contest=contest)
    entries = list(Entry.objects.filter(contest=contest, status=EntryStatus.ACTIVE).order_by("number"))
    panel = list(PanelJudge.objects.filter(round=rnd).select_related("judge__user").order_by("judge__user__name"))
    if not entries:
        raise ContestError(_("There are no entries to assign."), code="no_entries")
    if not panel:
        raise ContestError(_("Put judges on the panel first."), code="no_judges")
    blocked = set(
        Conflict.objects.filter(contest=contest, overridden_at__isnull=True).values_list("entry_id", "judge_id")
    )
    existing = set(JudgeAssignment.objects.filter(round=rnd).values_list("entry_id", "judge_id"))
    shadow = {p.judge_id for p in panel if p.is_shadow}
    counted = [p.judge_id for p in panel if p.judge_id not in shadow]
    entry_ids = [e.pk for e in entries]
    frozen = rnd.panel_frozen_at is not None
    result = solver.assign(
        entry_ids,
        counted,
        blocked,
        per_entry=contest.judges_per_entry,
        max_load=contest.max_load,
        existing=[p for p in existing if p[1] not in shadow] if frozen else [],
        seed=seed,
    )
    wanted = set(result.pairs)
    # Shadow judges score every entry they have no conflict with; they never count.
    wanted |= {(e, j) for e in entry_ids for j in shadow if (e, j) not in blocked}
    if not frozen:
        for entry_id, judge_id in existing - wanted:
            JudgeAssignment.objects.filter(round=rnd, entry_id=entry_id, judge_id=judge_id, sheet__isnull=True).delete()
    to_create = wanted - existing
    JudgeAssignment.objects.bulk_create(
        JudgeAssignment(round=rnd, entry_id=entry_id, judge_id=judge_id, is_shadow=judge_id in shadow)
        for entry_id, judge_id in sorted(to_create)
    )
    numbers = {e.pk: e.number for e in entries}
    problems = [_problem_text(problem, numbers) for problem in result.problems if problem.code != "existing_conflict"]
    pairs = [
        p for p in JudgeAssignment.objects.filter(round=rnd).values_list("entry_id", "judge_id") if p[1] not in shadow
    ]
    components = _components(pairs)
    return AssignmentReport(
        created=len(to_create),
        kept=len(existing & wanted),
        connected=components <= 1,
        components=components,
        problems=problems,
        uncovered=[
            numbers[p.entry_id] for p in result.problems if p.entry_id in numbers and p.code != "existing_conflict"
        ],
    )


def _problem_text(problem, numbers: dict[int, int]) -> str:
    """The solver names entries by id; people know them by their entry number."""
    if problem.entry_id is None:
        return problem.message
    return _("Entry no. %(number)s: %(message)s") % {
        "number": numbers.get(problem.entry_id, problem.entry_id),
        "message": problem.message.split(": ", 1)[-1],
    }


def _components(pairs: list[tuple[int, int]]) -> int:
    """Connected parts of the judge–entry graph (union-find; a few thousand edges)."""
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for entry_id, judge_id in pairs:
        a, b = find(("e", entry_id)), find(("j", judge_id))
        if a != b:
            parent[a] = b
    return len({find(x) for x in list(parent)})


# Scoring ---------------------------------------------------------------------------------------------


def parse_score(raw, criterion: Criterion) -> Decimal | None:
    """A score typed by a judge: empty (not yet scored), or a number within the points on the step."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidScore(
            _("%(criterion)s: “%(value)s” is not a number.") % {"criterion": criterion.name, "value": text[:20]},
            code="not_a_number",
        ) from None
    if not value.is_finite() or value < 0 or value > criterion.points:
        raise InvalidScore(
            _("%(criterion)s: give between 0 and %(points)s points.")
            % {"criterion": criterion.name, "points": _num(criterion.points)},
            code="out_of_range",
        )
    if (value / criterion.step) % 1:
        raise InvalidScore(
            _("%(criterion)s: scores go in steps of %(step)s.")
            % {"criterion": criterion.name, "step": _num(criterion.step)},
            code="off_step",
        )
    return value.quantize(Decimal("0.1"))


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f") if value is not None else ""


def _fresh(assignment: JudgeAssignment) -> JudgeAssignment:
    """The assignment as stored now, with what the checks read (the caller's copy may be stale): one query."""
    conflicted = Conflict.objects.filter(
        entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id"), overridden_at__isnull=True
    )
    found = (
        JudgeAssignment.objects.select_related("entry", "round__contest", "judge")
        .annotate(conflicted=Exists(conflicted))
        .filter(pk=assignment.pk)
        .first()
    )
    if found is None:
        raise NotAssigned(_("This entry is not assigned to you."), code="not_assigned")
    return found


def _ensure_can_score(assignment: JudgeAssignment, actor: User, now: dt.datetime) -> None:
    if assignment.judge.user_id != actor.pk or not assignment.judge.is_active:
        raise NotAssigned(_("This entry is not assigned to you."), code="not_assigned")
    if not assignment.entry.is_active:
        raise ScoringClosed(_("This entry was withdrawn; it is no longer scored."), code="withdrawn")
    conflicted = getattr(assignment, "conflicted", None)
    if conflicted is None:
        conflicted = has_active_conflict(entry_id=assignment.entry_id, judge_id=assignment.judge_id)
    if conflicted:
        raise NotAssigned(_("You have a conflict of interest with this entry."), code="conflict")
    if assignment.no_conflict_confirmed_at is None:
        raise ScoringClosed(_("Confirm that you have no conflict of interest first."), code="confirm")
    if not assignment.round.contest.window_open(now):
        raise ScoringClosed(_("The judging window is closed; scores can no longer change."), code="window")


def sheet_for(*, assignment: JudgeAssignment) -> ScoreSheet:
    sheet, _created = ScoreSheet.objects.get_or_create(assignment=assignment)
    return sheet


@dataclass
class SheetSave:
    sheet: ScoreSheet
    changed: int


@transaction.atomic
def sheet_save(
    *,
    assignment: JudgeAssignment,
    values: dict[int, str],
    comments: dict[int, str] | None = None,
    note: str | None = None,
    base_version: int,
    actor: User,
    now: dt.datetime | None = None,
) -> SheetSave:
    """Autosave or save a judge's scores: every value is checked first (nothing is written if one is wrong),
    the sheet must be at `base_version` (a second tab's stale save is refused), and every change is kept."""
    now = now or timezone.now()
    assignment = _fresh(assignment)
    _ensure_can_score(assignment, actor, now)
    sheet = ScoreSheet.objects.select_for_update().filter(assignment=assignment).first()
    if sheet is None:
        sheet = sheet_for(assignment=assignment)
    if sheet.status == SheetStatus.SUBMITTED:
        raise ScoringClosed(_("This scoresheet was submitted; ask an organizer to reopen it."), code="submitted")
    if sheet.status == SheetStatus.VOID:
        raise ScoringClosed(_("This scoresheet is void."), code="void")
    if sheet.version != base_version:
        raise StaleSheet(current=sheet)
    comments = comments or {}
    criteria = {c.pk: c for c in assignment.round.criteria.all()}
    parsed = {}
    for criterion_id, raw in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise InvalidScore(_("Unknown criterion."), code="criterion")
        parsed[criterion_id] = parse_score(raw, criterion)
    current = {s.criterion_id: s for s in sheet.scores.all()}
    changes = []
    for criterion_id in sorted(set(parsed) | {k for k in comments if k in criteria}):
        score = current.get(criterion_id) or Score(sheet=sheet, criterion_id=criterion_id)
        dirty = False
        if criterion_id in parsed and score.value != parsed[criterion_id]:
            dirty = True
            changes.append(
                ScoreChange(
                    sheet=sheet,
                    criterion_id=criterion_id,
                    field="value",
                    old="" if score.value is None else _num(score.value),
                    new="" if parsed[criterion_id] is None else _num(parsed[criterion_id]),
                    changed_by=actor,
                    changed_at=now,
                )
            )
            score.value = parsed[criterion_id]
        if criterion_id in comments:
            comment = _text(comments[criterion_id])[:4000]
            if comment != score.comment:
                dirty = True
                changes.append(
                    ScoreChange(
                        sheet=sheet,
                        criterion_id=criterion_id,
                        field="comment",
                        old=score.comment[:2000],
                        new=comment[:2000],
                        changed_by=actor,
                        changed_at=now,
                    )
                )
                score.comment = comment
        if dirty:
            score.save()
    if note is not None and _text(note) != sheet.private_note:
        changes.append(
            ScoreChange(
                sheet=sheet,
                field="note",
                old=sheet.private_note[:2000],
                new=_text(note)[:2000],
                changed_by=actor,
                changed_at=now,
            )
        )
        sheet.private_note = _text(note)[:4000]
    if changes:
        ScoreChange.objects.bulk_create(changes)
        sheet.version += 1
        sheet.saved_at = now
        sheet.save(update_fields=["version", "saved_at", "private_note"])
    return SheetSave(sheet=sheet, changed=len(changes))


@transaction.atomic
def sheet_submit(*, assignment: JudgeAssignment, actor: User, now: dt.datetime | None = None) -> ScoreSheet:
    """Submit: every criterion must be scored; the sheet locks until an organizer reopens it."""
    now = now or timezone.now()
    assignment = _fresh(assignment)
    _ensure_can_score(assignment, actor, now)
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet_for(assignment=assignment).pk)
    if sheet.status != SheetStatus.DRAFT:
        raise ScoringClosed(_("This scoresheet is not open."), code=sheet.status)
    scored = set(sheet.scores.filter(value__isnull=False).values_list("criterion_id", flat=True))
    missing = [c.name for c in assignment.round.criteria.all() if c.pk not in scored]
    if missing:
        raise InvalidScore(
            _("Score every criterion before submitting: %(missing)s.") % {"missing": ", ".join(missing)},
            code="incomplete",
        )
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = now
    sheet.version += 1
    sheet.save()
    ScoreChange.objects.create(
        sheet=sheet, field="status", old=SheetStatus.DRAFT, new=SheetStatus.SUBMITTED, changed_by=actor, changed_at=now
    )
    return sheet


@transaction.atomic
def sheet_reopen(*, sheet: ScoreSheet, actor: User, reason: str = "", now: dt.datetime | None = None) -> ScoreSheet:
    """An organizer reopens a submitted scoresheet so the judge can change it."""
    now = now or timezone.now()
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != SheetStatus.SUBMITTED:
        raise ContestError(_("Only a submitted scoresheet can be reopened."), code="not_submitted")
    sheet.status = SheetStatus.DRAFT
    sheet.reopened_at = now
    sheet.reopened_by = actor
    sheet.reopen_reason = _text(reason)[:300]
    sheet.version += 1
    sheet.save()
    ScoreChange.objects.create(
        sheet=sheet, field="status", old=SheetStatus.SUBMITTED, new=SheetStatus.DRAFT, changed_by=actor, changed_at=now
    )
    return sheet


@transaction.atomic
def score_set_comment_hidden(*, score: Score, hidden: bool) -> Score:
    score.comment_hidden = hidden
    score.save(update_fields=["comment_hidden"])
    return score


# Peer votes ---------------------------------------------------------------------------------------------


def _voter_team_id(voter: Membership) -> int | None:
    return TeamMembership.objects.filter(membership=voter).values_list("team_id", flat=True).first()


@transaction.atomic
def peer_vote_cast(*, rnd: Round, voter: Membership, entry: Entry, now: dt.datetime | None = None) -> PeerVote:
    """A participant's vote: never for their own team, one per entry, at most the round's number of votes."""
    now = now or timezone.now()
    rnd = Round.objects.select_related("contest").get(pk=rnd.pk)
    if not rnd.is_peer:
        raise VoteRefused(_("This round has no peer vote."))
    contest = rnd.contest
    if contest.status != ContestStatus.JUDGING or rnd.closed_at is not None:
        raise VoteRefused(_("The peer vote is not open."), code="closed")
    if voter.cohort_id != contest.cohort_id or voter.role != Role.PARTICIPANT or not voter.is_active:
        raise VoteRefused(_("Only participants of the cohort vote."), code="not_participant")
    if entry.contest_id != contest.pk or not entry.is_active or entry.is_calibration:
        raise VoteRefused(_("This entry cannot be voted for."), code="entry")
    if _voter_team_id(voter) == entry.team_id:
        raise VoteRefused(_("You cannot vote for your own team."), code="own_team")
    Membership.objects.select_for_update().filter(pk=voter.pk).first()  # one vote at a time per person
    if PeerVote.objects.filter(round=rnd, voter=voter, entry=entry).exists():
        raise VoteRefused(_("You already voted for this entry."), code="twice")
    if PeerVote.objects.filter(round=rnd, voter=voter).count() >= rnd.votes_per_person:
        raise VoteRefused(
            _("You have used all %(n)s of your votes.") % {"n": rnd.votes_per_person}, code="no_votes_left"
        )
    try:
        with transaction.atomic():
            return PeerVote.objects.create(round=rnd, voter=voter, entry=entry, created_at=now)
    except IntegrityError:
        raise VoteRefused(_("You already voted for this entry."), code="twice") from None


@transaction.atomic
def peer_vote_withdraw(*, rnd: Round, voter: Membership, entry: Entry) -> None:
    rnd = Round.objects.select_related("contest").get(pk=rnd.pk)
    if rnd.contest.status != ContestStatus.JUDGING or rnd.closed_at is not None:
        raise VoteRefused(_("The peer vote is not open."), code="closed")
    PeerVote.objects.filter(round=rnd, voter=voter, entry=entry).delete()


@transaction.atomic
def round_close(*, rnd: Round, now: dt.datetime | None = None) -> Round:
    rnd.closed_at = now or timezone.now()
    rnd.save(update_fields=["closed_at"])
    return rnd


# Awards and publishing ----------------------------------------------------------------------------------


@transaction.atomic
def award_assign(*, entry: Entry, level: AwardLevel, actor: User, citation: str = "") -> Award:
    """Give an entry an award level (one per entry; a new level replaces the old). Quotas hold."""
    contest = Contest.objects.select_for_update().get(pk=entry.contest_id)
    if level.contest_id != contest.pk:
        raise ContestError(_("The award belongs to another contest."))
    if contest.status not in (ContestStatus.CLOSED, ContestStatus.JUDGING):
        raise ContestError(_("Awards are given after judging and before publishing."), code="status")
    if not entry.is_active or entry.is_calibration:
        raise ContestError(_("This entry cannot receive an award."), code="entry")
    taken = Award.objects.filter(level=level).exclude(entry=entry).count()
    if taken >= level.quota:
        raise ContestError(
            _("%(award)s is limited to %(n)s; take it from another entry first.")
            % {"award": level.name, "n": level.quota},
            code="quota",
        )
    award, _created = Award.objects.update_or_create(
        entry=entry,
        defaults={"contest": contest, "level": level, "awarded_by": actor, "citation": _text(citation)[:300]},
    )
    return award


@transaction.atomic
def award_remove(*, entry: Entry) -> None:
    if entry.contest.status == ContestStatus.PUBLISHED:
        raise ContestError(_("Results are published; reopen them first."), code="published")
    Award.objects.filter(entry=entry).delete()


@transaction.atomic
def award_level_save(*, contest: Contest, name: str, quota: int, is_special: bool) -> AwardLevel:
    name = _text(name)
    if not name:
        raise ContestError(_("Name the award."))
    order = (AwardLevel.objects.filter(contest=contest).aggregate(n=Max("order"))["n"] or 0) + 1
    level, _created = AwardLevel.objects.update_or_create(
        contest=contest, name=name, defaults={"quota": quota, "is_special": is_special, "order": order}
    )
    return level


def contest_publish(*, contest: Contest, actor: User, now: dt.datetime | None = None) -> Contest:
    """The publish gate: teams see their feedback and the cohort sees the winners."""
    return contest_set_status(contest=contest, status=ContestStatus.PUBLISHED, actor=actor, now=now)


def status_index(status: str) -> int:
    return STATUS_ORDER.index(status)
