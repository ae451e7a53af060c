"""Deadline reminders: D-3 and D-1 mails to the members of every team that has not submitted.

Each mail is a shared delivery (notifications) of the kind ``submissions.deadline``, registered in apps.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.mail import personal_email
from learninggroup.models import Membership, Role, User
from notifications.models import Delivery
from notifications.registry import Kind, Skip
from notifications.services import Outgoing, deliveries_enqueue, deliveries_send
from teams.models import Team

from ..deadlines import DeadlineState, due_offset
from ..models import Submission, SubmissionSettings, SubmissionStatus
from ..selectors import team_extension

REMINDER_KIND = "submissions.deadline"  # a kind of notifications.Delivery, registered in apps.py
REMINDER_DAYS = (3, 1)


@dataclass
class ReminderRun:
    sent: int = 0
    already: int = 0
    teams: list[int] = field(default_factory=list)


def _deadline_recipients(*, team: Team):
    return (
        Membership.objects.active()
        .filter(team_membership__team=team, role=Role.PARTICIPANT)
        .select_related("user")
        .order_by("user__name", "pk")
    )


def deadline_reminder_key(*, team_id: int, user_id: int, days: int, deadline: dt.datetime) -> str:
    return f"{REMINDER_KIND}:{team_id}:{user_id}:{days}:{deadline.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def _reminder_mail(*, user: User, team: Team, deadline: dt.datetime, days: int) -> EmailMessage:
    context = {
        "user": user,
        "team": team,
        "cohort": team.cohort,
        "deadline": deadline,
        "days": days,
        "url": settings.SITE_URL + reverse("submission_edit", kwargs={"pk": team.cohort_id, "team_pk": team.pk}),
    }
    return personal_email("submissions/emails/deadline", context, user=user, zone=team.cohort.zone)


def build_deadline_reminder(delivery, cache: dict) -> EmailMessage:
    """The builder of the deadline kind: skipped when the team submitted or its deadline moved since."""
    if delivery.object_id not in cache:
        team = (
            Team.objects.select_related("cohort", "cohort__organization", "deadline_extension", "submission")
            .filter(pk=delivery.object_id)
            .first()
        )
        deadline = None
        if team is not None:
            settings_row = SubmissionSettings.objects.filter(cohort_id=team.cohort_id).first()
            extension = team_extension(team)
            deadline = DeadlineState(
                settings_row.deadline if settings_row else None, extension.until if extension else None, timezone.now()
            ).effective
        cache[delivery.object_id] = (team, deadline)
    team, deadline = cache[delivery.object_id]
    if team is None or deadline is None or deadline.isoformat() != delivery.params.get("event_at"):
        raise Skip
    try:
        submitted = team.submission.status == SubmissionStatus.SUBMITTED
    except Submission.DoesNotExist:
        submitted = False
    if submitted:
        raise Skip
    return _reminder_mail(user=delivery.recipient, team=team, deadline=deadline, days=delivery.params["days"])


def deadline_reminders_send(*, now: dt.datetime | None = None) -> ReminderRun:
    """D-3 and D-1 reminders to the members of every team that has not submitted, each mail at least once.

    Queued as shared deliveries (notifications) keyed by kind, team, person, day offset and deadline, then
    sent; a moved deadline is a new event and is reminded of again. Safe to run twice at once (beat firing
    twice, a retried task); a mail that cannot be sent is recorded as failed and the others go on.
    """
    now = now or timezone.now()
    result = ReminderRun()
    horizon = now + dt.timedelta(days=max(REMINDER_DAYS))
    cohorts = SubmissionSettings.objects.filter(deadline__isnull=False).select_related("cohort")
    teams = (
        Team.objects.filter(cohort__in=[s.cohort_id for s in cohorts])
        .exclude(submission__status=SubmissionStatus.SUBMITTED)
        .select_related("cohort", "deadline_extension")
        .order_by("pk")
    )
    deadlines = {s.cohort_id: s.deadline for s in cohorts}
    for team in teams:
        extension = team_extension(team)
        effective = DeadlineState(deadlines[team.cohort_id], extension.until if extension else None, now).effective
        if effective is None or effective > horizon:
            continue
        days = due_offset(deadline=effective, now=now, offsets_days=REMINDER_DAYS)
        if days is None:
            continue
        items = [
            Outgoing(
                key=deadline_reminder_key(team_id=team.pk, user_id=m.user_id, days=days, deadline=effective),
                recipient_id=m.user_id,
                cohort_id=team.cohort_id,
                object_id=team.pk,
                params={"days": days, "event_at": effective.isoformat()},
            )
            for m in _deadline_recipients(team=team)
        ]
        result.already += len(items) - deliveries_enqueue(kind=REMINDER_KIND, items=items)
    sent = deliveries_send(kinds=[REMINDER_KIND])
    result.sent = sent.sent
    result.teams = sorted(set(Delivery.objects.filter(pk__in=sent.sent_ids).values_list("object_id", flat=True)))
    return result


NOTIFICATION_KINDS = (Kind(REMINDER_KIND, label=_("Submission deadline reminder"), build=build_deadline_reminder),)
