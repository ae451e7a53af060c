"""Taking attendance: by the facilitator (one click per person) or by the participant scanning the QR code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.errors import DomainError
from learninggroup.models import Membership, Role, User

from .. import checkin
from ..models import Attendance, AttendanceMethod, AttendanceStatus, Session, SessionStatus
from ..selectors import expected_participants, session_settings_for

CHECK_IN_OPENS_BEFORE = dt.timedelta(minutes=30)


CHECK_IN_REFUSALS = {
    "forged": _("This check-in code is not valid. Scan the code on the facilitator's screen again."),
    "expired": _("This check-in code has expired: the code changes every minute. Scan the code on the screen again."),
    "other_session": _("This code belongs to another session. Scan the code shown for this session."),
    "cancelled": _("This session was cancelled, so there is nothing to check in to."),
    "too_early": _("Check-in opens 30 minutes before the session starts."),
    "ended": _("The session has ended, so check-in is closed. Ask your facilitator to record your attendance."),
    "not_participant": _("Only the cohort's participants check in."),
}


class CheckInRefused(DomainError):
    """A QR check-in that cannot count; `code` says why, `message` says it to the person."""

    def __init__(self, code: str):
        super().__init__(CHECK_IN_REFUSALS.get(code, CHECK_IN_REFUSALS["forged"]), code=code)


@dataclass
class CheckInResult:
    attendance: Attendance
    already: bool  # the person had checked in before: nothing changed


@transaction.atomic
def attendance_mark(*, session: Session, membership: Membership, status: str, actor: User | None) -> Attendance:
    """The facilitator sets one participant's attendance at a session (creating or changing the record)."""
    if status not in AttendanceStatus.values:
        raise DomainError(_("Choose a participant and a status."), code="unknown_status")
    if session.status == SessionStatus.CANCELLED:
        raise DomainError(_("Attendance cannot be taken for a cancelled session."), code="cancelled")
    if membership.cohort_id != session.cohort_id or membership.role != Role.PARTICIPANT:
        raise DomainError(_("Only the cohort's participants have attendance."), code="not_participant")
    record, _created = Attendance.objects.select_for_update().get_or_create(
        session=session,
        membership=membership,
        defaults={
            "status": status,
            "method": AttendanceMethod.MANUAL,
            "recorded_at": timezone.now(),
            "recorded_by": actor,
        },
    )
    if record.status != status or record.method != AttendanceMethod.MANUAL:
        record.status = status
        record.method = AttendanceMethod.MANUAL
        record.recorded_at = timezone.now()
        record.recorded_by = actor
        record.full_clean()
        record.save()
    return record


@transaction.atomic
def attendance_mark_unrecorded(*, session: Session, status: str, actor: User | None) -> int:
    """Give everyone expected at the session who has no record yet this status (the facilitator's "mark the
    rest absent"). Records already taken are left alone; returns how many were marked."""
    if status not in AttendanceStatus.values:
        raise DomainError("unknown status")
    if session.status == SessionStatus.CANCELLED:
        raise DomainError("cancelled")
    recorded = Attendance.objects.filter(session=session).values("membership")
    members = list(expected_participants(session=session).exclude(pk__in=recorded).values_list("pk", flat=True))
    now = timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                membership_id=member,
                status=status,
                method=AttendanceMethod.MANUAL,
                recorded_at=now,
                recorded_by=actor,
            )
            for member in members
        ],
        ignore_conflicts=True,
    )
    return len(members)


def check_in_window(session: Session) -> tuple[dt.datetime, dt.datetime]:
    return session.starts_at - CHECK_IN_OPENS_BEFORE, session.ends_at


def attendance_check_in(*, session: Session, user: User, token: str, now: dt.datetime | None = None) -> CheckInResult:
    """A participant's QR scan: present (late after the cohort's threshold), once.

    Refused with a CheckInRefused code: "forged", "expired", "other_session" (the token),
    "cancelled", "too_early", "ended" (the window: 30 minutes before the start to the end),
    "not_participant". Scanning again changes nothing.
    """
    now = now or timezone.now()
    settings_row = session_settings_for(cohort=session.cohort)
    verdict = checkin.check_token(token, session_id=session.pk, now=now, rotation=settings_row.qr_rotation_seconds)
    if not verdict.ok:
        raise CheckInRefused(verdict.result)
    if session.status == SessionStatus.CANCELLED:
        raise CheckInRefused("cancelled")
    opens, closes = check_in_window(session)
    if now < opens:
        raise CheckInRefused("too_early")
    if now > closes:
        raise CheckInRefused("ended")
    membership = (
        Membership.objects.active().filter(cohort_id=session.cohort_id, user=user, role=Role.PARTICIPANT).first()
    )
    if membership is None:
        raise CheckInRefused("not_participant")

    late = now > session.starts_at + dt.timedelta(minutes=settings_row.late_after_minutes)
    status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
    try:
        with transaction.atomic():
            record = Attendance.objects.select_for_update().filter(session=session, membership=membership).first()
            if record is None:
                record = Attendance(
                    session=session,
                    membership=membership,
                    status=status,
                    method=AttendanceMethod.QR,
                    recorded_at=now,
                    recorded_by=user,
                )
                record.full_clean(validate_constraints=False)
                record.save()
                return CheckInResult(record, already=False)
            if record.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
                return CheckInResult(record, already=True)
            # Marked absent or excused beforehand, and here after all: the scan is the better evidence.
            record.status, record.method, record.recorded_at, record.recorded_by = (
                status,
                AttendanceMethod.QR,
                now,
                user,
            )
            record.save()
            return CheckInResult(record, already=False)
    except IntegrityError:
        # The same person's second scan won the race by a hair: theirs counts, this one changes nothing.
        return CheckInResult(Attendance.objects.get(session=session, membership=membership), already=True)
