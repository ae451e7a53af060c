"""Deadline reminders: D-3 and D-1 mails to the members of every team that has not submitted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from learninggroup.mail import personal_email
from learninggroup.models import Membership, Role
from sessions.models import ReminderDelivery
from sessions.services.reminders import Mailer, deliver_once
from teams.models import Team

from ..deadlines import DeadlineState, due_offset
from ..models import SubmissionSettings, SubmissionStatus
from ..selectors import team_extension

REMINDER_KIND = "submission_deadline"  # a kind of sessions.ReminderDelivery
REMINDER_DAYS = (3, 1)


@dataclass
class ReminderRun:
    sent: int = 0
    already: int = 0
    teams: list[int] = field(default_factory=list)


def _deadline_recipients(*, team: Team, event_at: dt.datetime, offset_hours: int):
    claimed = ReminderDelivery.objects.filter(
        kind=REMINDER_KIND, object_id=team.pk, membership=OuterRef("pk"), offset_hours=offset_hours, event_at=event_at
    )
    return (
        Membership.objects.active()
        .filter(team_membership__team=team, role=Role.PARTICIPANT)
        .exclude(Exists(claimed))
        .select_related("user")
        .order_by("user__name", "pk")
    )


def _reminder_mail(*, membership: Membership, team: Team, deadline: dt.datetime, days: int) -> EmailMessage:
    context = {
        "user": membership.user,
        "team": team,
        "cohort": team.cohort,
        "deadline": deadline,
        "days": days,
        "url": settings.SITE_URL + reverse("submission_edit", kwargs={"pk": team.cohort_id, "team_pk": team.pk}),
    }
    return personal_email("submissions/emails/deadline", context, user=membership.user, zone=team.cohort.zone)


def deadline_reminders_send(*, now: dt.datetime | None = None) -> ReminderRun:
    """D-3 and D-1 reminders to the members of every team that has not submitted, each mail once.

    Delivered through the sessions app's exactly-once mechanism (`deliver_once`: a delivery row keyed by
    kind, team, person, offset and deadline is claimed before the mail goes out). A moved deadline is a
    new event and is reminded of again. Safe to run twice at once (beat firing twice, a retried task).
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
    with Mailer() as mailer:
        for team in teams:
            extension = team_extension(team)
            effective = DeadlineState(deadlines[team.cohort_id], extension.until if extension else None, now).effective
            if effective is None or effective > horizon:
                continue
            days = due_offset(deadline=effective, now=now, offsets_days=REMINDER_DAYS)
            if days is None:
                continue
            for membership in _deadline_recipients(team=team, event_at=effective, offset_hours=days * 24):
                delivered = deliver_once(
                    mailer,
                    kind=REMINDER_KIND,
                    object_id=team.pk,
                    membership=membership,
                    offset_hours=days * 24,
                    event_at=effective,
                    build=lambda membership=membership, team=team, effective=effective, days=days: _reminder_mail(
                        membership=membership, team=team, deadline=effective, days=days
                    ),
                )
                if not delivered:
                    result.already += 1
                    continue
                result.sent += 1
                if team.pk not in result.teams:
                    result.teams.append(team.pk)
    return result
