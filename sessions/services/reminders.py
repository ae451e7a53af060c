"""E-mails about sessions: reminders, changes, attendance warnings, each sent at least once per person.

The mails go through the shared deliveries (``notifications``): this module decides who is due, queues one
delivery per person and mail under a key of its own (kind, session, person, offset, start time), and has the
run send them. A key is queued once, so a run that fires twice, two workers or a retried task send each mail
once; a worker killed mid-run leaves claims whose lease expires, and the next run sends them (at least once; a
duplicate only for a kill between the server accepting a mail and its row being marked). One mail that
cannot be sent is recorded as failed with its reason and the others go on. See ``notifications``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.mail import personal_email
from learninggroup.models import Cohort, Membership, Role, User
from notifications.registry import Kind, Skip
from notifications.services import Outgoing, SendResult, deliveries_enqueue, deliveries_send

from .. import ics
from ..models import (
    AttendanceWarning,
    ReminderPreference,
    Session,
    SessionSettings,
    SessionStatus,
)
from ..selectors import completion_outlook, expected_memberships, session_settings_for

logger = logging.getLogger(__name__)

WARNING_LOOKBACK = dt.timedelta(days=30)

REMINDER = "sessions.reminder"
MOVED = "sessions.moved"
CANCELLED = "sessions.cancelled"
WARNING = "sessions.attendance_warning"
SESSION_KINDS = (REMINDER, MOVED, CANCELLED)


@dataclass
class RunResult:
    sent: int = 0  # mails accepted by the mail server in this run (reminders, changes, attendance warnings)
    already: int = 0  # people queued for this mail before (by another run or an earlier one)
    warnings: int = 0  # attendance warnings raised by this run
    failed: int = 0  # mails recorded as failed (their reasons are on the staff's page)
    skipped: int = 0  # queued mails no longer wanted (the session was cancelled, the person left)
    deferred: int = 0  # refused for now by the mail server: tried again after a backoff

    def add(self, sending: SendResult) -> None:
        self.sent += sending.sent
        self.failed += sending.failed
        self.skipped += sending.skipped
        self.deferred += sending.deferred


def delivery_key(*, kind: str, session_id: int, user_id: int, offset: int, event_at: dt.datetime) -> str:
    return f"{kind}:{session_id}:{user_id}:{offset}:{event_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


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


def _recipients(*, session: Session, respect_opt_out: bool) -> list[Membership]:
    """Everyone expected at the session: one membership per person."""
    members = expected_memberships(session=session)
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


def _session_mail(*, kind: str, session: Session, user: User, offset: int, attachment: bytes) -> EmailMessage:
    cohort = session.cohort
    template = {REMINDER: "reminder", MOVED: "moved", CANCELLED: "cancelled"}[kind]
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


def build_session_mail(delivery, cache: dict) -> EmailMessage:
    """The builder of the three session kinds: the session as it is now, its .ics shared by the run."""
    if delivery.object_id not in cache:
        session = Session.objects.select_related("cohort", "cohort__organization").filter(pk=delivery.object_id).first()
        cache[delivery.object_id] = (session, _session_ics(session) if session is not None else b"")
    session, attachment = cache[delivery.object_id]
    if session is None:
        raise Skip
    cancelled = session.status == SessionStatus.CANCELLED
    if delivery.kind == CANCELLED and not cancelled:
        raise Skip  # restored since
    if delivery.kind != CANCELLED and cancelled:
        raise Skip  # the cancellation notice says it all
    if delivery.kind == REMINDER and delivery.params.get("event_at") != session.starts_at.isoformat():
        raise Skip  # moved since: the new time has reminders of its own
    return _session_mail(
        kind=delivery.kind,
        session=session,
        user=delivery.recipient,
        offset=delivery.params.get("offset", 0),
        attachment=attachment,
    )


def _queue_about_session(result: RunResult, *, kind: str, session: Session, offset: int, respect_opt_out: bool) -> None:
    members = _recipients(session=session, respect_opt_out=respect_opt_out)
    items = [
        Outgoing(
            key=delivery_key(
                kind=kind, session_id=session.pk, user_id=m.user_id, offset=offset, event_at=session.starts_at
            ),
            recipient_id=m.user_id,
            cohort_id=session.cohort_id,
            object_id=session.pk,
            params={"offset": offset, "event_at": session.starts_at.isoformat()},
        )
        for m in members
    ]
    queued = deliveries_enqueue(kind=kind, items=items)
    result.already += len(items) - queued


def reminders_send_due(*, now: dt.datetime | None = None) -> RunResult:
    """Queue every reminder that is due and send what is queued (the beat task and `manage.py
    send_due_reminders`: also what a dead worker left claimed), then the attendance warnings that became
    due. Safe to run twice at once."""
    now = now or timezone.now()
    result = RunResult()
    for session, offset in due_reminders(now=now):
        _queue_about_session(result, kind=REMINDER, session=session, offset=offset, respect_opt_out=True)
    result.add(deliveries_send(kinds=SESSION_KINDS))
    result.warnings = attendance_warnings_send_due(now=now, run=result)
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
        kind = CANCELLED
    elif change == "moved":
        if session.status == SessionStatus.CANCELLED:
            return result  # cancelled since: that notice says it all
        kind = MOVED
    else:
        raise ValueError(change)
    _queue_about_session(result, kind=kind, session=session, offset=0, respect_opt_out=False)
    result.add(deliveries_send(kinds=[kind]))
    return result


# Attendance warnings -------------------------------------------------------------------------


def _cohort_facilitators(cohort: Cohort) -> list[Membership]:
    """The participant's facilitators: those who run the cohort's sessions (else all of the cohort's)."""
    members = Membership.objects.active().filter(cohort=cohort, role=Role.FACILITATOR).select_related("user")
    assigned = list(members.filter(facilitated_sessions__cohort=cohort).distinct())
    return assigned or list(members)


def attendance_warnings_send_due(*, now: dt.datetime | None = None, run: RunResult | None = None) -> int:
    """Warn each participant who can no longer reach the completion threshold, and their facilitators,
    once. Looks at cohorts with a session that ended in the last 30 days. The warning and its mails are
    recorded in one transaction, so a crash loses neither. Returns the warnings raised; what happened to the
    mails is added to ``run``."""
    now = now or timezone.now()
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
                    recipients = [("warning_participant", membership.user_id)] + [
                        ("warning_facilitator", f.user_id) for f in facilitators
                    ]
                    deliveries_enqueue(
                        kind=WARNING,
                        items=[
                            Outgoing(
                                key=f"{WARNING}:{warning.pk}:{user_id}",
                                recipient_id=user_id,
                                cohort_id=cohort.pk,
                                object_id=warning.pk,
                                params={"template": template},
                            )
                            for template, user_id in recipients
                        ],
                    )
            except IntegrityError:
                continue
            raised += 1
    sending = deliveries_send(kinds=[WARNING])
    if run is not None:
        run.add(sending)
    return raised


def build_warning_mail(delivery, cache: dict) -> EmailMessage:
    warning = (
        AttendanceWarning.objects.select_related(
            "membership__user", "membership__cohort", "membership__cohort__organization"
        )
        .filter(pk=delivery.object_id)
        .first()
    )
    if warning is None:
        raise Skip
    cohort = warning.membership.cohort
    recipient = delivery.recipient
    context = {
        "user": recipient,
        "participant": warning.membership.user,
        "cohort": cohort,
        "warning": warning,
        "url": settings.SITE_URL + reverse("session_list", kwargs={"pk": cohort.pk}),
        "matrix_url": settings.SITE_URL + reverse("attendance_matrix", kwargs={"pk": cohort.pk}),
    }
    template = delivery.params.get("template", "warning_facilitator")
    return personal_email(f"sessions/emails/{template}", context, user=recipient, zone=cohort.zone)


def warning_sent(delivery) -> None:
    if delivery.params.get("template") == "warning_participant":
        AttendanceWarning.objects.filter(pk=delivery.object_id, sent_at__isnull=True).update(sent_at=timezone.now())


NOTIFICATION_KINDS = (
    Kind(REMINDER, label=_("Session reminder"), build=build_session_mail),
    Kind(MOVED, label=_("Session moved"), build=build_session_mail),
    Kind(CANCELLED, label=_("Session cancelled"), build=build_session_mail),
    Kind(WARNING, label=_("Attendance warning"), build=build_warning_mail, on_sent=warning_sent),
)
