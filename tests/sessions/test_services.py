"""Services: planning and creating sessions, moving and cancelling, attendance, QR check-in, notes, calendars."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from learninggroup.errors import DomainError
from learninggroup.models import Role
from sessions import checkin, services
from sessions.models import (
    Attendance,
    AttendanceMethod,
    CalendarToken,
    FacilitatorNote,
    NoteVisibility,
    ReminderPreference,
    Session,
    SessionSettings,
    SessionStatus,
)
from sessions.planner import plan_sessions
from tests.factories import CohortFactory, MembershipFactory

from .factories import KST, SessionFactory, TeamFactory

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def pilot_plan(count=10):
    return plan_sessions(
        first_date=dt.date(2025, 5, 1),
        last_date=dt.date(2025, 7, 31),
        weekdays={1, 2},
        count=count,
        start_time=dt.time(19),
        end_time=dt.time(21),
        zone=SEOUL,
        once_a_week=True,
    )


# Planning and creating -----------------------------------------------------------------------


def test_confirming_a_plan_creates_numbered_sessions_with_titles(cohort):
    SessionFactory(cohort=cohort, number=1, starts_at=dt.datetime(2025, 4, 29, 19, tzinfo=KST))

    result = services.sessions_create_from_plan(
        cohort=cohort,
        plan=pilot_plan(3),
        venue="부산광역시청 5층 IT교육장",
        titles=["오리엔테이션·팀 빌딩", "프롬프트 기초"],
    )

    rows = list(Session.objects.filter(cohort=cohort).order_by("number").values_list("number", "title", "starts_at"))
    assert rows[1:] == [
        (2, "오리엔테이션·팀 빌딩", dt.datetime(2025, 5, 7, 10, tzinfo=dt.UTC)),
        (3, "프롬프트 기초", dt.datetime(2025, 5, 13, 10, tzinfo=dt.UTC)),
        (4, "4회차", dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC)),
    ]
    assert [s.venue for s in result.created] == ["부산광역시청 5층 IT교육장"] * 3


def test_confirming_the_same_plan_twice_creates_nothing_new(cohort):
    services.sessions_create_from_plan(cohort=cohort, plan=pilot_plan(3), venue="")

    again = services.sessions_create_from_plan(cohort=cohort, plan=pilot_plan(3), venue="")

    assert (len(again.created), len(again.already_there)) == (0, 3)
    assert Session.objects.filter(cohort=cohort).count() == 3


def test_a_session_ending_before_it_starts_is_refused_by_the_model_and_the_database(cohort):
    start = dt.datetime(2025, 5, 13, 19, tzinfo=KST)

    with pytest.raises(ValidationError) as error:
        services.session_create(
            cohort=cohort, title="특강", kind="lecture", starts_at=start, ends_at=start - dt.timedelta(hours=1)
        )
    assert error.value.message_dict["ends_at"] == ["종료 시각은 시작 시각보다 늦어야 합니다."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(cohort=cohort, number=9, title="x", starts_at=start, ends_at=start)


def test_numbers_are_unique_per_cohort_only(cohort):
    SessionFactory(cohort=cohort, number=1)
    SessionFactory(cohort=CohortFactory(), number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(cohort=cohort, number=1)


def test_a_single_session_is_numbered_after_the_others_with_its_facilitators(cohort, facilitator):
    SessionFactory(cohort=cohort, number=4)
    membership = facilitator.memberships.get()

    session = services.session_create(
        cohort=cohort,
        title="특강: 공공부문 생성형 AI",
        kind="lecture",
        starts_at=dt.datetime(2025, 6, 26, 15, tzinfo=KST),
        ends_at=dt.datetime(2025, 6, 26, 17, tzinfo=KST),
        facilitators=[membership],
    )

    assert (session.number, list(session.facilitators.all())) == (5, [membership])


def test_a_participant_cannot_be_made_a_facilitator_of_a_session(cohort, participant):
    with pytest.raises(DomainError):
        services.session_create(
            cohort=cohort,
            title="x",
            kind="workshop",
            starts_at=dt.datetime(2025, 6, 26, 15, tzinfo=KST),
            ends_at=dt.datetime(2025, 6, 26, 17, tzinfo=KST),
            facilitators=[participant.memberships.get()],
        )


# Moving and cancelling -----------------------------------------------------------------------


def test_moving_a_session_records_the_old_time_and_tells_everyone_expected(
    session, participant, facilitator, django_capture_on_commit_callbacks
):
    session.facilitators.add(facilitator.memberships.get())
    new_start = dt.datetime(2025, 5, 14, 19, tzinfo=KST)

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.session_move(
            session=session,
            starts_at=new_start,
            ends_at=new_start + dt.timedelta(hours=2),
            venue="시청 12층 회의실",
            reason="교육장 공사",
            actor=facilitator,
        )

    assert (moved.status, moved.previous_starts_at, moved.sequence) == (
        SessionStatus.MOVED,
        dt.datetime(2025, 5, 13, 10, tzinfo=dt.UTC),
        1,
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([participant.email, facilitator.email])
    message = next(m for m in mail.outbox if m.to == [participant.email])
    assert message.subject == "[학습모임] [일정 변경] 오리엔테이션·팀 빌딩 → 2025년 5월 14일(수) 19:00–21:00"
    assert "바뀐 일시: 2025년 5월 14일(수) 19:00–21:00" in message.body
    assert "변경 전: 2025년 5월 13일(화) 19:00" in message.body
    assert "사유: 교육장 공사" in message.body
    assert message.attachments[0][0] == "session-1.ics"


def test_moving_to_the_same_time_and_place_is_refused(session):
    with pytest.raises(DomainError):
        services.session_move(
            session=session,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            venue=session.venue,
            reason="",
            actor=None,
        )


def test_cancelling_tells_everyone_once_even_if_the_task_runs_twice(
    session, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, reason="폭우 예보", actor=None)
    services.session_change_notify(session_id=session.pk, change="cancelled")

    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert mail.outbox[0].subject == "[학습모임] [취소] 오리엔테이션·팀 빌딩 (2025년 5월 13일(화) 19:00–21:00)"
    assert b"STATUS:CANCELLED" in mail.outbox[0].attachments[0][1].encode()
    with pytest.raises(DomainError):
        services.session_cancel(session=session, reason="", actor=None)


def test_a_person_who_chose_english_gets_the_change_in_english(
    session, make_member, cohort, django_capture_on_commit_callbacks
):
    english = make_member(Role.PARTICIPANT, cohort)
    english.language = "en"
    english.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, reason="", actor=None)

    assert mail.outbox[0].subject == "[학습모임] Cancelled: 오리엔테이션·팀 빌딩 (Tue, May 13, 2025 19:00–21:00)"
    assert mail.outbox[0].body.startswith("Dear ")


# Attendance ----------------------------------------------------------------------------------


def test_a_facilitator_marks_and_changes_attendance(session, participant, facilitator):
    membership = participant.memberships.get()

    services.attendance_mark(session=session, membership=membership, status="late", actor=facilitator)
    services.attendance_mark(session=session, membership=membership, status="excused", actor=facilitator)

    record = Attendance.objects.get()
    assert (record.status, record.method, record.recorded_by) == ("excused", "manual", facilitator)


def test_attendance_is_refused_for_another_cohorts_member_and_a_cancelled_session(session, facilitator):
    stranger = MembershipFactory(cohort=CohortFactory())
    with pytest.raises(DomainError):
        services.attendance_mark(session=session, membership=stranger, status="present", actor=facilitator)
    session.status = SessionStatus.CANCELLED
    session.save()
    with pytest.raises(DomainError):
        services.attendance_mark(
            session=session, membership=MembershipFactory(cohort=session.cohort), status="present", actor=facilitator
        )
    assert Attendance.objects.count() == 0


def scan(session, user, at, *, token_at=None, rotation=60):
    token = checkin.make_token(session_id=session.pk, now=token_at or at, rotation=rotation)
    return services.attendance_check_in(session=session, user=user, token=token, now=at)


def test_a_scan_before_the_late_threshold_is_present_after_it_late(session, participant, make_member, cohort, at):
    late_one = make_member(Role.PARTICIPANT, cohort)

    early = scan(session, participant, at(2025, 5, 13, 19, 10))
    late = scan(session, late_one, at(2025, 5, 13, 19, 10, 1))

    assert (early.attendance.status, early.attendance.method, early.already) == ("present", "qr", False)
    assert (late.attendance.status, late.already) == ("late", False)


def test_the_late_threshold_is_the_cohorts_setting(session, participant, cohort, at):
    SessionSettings.objects.create(cohort=cohort, late_after_minutes=30)

    assert scan(session, participant, at(2025, 5, 13, 19, 25)).attendance.status == "present"


def test_a_replayed_scan_changes_nothing(session, participant, at):
    first = scan(session, participant, at(2025, 5, 13, 18, 55))

    again = scan(session, participant, at(2025, 5, 13, 19, 40))

    assert again.already is True
    assert again.attendance.recorded_at == first.attendance.recorded_at
    assert list(Attendance.objects.values_list("status", flat=True)) == ["present"]


def test_a_scan_turns_a_premarked_absence_into_presence(session, participant, facilitator, at):
    services.attendance_mark(
        session=session, membership=participant.memberships.get(), status="absent", actor=facilitator
    )

    result = scan(session, participant, at(2025, 5, 13, 19, 2))

    assert (result.already, result.attendance.status, result.attendance.method) == (
        False,
        "present",
        AttendanceMethod.QR,
    )


@pytest.mark.parametrize(
    "moment,code",
    [((2025, 5, 13, 18, 29, 59), "too_early"), ((2025, 5, 13, 21, 0, 1), "ended"), ((2025, 5, 20, 19, 0), "ended")],
)
def test_a_scan_outside_the_session_window_is_refused(session, participant, at, moment, code):
    with pytest.raises(services.CheckInRefused) as refused:
        scan(session, participant, at(*moment))

    assert refused.value.code == code
    assert Attendance.objects.count() == 0


def test_the_window_opens_thirty_minutes_before_and_closes_at_the_end(session, participant, make_member, cohort, at):
    other = make_member(Role.PARTICIPANT, cohort)

    assert scan(session, participant, at(2025, 5, 13, 18, 30)).attendance.status == "present"
    assert scan(session, other, at(2025, 5, 13, 21, 0)).attendance.status == "late"


def test_expired_forged_and_foreign_tokens_are_refused(session, participant, cohort, at):
    other_session = SessionFactory(cohort=cohort, number=2)
    moment = at(2025, 5, 13, 19, 0)
    cases = {
        "expired": checkin.make_token(session_id=session.pk, now=moment - dt.timedelta(minutes=3), rotation=60),
        "forged": "eyJzIjoxLCJ3IjoxfQ:forged:signature",
        "other_session": checkin.make_token(session_id=other_session.pk, now=moment, rotation=60),
    }
    for code, token in cases.items():
        with pytest.raises(services.CheckInRefused) as refused:
            services.attendance_check_in(session=session, user=participant, token=token, now=moment)
        assert refused.value.code == code
    assert Attendance.objects.count() == 0


def test_a_cancelled_session_and_a_non_participant_are_refused(session, facilitator, participant, at):
    with pytest.raises(services.CheckInRefused) as refused:
        scan(session, facilitator, at(2025, 5, 13, 19, 0))
    assert refused.value.code == "not_participant"

    session.status = SessionStatus.CANCELLED
    session.save()
    with pytest.raises(services.CheckInRefused) as refused:
        scan(session, participant, at(2025, 5, 13, 19, 0))
    assert refused.value.code == "cancelled"


def test_a_participant_of_another_cohort_cannot_check_in(session, make_member, at):
    outsider = make_member(Role.PARTICIPANT)

    with pytest.raises(services.CheckInRefused) as refused:
        scan(session, outsider, at(2025, 5, 13, 19, 0))

    assert refused.value.code == "not_participant"


# Notes ---------------------------------------------------------------------------------------


def test_a_note_with_a_script_is_stored_as_written_and_rendered_without_it(session, facilitator):
    note = services.note_create(
        session=session,
        author=facilitator,
        body='좋았습니다 <script>alert("x")</script> **굵게** <a href="javascript:alert(1)">링크</a>',
        visibility=NoteVisibility.COHORT,
    )

    assert "<script>" in note.body
    assert note.body_html == '<p>좋았습니다  <strong>굵게</strong> <a rel="noopener noreferrer">링크</a></p>'


def test_a_team_note_needs_a_team_of_the_same_cohort(session, facilitator):
    with pytest.raises(ValidationError):
        services.note_create(session=session, author=facilitator, body="x", visibility=NoteVisibility.TEAM)
    with pytest.raises(ValidationError):
        services.note_create(
            session=session, author=facilitator, body="x", visibility=NoteVisibility.TEAM, team=TeamFactory()
        )
    assert FacilitatorNote.objects.count() == 0


def test_editing_a_note_renders_it_again(session, facilitator):
    team = TeamFactory(cohort=session.cohort)
    note = services.note_create(session=session, author=facilitator, body="*a*", visibility="facilitators")

    note = services.note_update(note=note, body="**b**", visibility=NoteVisibility.TEAM, team=team)

    assert (note.body_html, note.visibility, note.team) == ("<p><strong>b</strong></p>", "team", team)


# Calendars and preferences -------------------------------------------------------------------


def test_calendar_tokens_are_made_once_and_renewed_on_request(cohort, participant):
    first = services.calendar_token_get_or_create(cohort=cohort, user=participant)
    assert services.calendar_token_get_or_create(cohort=cohort, user=participant) == first
    cohort_token = services.calendar_token_get_or_create(cohort=cohort, user=None)

    renewed = services.calendar_token_reset(cohort=cohort, user=participant)

    assert renewed.pk == first.pk
    assert renewed.token != first.token
    assert len(renewed.token) >= 32
    assert CalendarToken.objects.filter(cohort=cohort, user=None).get() == cohort_token


def test_the_reminder_switch(cohort, participant):
    services.reminder_preference_set(cohort=cohort, user=participant, reminders=False)
    services.reminder_preference_set(cohort=cohort, user=participant, reminders=False)

    assert list(ReminderPreference.objects.values_list("reminders", flat=True)) == [False]


def test_settings_are_saved_with_sorted_offsets(cohort):
    saved = services.session_settings_update(
        cohort=cohort, reminder_offsets=[2, 48], late_after_minutes=5, completion_threshold=70, qr_rotation_seconds=30
    )

    assert (saved.reminder_offsets, saved.late_after_minutes, saved.completion_threshold) == ([48, 2], 5, 70)
