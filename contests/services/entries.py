"""Entries: nominating a submitted prototype (freezing its revision), withdrawing, calibration entries and
the Ministry's entry form with optimistic locking."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.dates import clock
from learninggroup.models import User
from submissions.models import Submission, SubmissionRevision, SubmissionStatus
from teams.models import TeamMembership

from ..models import (
    ENTRY_FORM_FIELDS,
    Award,
    Contest,
    ContestKind,
    ContestStatus,
    Entry,
    EntryForm,
    EntryStatus,
    ScoreChange,
    ScoreSheet,
    SheetStatus,
)
from .common import ContestError, _text
from .conflicts import conflicts_detect


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
            % {"time": clock(locked.updated_at)},
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
