"""Creating, changing, moving and cancelling sessions; the cohort's session settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from learninggroup.errors import DomainError
from learninggroup.models import Cohort, Membership, Role, User

from ..models import Session, SessionKind, SessionSettings, SessionStatus
from ..planner import Plan
from ..selectors import next_session_number


@dataclass
class PlanResult:
    created: list[Session]
    already_there: list[dt.date]


def _lock_cohort(cohort: Cohort) -> None:
    """Serialize numbering: two facilitators confirming at once get consecutive numbers."""
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()


@transaction.atomic
def sessions_create_from_plan(
    *,
    cohort: Cohort,
    plan: Plan,
    venue: str,
    kind: str = SessionKind.WORKSHOP,
    titles: list[str] | None = None,
    facilitators: list[Membership] | None = None,
) -> PlanResult:
    """Create the planned sessions, numbered after the existing ones.

    A date that already has a session starting at the same time is left alone (confirming twice
    creates nothing new). Titles are taken in order; missing ones read "Session N".
    """
    _lock_cohort(cohort)
    taken = set(Session.objects.filter(cohort=cohort).values_list("starts_at", flat=True))
    number = next_session_number(cohort=cohort)
    titles = [title.strip() for title in (titles or []) if title.strip()]
    result = PlanResult(created=[], already_there=[])
    for index, proposal in enumerate(plan.sessions):
        if proposal.starts in taken:
            result.already_there.append(proposal.date)
            continue
        session = Session(
            cohort=cohort,
            number=number,
            title=titles[index] if index < len(titles) else default_title(number),
            kind=kind,
            starts_at=proposal.starts,
            ends_at=proposal.ends,
            venue=venue,
        )
        session.full_clean()
        session.save()
        if facilitators:
            session.facilitators.set(facilitators)
        result.created.append(session)
        number += 1
    return result


def default_title(number: int) -> str:
    return _("Session %(number)d") % {"number": number}


def _check_facilitators(cohort: Cohort, facilitators: list[Membership] | None) -> None:
    for membership in facilitators or []:
        if membership.cohort_id != cohort.pk or membership.role != Role.FACILITATOR:
            raise DomainError(_("Choose facilitators of this cohort."), code="not_facilitator")


@transaction.atomic
def session_create(
    *,
    cohort: Cohort,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: str = "",
    agenda: str = "",
    facilitators: list[Membership] | None = None,
) -> Session:
    """One session (the special lecture, the contest day), numbered after the existing ones."""
    _check_facilitators(cohort, facilitators)
    _lock_cohort(cohort)
    session = Session(
        cohort=cohort,
        number=next_session_number(cohort=cohort),
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        agenda=agenda,
    )
    session.full_clean()
    session.save()
    if facilitators:
        session.facilitators.set(facilitators)
    return session


@transaction.atomic
def session_update(
    *, session: Session, title: str, kind: str, venue: str, agenda: str, facilitators: list[Membership]
) -> Session:
    """Change what a session is about; its time changes only through session_move."""
    _check_facilitators(session.cohort, facilitators)
    session = Session.objects.select_for_update().get(pk=session.pk)
    session.title, session.kind, session.venue, session.agenda = title, kind, venue, agenda
    session.sequence += 1
    session.full_clean()
    session.save()
    session.facilitators.set(facilitators)
    return session


@transaction.atomic
def session_move(
    *, session: Session, starts_at: dt.datetime, ends_at: dt.datetime, venue: str, reason: str, actor: User | None
) -> Session:
    """Give the session a new time (and place); everyone expected is told once the change commits."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise DomainError(_("A cancelled session cannot be moved."), code="cancelled")
    if session.starts_at == starts_at and session.ends_at == ends_at and session.venue == venue:
        raise DomainError(_("Nothing changed: the session already has this time and place."), code="unchanged")
    session.previous_starts_at = session.starts_at
    session.starts_at, session.ends_at, session.venue = starts_at, ends_at, venue
    session.status = SessionStatus.MOVED
    session.status_note = reason
    session.sequence += 1
    session.full_clean()
    session.save()
    _notify(session, "moved")
    return session


@transaction.atomic
def session_cancel(*, session: Session, reason: str, actor: User | None) -> Session:
    """Cancel the session: it gets no reminders, stays in the feeds as CANCELLED, and people are told."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise DomainError(_("The session was already cancelled."), code="already_cancelled")
    session.status = SessionStatus.CANCELLED
    session.status_note = reason
    session.sequence += 1
    session.full_clean()
    session.save()
    _notify(session, "cancelled")
    return session


def _notify(session: Session, change: str) -> None:
    from ..tasks import notify_session_change  # noqa: PLC0415 -- service enqueues its task

    session_id = session.pk
    transaction.on_commit(lambda: notify_session_change.delay(session_id=session_id, change=change))


@transaction.atomic
def session_settings_update(
    *,
    cohort: Cohort,
    reminder_offsets: list[int],
    late_after_minutes: int,
    completion_threshold: int,
    qr_rotation_seconds: int,
) -> SessionSettings:
    settings_row, _created = SessionSettings.objects.select_for_update().get_or_create(cohort=cohort)
    settings_row.reminder_offsets = sorted(set(reminder_offsets), reverse=True)
    settings_row.late_after_minutes = late_after_minutes
    settings_row.completion_threshold = completion_threshold
    settings_row.qr_rotation_seconds = qr_rotation_seconds
    settings_row.full_clean()
    settings_row.save()
    return settings_row
