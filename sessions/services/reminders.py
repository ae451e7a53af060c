"""E-mails about sessions, each sent exactly once per person: reminders, changes, attendance warnings.

Exactly once, in practice: before a mail is handed to the mail server its delivery row is
inserted in a transaction of its own; the row's unique key (kind, session, person, offset, time)
lets only one of two concurrent runs (beat firing twice, two workers, a retried task) insert
it, and only the run that inserted it sends. `sent_at` is set after the mail went out.

A run that dies between inserting a row and sending its mail leaves the row without
`sent_at`, and that mail is not sent again: at most once after the claim. Because each row is
claimed just before its own mail, a crash loses at most the one mail in flight; everyone not
yet claimed is picked up by the next run. Rows without `sent_at` are visible in the admin.
If the mail server refuses a mail, the claim is withdrawn and the run stops with the error, so
the task's retry (or the next beat) sends it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from learninggroup.mail import personal_email
from learninggroup.models import Cohort, Membership, Role

from .. import ics
from ..models import (
    AttendanceWarning,
    ReminderDelivery,
    ReminderKind,
    ReminderPreference,
    Session,
    SessionSettings,
    SessionStatus,
)
from ..selectors import completion_outlook, expected_memberships, session_settings_for

logger = logging.getLogger(__name__)

SENT_AT_BATCH = 200
WARNING_LOOKBACK = dt.timedelta(days=30)


@dataclass
class RunResult:
    sent: int = 0  # reminder and change mails handed to the mail server by this run
    already: int = 0  # people another run (or an earlier one) had claimed
    warnings: int = 0  # attendance warnings raised by this run


class Mailer:
    """One open connection for the run; claimed rows get `sent_at` in batches.

    The exactly-once delivery of every reminder-like mail (sessions here, submission deadlines in the
    submissions app) goes through `deliver_once` with one of these.
    """

    def __init__(self) -> None:
        self.connection = get_connection()
        self.sent_ids: list[int] = []

    def __enter__(self):
        self.connection.open()
        return self

    def __exit__(self, *exc) -> None:
        self.flush()
        self.connection.close()

    def send(self, message: EmailMessage, *, release) -> None:
        message.connection = self.connection
        try:
            message.send()
        except Exception:
            release()
            raise

    def mark_sent(self, delivery_id: int) -> None:
        self.sent_ids.append(delivery_id)
        if len(self.sent_ids) >= SENT_AT_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.sent_ids:
            ReminderDelivery.objects.filter(pk__in=self.sent_ids).update(sent_at=timezone.now())
            self.sent_ids = []


def claim_delivery(
    *, kind: str, object_id: int, membership: Membership, offset_hours: int, event_at: dt.datetime
) -> ReminderDelivery | None:
    """Insert the delivery row in its own transaction; None when another run holds it already."""
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                kind=kind, object_id=object_id, membership=membership, offset_hours=offset_hours, event_at=event_at
            )
    except IntegrityError:
        return None


def deliver_once(
    mailer: Mailer,
    *,
    kind: str,
    object_id: int,
    membership: Membership,
    offset_hours: int,
    event_at: dt.datetime,
    build: Callable[[], EmailMessage],
) -> bool:
    """Claim the delivery, then build and send its mail; False when another run had claimed it.

    A mail the server refuses withdraws the claim (the next run sends it) and the error propagates.
    """
    delivery = claim_delivery(
        kind=kind, object_id=object_id, membership=membership, offset_hours=offset_hours, event_at=event_at
    )
    if delivery is None:
        return False
    mailer.send(build(), release=lambda: ReminderDelivery.objects.filter(pk=delivery.pk).delete())
    mailer.mark_sent(delivery.pk)
    return True


def due_reminders(*, now: dt.datetime) -> list[tuple[Session, int]]:
    """(session, offset in hours) of the reminders due now: for each coming session, only its
    latest due reminder (a session planned two hours ahead gets the 2-hour one, not a late 24-hour one)."""
    horizon = now + dt.timedelta(hours=SessionSettings.MAX_OFFSET_HOURS)
    sessions = (
        Session.objects.held()
        .filter(starts_at__gt=now, starts_at__lte=horizon)
        .select_related("cohort", "cohort__organization", "cohort__session_settings")
        .order_by("starts_at")
    )
    due = []
    for session in sessions:
        offsets = [
            h
            for h in session_settings_for(cohort=session.cohort).reminder_offsets
            if session.starts_at - dt.timedelta(hours=h) <= now
        ]
        if offsets:
            due.append((session, min(offsets)))
    return due


def _recipients(*, session: Session, kind: str, offset: int, respect_opt_out: bool) -> list[Membership]:
    """Everyone expected at the session not yet claimed for this mail: one membership per person."""
    members = expected_memberships(session=session).exclude(
        Exists(
            ReminderDelivery.objects.filter(
                kind=kind,
                object_id=session.pk,
                membership=OuterRef("pk"),
                offset_hours=offset,
                event_at=session.starts_at,
            )
        )
    )
    if respect_opt_out:
        members = members.exclude(
            Exists(
                ReminderPreference.objects.filter(cohort_id=session.cohort_id, user=OuterRef("user"), reminders=False)
            )
        )
    chosen: dict[int, Membership] = {}
    for member in members.order_by("user_id", "role"):  # "facilitator" < "participant": one mail per person
        chosen.setdefault(member.user_id, member)
    return list(chosen.values())


def _session_mail(
    *, kind: str, session: Session, membership: Membership, offset: int, attachment: bytes
) -> EmailMessage:
    user = membership.user
    cohort = session.cohort
    template = {
        ReminderKind.SESSION_REMINDER: "reminder",
        ReminderKind.SESSION_MOVED: "moved",
        ReminderKind.SESSION_CANCELLED: "cancelled",
    }[kind]
    context = {
        "user": user,
        "session": session,
        "cohort": cohort,
        "offset": offset,
        "url": ics.session_url(session),
        "preferences_url": settings.SITE_URL + reverse("calendar_links", kwargs={"pk": cohort.pk}),
    }
    message = personal_email(f"sessions/emails/{template}", context, user=user, zone=cohort.zone)
    message.attach(f"session-{session.number}.ics", attachment, "text/calendar; charset=utf-8; method=PUBLISH")
    return message


def _session_ics(session: Session) -> bytes:
    return ics.build_calendar(
        name=session.cohort.name, zone_name=session.cohort.time_zone, sessions=[session], method="PUBLISH"
    )


def _send_about_session(
    mailer: Mailer, result: RunResult, *, kind: str, session: Session, offset: int, respect_opt_out: bool
) -> None:
    attachment = _session_ics(session)
    for membership in _recipients(session=session, kind=kind, offset=offset, respect_opt_out=respect_opt_out):
        delivered = deliver_once(
            mailer,
            kind=kind,
            object_id=session.pk,
            membership=membership,
            offset_hours=offset,
            event_at=session.starts_at,
            build=lambda membership=membership: _session_mail(
                kind=kind, session=session, membership=membership, offset=offset, attachment=attachment
            ),
        )
        if delivered:
            result.sent += 1
        else:
            result.already += 1


def reminders_send_due(*, now: dt.datetime | None = None) -> RunResult:
    """Send every reminder that is due (the beat task and `manage.py send_due_reminders`), then
    raise the attendance warnings that became due. Safe to run twice at once."""
    now = now or timezone.now()
    result = RunResult()
    with Mailer() as mailer:
        for session, offset in due_reminders(now=now):
            _send_about_session(
                mailer, result, kind=ReminderKind.SESSION_REMINDER, session=session, offset=offset, respect_opt_out=True
            )
        result.warnings = attendance_warnings_send_due(now=now, mailer=mailer)
    return result


def session_change_notify(*, session_id: int, change: str) -> RunResult:
    """Tell everyone expected that the session moved or was cancelled (whatever their reminder switch says)."""
    result = RunResult()
    session = Session.objects.select_related("cohort", "cohort__organization").filter(pk=session_id).first()
    if session is None:
        return result
    if change == "cancelled":
        if session.status != SessionStatus.CANCELLED:
            return result
        kind = ReminderKind.SESSION_CANCELLED
    elif change == "moved":
        if session.status == SessionStatus.CANCELLED:
            return result  # cancelled since: that notice says it all
        kind = ReminderKind.SESSION_MOVED
    else:
        raise ValueError(change)
    with Mailer() as mailer:
        _send_about_session(mailer, result, kind=kind, session=session, offset=0, respect_opt_out=False)
    return result


# Attendance warnings -------------------------------------------------------------------------


def _cohort_facilitators(cohort: Cohort) -> list[Membership]:
    """The participant's facilitators: those who run the cohort's sessions (else all of the cohort's)."""
    members = Membership.objects.active().filter(cohort=cohort, role=Role.FACILITATOR).select_related("user")
    assigned = list(members.filter(facilitated_sessions__cohort=cohort).distinct())
    return assigned or list(members)


def attendance_warnings_send_due(*, now: dt.datetime | None = None, mailer: Mailer | None = None) -> int:
    """Warn each participant who can no longer reach the completion threshold, and their
    facilitators, once. Looks at cohorts with a session that ended in the last 30 days."""
    now = now or timezone.now()
    if mailer is None:
        with Mailer() as own:
            return attendance_warnings_send_due(now=now, mailer=own)
    cohorts = Cohort.objects.filter(
        Exists(
            Session.objects.held().filter(cohort=OuterRef("pk"), ends_at__lte=now, ends_at__gt=now - WARNING_LOOKBACK)
        )
    ).select_related("session_settings", "organization")
    raised = 0
    for cohort in cohorts:
        threshold = session_settings_for(cohort=cohort).completion_threshold
        total, outlook = completion_outlook(cohort=cohort, now=now)
        at_risk = [pk for pk, entry in outlook.items() if entry["best_rate"] < threshold]
        if not at_risk:
            continue
        warned = set(
            AttendanceWarning.objects.filter(membership_id__in=at_risk).values_list("membership_id", flat=True)
        )
        todo = [pk for pk in at_risk if pk not in warned]
        if not todo:
            continue
        facilitators = _cohort_facilitators(cohort)
        people = Membership.objects.filter(pk__in=todo).select_related("user").order_by("user__name")
        for membership in people:
            entry = outlook[membership.pk]
            try:
                with transaction.atomic():
                    warning = AttendanceWarning.objects.create(
                        membership=membership,
                        attended=entry["attended"],
                        sessions=total,
                        best_possible_rate=round(entry["best_rate"], 1),
                        threshold=threshold,
                    )
            except IntegrityError:
                continue
            # If the participant's mail is refused, the warning is withdrawn and retried by the next run.
            mailer.send(
                _warning_mail(
                    "warning_participant",
                    recipient=membership.user,
                    participant=membership,
                    cohort=cohort,
                    warning=warning,
                ),
                release=lambda pk=warning.pk: AttendanceWarning.objects.filter(pk=pk).delete(),
            )
            for facilitator in facilitators:
                mailer.send(
                    _warning_mail(
                        "warning_facilitator",
                        recipient=facilitator.user,
                        participant=membership,
                        cohort=cohort,
                        warning=warning,
                    ),
                    release=lambda: None,
                )
            AttendanceWarning.objects.filter(pk=warning.pk).update(sent_at=timezone.now())
            raised += 1
    return raised


def _warning_mail(template: str, *, recipient, participant: Membership, cohort: Cohort, warning: AttendanceWarning):
    context = {
        "user": recipient,
        "participant": participant.user,
        "cohort": cohort,
        "warning": warning,
        "url": settings.SITE_URL + reverse("session_list", kwargs={"pk": cohort.pk}),
        "matrix_url": settings.SITE_URL + reverse("attendance_matrix", kwargs={"pk": cohort.pk}),
    }
    return personal_email(f"sessions/emails/{template}", context, user=recipient, zone=cohort.zone)
