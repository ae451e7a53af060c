"""Judging reminders through the shared notifications: opened, D-3 and D-1 to unfinished judges, once each."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone

from contests import reminders, services
from contests.models import ConflictKind
from learninggroup.dates import day_time
from notifications.models import Delivery

from .factories import judged_contest


def test_opening_judging_tells_every_judge_once(cohort, organizer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contest, panel = judged_contest(cohort, organizer, entries=2, submit=False)

    opened = Delivery.objects.filter(kind=reminders.JUDGING_REMINDER, params__occasion="opened")
    assert sorted(opened.values_list("recipient_id", flat=True)) == sorted(j.user_id for j in panel)
    assert reminders.judging_opened(contest_id=contest.pk) == 0  # again: nothing new
    subjects = [m.subject for m in mail.outbox if contest.name in m.subject]
    assert len(subjects) == 3 and all("심사가 시작되었습니다" in s for s in subjects)


def test_due_reminders_go_to_unfinished_judges_once_per_occasion(cohort, organizer):
    contest, panel = judged_contest(cohort, organizer, entries=2, submit=False)
    finished = panel[0]
    for assignment in contest.rounds.get(kind="written").assignments.filter(judge=finished):
        services.sheet_submit(assignment=assignment, actor=finished.user)
    closes = contest.judging_closes_at
    mail.outbox.clear()

    assert reminders.judging_reminders_send(now=closes - dt.timedelta(days=4)) == 0
    assert reminders.judging_reminders_send(now=closes - dt.timedelta(days=2, hours=23)) == 2
    assert reminders.judging_reminders_send(now=closes - dt.timedelta(days=2, hours=20)) == 0
    assert reminders.judging_reminders_send(now=closes - dt.timedelta(hours=12)) == 2

    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([panel[1].user.email, panel[2].user.email] * 2)
    assert "심사표 2개 중 0개를 제출했습니다" in mail.outbox[0].body
    # The deadline in the cohort's zone and the one date style of the pages, never an ISO date.
    when = day_time(closes.astimezone(ZoneInfo(cohort.time_zone)))
    assert f"심사 마감: {when}." in mail.outbox[0].body
    assert not re.search(r"\d{4}-\d{2}-\d{2}", mail.outbox[0].body)


def test_a_reminder_for_a_judge_who_finished_meanwhile_is_skipped(cohort, organizer):
    contest, panel = judged_contest(cohort, organizer, entries=1, submit=False)
    closes = contest.judging_closes_at
    Delivery.objects.all().delete()
    mail.outbox.clear()
    from notifications.services import Outgoing, deliveries_enqueue, deliveries_send

    deliveries_enqueue(
        kind=reminders.JUDGING_REMINDER,
        items=[
            Outgoing(
                key="test-late",
                recipient_id=panel[0].user_id,
                cohort_id=cohort.pk,
                object_id=contest.pk,
                params={"occasion": "due", "days": 1, "closes": closes.isoformat()},
            )
        ],
    )
    assignment = contest.rounds.get(kind="written").assignments.get(judge=panel[0])
    services.sheet_submit(assignment=assignment, actor=panel[0].user)

    deliveries_send(kinds=[reminders.JUDGING_REMINDER])

    assert Delivery.objects.get(key="test-late").state == "skipped"
    assert mail.outbox == []
    assert timezone.now() < closes


def test_a_judge_who_recused_from_an_entry_and_finished_the_rest_is_not_reminded(cohort, organizer):
    contest, panel = judged_contest(cohort, organizer, entries=2, submit=False)
    judge = panel[0]
    first, second = contest.rounds.get(kind="written").assignments.filter(judge=judge).order_by("entry__number")
    services.assignment_recuse(assignment=first, actor=judge.user, kind=ConflictKind.OTHER, reason="전 부서 동료")
    services.sheet_submit(assignment=second, actor=judge.user)
    closes = contest.judging_closes_at
    mail.outbox.clear()

    reminders.judging_reminders_send(now=closes - dt.timedelta(days=2, hours=23))

    recipients = {address for m in mail.outbox for address in m.to}
    assert judge.user.email not in recipients
    assert {panel[1].user.email, panel[2].user.email} <= recipients
