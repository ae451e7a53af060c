"""Judging reminders through the shared notifications: when judging opens, and three days and one day before
the judging window closes to judges whose scoresheets are not all submitted. One mail per judge, contest and
occasion (the delivery's key), however often beat fires; a mail no longer wanted when it is sent (the judge
finished, judging closed, the window moved) is skipped."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.mail import personal_email
from notifications.registry import Kind, Skip
from notifications.services import Outgoing, deliveries_enqueue, deliveries_send, deliveries_send_soon

from .models import Contest, ContestStatus, PanelJudge, SheetStatus
from .selectors.judges import live_assignments

JUDGING_REMINDER = "contests.judging_reminder"
DAYS_BEFORE = (3, 1)


def _progress(contest_ids, user_ids=None) -> dict[tuple[int, int], tuple[int, int]]:
    """(contest id, judge's user id) → (submitted, assigned): one query. An entry the judge recused from (or
    has an unresolved conflict with) is not theirs to finish."""
    rows = live_assignments().filter(round__contest_id__in=contest_ids)
    if user_ids is not None:
        rows = rows.filter(judge__user_id__in=user_ids)
    return {
        (row["round__contest_id"], row["judge__user_id"]): (row["done"], row["total"])
        for row in rows.values("round__contest_id", "judge__user_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(sheet__status=SheetStatus.SUBMITTED)))
        .order_by()
    }


def build_judging_reminder(delivery, cache: dict) -> EmailMessage:
    key = ("contest", delivery.object_id)
    if key not in cache:
        cache[key] = Contest.objects.select_related("cohort").filter(pk=delivery.object_id).first()
    contest = cache[key]
    if contest is None or contest.status != ContestStatus.JUDGING:
        raise Skip
    occasion = delivery.params.get("occasion")
    closes = contest.judging_closes_at
    if occasion == "due" and (closes is None or closes.isoformat() != delivery.params.get("closes")):
        raise Skip  # the window moved: the reminder for the new one has its own key
    done, total = _progress([contest.pk], [delivery.recipient_id]).get((contest.pk, delivery.recipient_id), (0, 0))
    if total == 0 or (occasion == "due" and done >= total):
        raise Skip
    context = {
        "user": delivery.recipient,
        "contest": contest,
        "occasion": occasion,
        "days": delivery.params.get("days"),
        "done": done,
        "total": total,
        "closes": closes,
        "url": settings.SITE_URL + reverse("judge_desk", args=[contest.cohort_id, contest.pk]),
    }
    return personal_email("contests/emails/judging", context, user=delivery.recipient, zone=contest.cohort.zone)


def _judges(contest: Contest) -> list[int]:
    return list(
        PanelJudge.objects.filter(round__contest=contest, judge__is_active=True)
        .values_list("judge__user_id", flat=True)
        .distinct()
        .order_by("judge__user_id")
    )


def judging_opened(*, contest_id: int) -> int:
    """Queue "judging is open" for every judge on the contest's panels, then send after the commit."""
    contest = Contest.objects.filter(pk=contest_id).first()
    if contest is None:
        return 0
    with transaction.atomic():
        queued = deliveries_enqueue(
            kind=JUDGING_REMINDER,
            items=[
                Outgoing(
                    key=f"{JUDGING_REMINDER}:{contest.pk}:{user_id}:opened",
                    recipient_id=user_id,
                    cohort_id=contest.cohort_id,
                    object_id=contest.pk,
                    params={"occasion": "opened"},
                )
                for user_id in _judges(contest)
            ],
        )
        deliveries_send_soon(kinds=[JUDGING_REMINDER])
    return queued


def judging_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Queue the D-3 and D-1 reminders due now (the latest one whose time has come) for judges with
    unfinished scoresheets, and send what is due. Returns how many new reminders were queued."""
    now = now or timezone.now()
    contests = list(Contest.objects.filter(status=ContestStatus.JUDGING, judging_closes_at__gt=now))
    progress = _progress([c.pk for c in contests])
    items = []
    for contest in contests:
        due = [days for days in DAYS_BEFORE if contest.judging_closes_at - dt.timedelta(days=days) <= now]
        if not due:
            continue
        days = min(due)
        closes = contest.judging_closes_at
        for user_id in _judges(contest):
            done, total = progress.get((contest.pk, user_id), (0, 0))
            if total and done < total:
                items.append(
                    Outgoing(
                        key=f"{JUDGING_REMINDER}:{contest.pk}:{user_id}:d{days}:{closes:%Y%m%dT%H%M%SZ}",
                        recipient_id=user_id,
                        cohort_id=contest.cohort_id,
                        object_id=contest.pk,
                        params={"occasion": "due", "days": days, "closes": closes.isoformat()},
                    )
                )
    with transaction.atomic():
        queued = deliveries_enqueue(kind=JUDGING_REMINDER, items=items)
    deliveries_send(kinds=[JUDGING_REMINDER])
    return queued


NOTIFICATION_KINDS = (Kind(JUDGING_REMINDER, label=_("Judging reminder"), build=build_judging_reminder),)
