"""Reminders, exactly once per person and reminder; attendance warnings, once per participant."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from learninggroup.models import Role
from notifications.models import Delivery, DeliveryState
from sessions import services
from sessions.models import (
    AttendanceWarning,
    ReminderPreference,
    SessionSettings,
    SessionStatus,
)
from tests.factories import CohortFactory, MembershipFactory

from .factories import KST, AttendanceFactory, SessionFactory

START = dt.datetime(2025, 5, 13, 19, 0, tzinfo=KST)


def run(at):
    return services.reminders_send_due(now=at)


def test_the_24_hour_reminder_goes_to_participants_and_the_sessions_facilitators(
    session, participant, facilitator, make_member, cohort
):
    session.facilitators.add(facilitator.memberships.get())
    make_member(Role.FACILITATOR, cohort)  # not running this session
    make_member(Role.JUDGE, cohort)

    result = run(START - dt.timedelta(hours=23, minutes=58))

    assert (result.sent, result.already) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([participant.email, facilitator.email])
    message = next(m for m in mail.outbox if m.to == [participant.email])
    assert message.subject == "[학습모임] [세션 안내] 2025년 5월 13일(화) 19:00–21:00 오리엔테이션·팀 빌딩"
    assert "일시: 2025년 5월 13일(화) 19:00–21:00" in message.body
    assert "장소: 시청 5층 IT교육장" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("session-1.ics", "text/calendar; charset=utf-8; method=PUBLISH")
    assert "DTSTART;TZID=Asia/Seoul:20250513T190000" in content
    assert [(d.kind, d.params["offset"], d.state) for d in Delivery.objects.all()] == [
        ("sessions.reminder", 24, DeliveryState.SENT)
    ] * 2
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 2


def test_running_again_sends_nothing_and_the_2_hour_reminder_comes_later(session, participant):
    run(START - dt.timedelta(hours=24))
    run(START - dt.timedelta(hours=20))
    run(START - dt.timedelta(hours=2))

    assert [m.subject.startswith("[학습모임] [세션 안내]") for m in mail.outbox] == [True, True]
    assert sorted(d.params["offset"] for d in Delivery.objects.all()) == [2, 24]


def test_a_session_planned_at_short_notice_gets_only_its_latest_reminder(session, participant):
    run(START - dt.timedelta(minutes=90))

    assert [d.params["offset"] for d in Delivery.objects.all()] == [2]


def test_nothing_is_due_long_before_or_after_the_start(session, participant):
    assert run(START - dt.timedelta(hours=25)).sent == 0
    assert run(START + dt.timedelta(minutes=1)).sent == 0
    assert mail.outbox == []


def test_a_cancelled_session_gets_no_reminder(session, participant):
    session.status = SessionStatus.CANCELLED
    session.save()

    result = run(START - dt.timedelta(hours=2))

    assert (result.sent, mail.outbox) == (0, [])


def test_people_who_switched_reminders_off_get_none(session, participant, make_member, cohort):
    ReminderPreference.objects.create(cohort=cohort, user=participant, reminders=False)
    keen = make_member(Role.PARTICIPANT, cohort)

    run(START - dt.timedelta(hours=2))

    assert [m.to for m in mail.outbox] == [[keen.email]]


def test_inactive_members_and_other_cohorts_get_none(session, participant):
    MembershipFactory(cohort=session.cohort, role=Role.PARTICIPANT, is_active=False)
    MembershipFactory(cohort=CohortFactory(), role=Role.PARTICIPANT)

    run(START - dt.timedelta(hours=2))

    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_the_cohorts_offsets_decide(session, participant, cohort):
    SessionSettings.objects.create(cohort=cohort, reminder_offsets=[48])

    assert run(START - dt.timedelta(hours=30)).sent == 1
    assert run(START - dt.timedelta(hours=2)).sent == 0


def test_a_person_holding_two_roles_gets_one_mail(session, participant):
    membership = MembershipFactory(user=participant, cohort=session.cohort, role=Role.FACILITATOR)
    session.facilitators.add(membership)

    run(START - dt.timedelta(hours=2))

    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_a_moved_session_is_reminded_of_again_at_its_new_time(session, participant, django_capture_on_commit_callbacks):
    run(START - dt.timedelta(hours=2))
    new_start = START + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_move(
            session=session,
            starts_at=new_start,
            ends_at=new_start + dt.timedelta(hours=2),
            venue="",
            reason="",
            actor=None,
        )

    run(new_start - dt.timedelta(hours=2))

    assert [m.subject.split("]")[1] for m in mail.outbox] == [" [세션 안내", " [일정 변경", " [세션 안내"]


def test_english_speakers_get_english_reminders(session, participant):
    participant.language = "en"
    participant.save()

    run(START - dt.timedelta(hours=2))

    assert mail.outbox[0].subject == "[학습모임] Reminder: 오리엔테이션·팀 빌딩, Tue, May 13, 2025 19:00–21:00"
    assert "When: Tue, May 13, 2025 19:00–21:00" in mail.outbox[0].body


def test_a_mail_server_down_for_one_run_is_retried_later_and_nothing_is_lost(
    session, participant, settings, time_machine
):
    time_machine.move_to(START - dt.timedelta(hours=2), tick=False)
    settings.EMAIL_BACKEND = "tests.sessions.failing_backend.EmailBackend"

    down = run(START - dt.timedelta(hours=2))

    delivery = Delivery.objects.get()
    assert (down.sent, delivery.state, delivery.attempts) == (0, DeliveryState.PENDING, 1)
    assert delivery.reason == "OSError: mail server unavailable"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run(START - dt.timedelta(hours=2)).sent == 0  # backing off
    time_machine.move_to(START - dt.timedelta(hours=2) + dt.timedelta(minutes=1), tick=False)
    assert run(START - dt.timedelta(hours=2)).sent == 1
    assert [m.to for m in mail.outbox] == [[participant.email]]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.SENT, 2)


def test_a_claim_left_by_a_dead_worker_is_sent_again_once_its_lease_expired(session, participant, time_machine):
    time_machine.move_to(START - dt.timedelta(hours=2), tick=False)
    run(START - dt.timedelta(hours=2))
    Delivery.objects.update(
        state=DeliveryState.CLAIMED, sent_at=None, lease_until=timezone.now() + dt.timedelta(minutes=10)
    )
    mail.outbox.clear()

    assert run(START - dt.timedelta(hours=2)).sent == 0  # still held by the (dead) run
    time_machine.move_to(START - dt.timedelta(hours=2) + dt.timedelta(minutes=11), tick=False)
    assert run(START - dt.timedelta(hours=2)).sent == 1
    assert Delivery.objects.get().state == DeliveryState.SENT
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_the_command_runs_the_same_service(session, participant, capsys, time_machine):
    time_machine.move_to(START - dt.timedelta(hours=2), tick=False)

    call_command("send_due_reminders")

    assert capsys.readouterr().out == (
        "sent 1, failed 0, skipped 0, deferred 0 e-mails; 0 already queued by an earlier run; 0 attendance warnings\n"
    )
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_the_command_says_how_many_mails_failed_were_skipped_or_deferred(
    session, participant, make_member, cohort, capsys, settings, time_machine
):
    """An operator running it by hand sees what did not go out, not only what did."""
    from notifications.services import Outgoing, deliveries_enqueue

    time_machine.move_to(START - dt.timedelta(hours=2), tick=False)
    settings.EMAIL_BACKEND = "tests.notifications.smtp_backends.EmailBackend"
    make_member(Role.PARTICIPANT, cohort, user__email="refused@busan.example")  # the server answers 550
    make_member(Role.PARTICIPANT, cohort, user__email="greylisted@busan.example")  # 451: later
    deliveries_enqueue(  # a reminder queued for a session deleted since: no longer wanted
        kind="sessions.reminder",
        items=[Outgoing(key="sessions.reminder:gone", recipient_id=participant.pk, object_id=session.pk + 1000)],
    )

    call_command("send_due_reminders")

    captured = capsys.readouterr()
    assert captured.out == (
        "sent 1, failed 1, skipped 1, deferred 1 e-mails; 0 already queued by an earlier run; 0 attendance warnings\n"
    )
    assert "1 e-mails failed" in captured.err
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_the_beat_task_runs_the_service(session, participant, time_machine):
    from sessions.tasks import send_due_reminders

    time_machine.move_to(START - dt.timedelta(hours=2), tick=False)

    assert send_due_reminders.delay().get() == {
        "sent": 1,
        "failed": 0,
        "skipped": 0,
        "deferred": 0,
        "already": 0,
        "warnings": 0,
    }


def test_the_beat_schedule_fires_the_task_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sessions-send-due-reminders"]

    assert (entry["task"], entry["schedule"]) == ("sessions.send_due_reminders", 300.0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks (run with DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_exactly_one_mail_each():
    cohort = CohortFactory()
    people = [MembershipFactory(cohort=cohort, role=Role.PARTICIPANT).user for _ in range(40)]
    session = SessionFactory(cohort=cohort, number=1)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(services.reminders_send_due(now=session.starts_at - dt.timedelta(hours=2)))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert sum(r.sent for r in results) == 40
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 40


# Attendance warnings -------------------------------------------------------------------------


@pytest.fixture
def ten_sessions(cohort):
    return [SessionFactory(cohort=cohort, number=n, starts_at=START + dt.timedelta(weeks=n - 1)) for n in range(1, 11)]


def test_a_participant_who_can_no_longer_reach_80_percent_is_warned_once_with_the_facilitator(
    ten_sessions, participant, facilitator, make_member, cohort
):
    ten_sessions[0].facilitators.add(facilitator.memberships.get())
    steady = make_member(Role.PARTICIPANT, cohort)
    for session in ten_sessions[:3]:
        AttendanceFactory(session=session, membership=steady.memberships.get())
    # the participant missed the first three: at best 7 of 10 = 70 % < 80 %
    after_third = ten_sessions[2].ends_at + dt.timedelta(minutes=5)

    first = services.attendance_warnings_send_due(now=after_third)
    second = services.attendance_warnings_send_due(now=after_third + dt.timedelta(days=7))

    assert (first, second) == (1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([participant.email, facilitator.email])
    to_participant = next(m for m in mail.outbox if m.to == [participant.email])
    assert to_participant.subject.endswith("출석 현황 안내")
    assert "전체 10회 세션 중 지금까지 0회 출석하셨습니다." in to_participant.body
    assert "최대 70%로, 수료 기준인 80%에 미치지 못합니다." in to_participant.body
    warning = AttendanceWarning.objects.get()
    assert (warning.membership.user, warning.best_possible_rate, warning.sent_at is not None) == (
        participant,
        70.0,
        True,
    )


def test_two_absences_of_ten_still_allow_completion(ten_sessions, participant):
    after_second = ten_sessions[1].ends_at + dt.timedelta(minutes=5)

    assert services.attendance_warnings_send_due(now=after_second) == 0


def test_excused_absences_count_as_attended(ten_sessions, participant):
    for session in ten_sessions[:3]:
        AttendanceFactory(session=session, membership=participant.memberships.get(), status="excused")

    assert services.attendance_warnings_send_due(now=ten_sessions[2].ends_at + dt.timedelta(minutes=5)) == 0


def test_the_reminder_run_also_raises_due_warnings(ten_sessions, participant):
    result = services.reminders_send_due(now=ten_sessions[2].ends_at + dt.timedelta(minutes=5))

    assert result.warnings == 1
