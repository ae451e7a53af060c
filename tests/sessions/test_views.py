"""The pages through the test client: what people see, what changes, the htmx fragments, query counts."""

import datetime as dt
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from learninggroup.models import Membership, Role
from sessions import checkin
from sessions.models import (
    Attendance,
    CalendarToken,
    FacilitatorNote,
    NoteVisibility,
    ReminderPreference,
    Session,
    SessionStatus,
)
from tests.factories import CohortFactory, MembershipFactory

from .factories import KST, AttendanceFactory, NoteFactory, SessionFactory, TeamFactory, put_in_team

START = dt.datetime(2025, 5, 13, 19, 0, tzinfo=KST)


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))).strip()


def url(name, cohort, **kwargs):
    return reverse(name, kwargs={"pk": cohort.pk, **kwargs})


# The list and the detail ---------------------------------------------------------------------


def test_a_participant_sees_the_sessions_with_their_own_attendance(client, cohort, participant, time_machine):
    first = SessionFactory(cohort=cohort, number=1, title="오리엔테이션·팀 빌딩")
    SessionFactory(cohort=cohort, number=2, title="프롬프트 기초", starts_at=START + dt.timedelta(days=8))
    AttendanceFactory(session=first, membership=participant.memberships.get(), status="late")
    time_machine.move_to(START + dt.timedelta(days=2), tick=False)
    client.force_login(participant)

    page = text(client.get(url("session_list", cohort)))

    assert "1 5월 13일(화) 19:00–21:00 오리엔테이션·팀 빌딩 시청 5층 IT교육장 지각" in page
    assert "2 5월 21일(수) 19:00–21:00 프롬프트 기초 시청 5층 IT교육장 예정" in page
    assert "세션 계획하기" not in page


def test_staff_see_attendance_counts_and_their_tools(client, cohort, facilitator, participant):
    session = SessionFactory(cohort=cohort, number=1)
    AttendanceFactory(session=session, membership=participant.memberships.get(), status="present")
    client.force_login(facilitator)

    page = text(client.get(url("session_list", cohort)))

    assert "출석 1 · 지각 0 · 공결 0 · 결석 0 출석 입력 · QR" in page
    assert "세션 계획하기" in page


@pytest.mark.parametrize("size", [10, 100])
def test_the_sessions_list_runs_the_same_queries_at_any_size(client, cohort, size, django_assert_num_queries):
    organizer = MembershipFactory(cohort=cohort, role=Role.ORGANIZER).user
    me = MembershipFactory(cohort=cohort, role=Role.PARTICIPANT)
    people = [MembershipFactory(cohort=cohort, role=Role.PARTICIPANT) for _ in range(size)]
    sessions = [SessionFactory(cohort=cohort, number=n, starts_at=START + dt.timedelta(weeks=n)) for n in range(1, 11)]
    for person in people[:10]:
        sessions[0].facilitators.add(MembershipFactory(cohort=cohort, role=Role.FACILITATOR))
        for session in sessions:
            AttendanceFactory(session=session, membership=person)
    AttendanceFactory(session=sessions[0], membership=me)
    client.force_login(organizer)
    with django_assert_num_queries(8):
        assert client.get(url("session_list", cohort)).status_code == 200
    client.force_login(me.user)
    with django_assert_num_queries(10):  # + when they joined
        assert client.get(url("session_list", cohort)).status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_the_session_detail_runs_a_constant_number_of_queries(
    client, cohort, facilitator, participant, session, size, django_assert_num_queries
):
    team = TeamFactory(cohort=cohort)
    put_in_team(team, participant)
    for _ in range(size):
        session.facilitators.add(MembershipFactory(cohort=cohort, role=Role.FACILITATOR))
        NoteFactory(session=session, visibility=NoteVisibility.COHORT)
        NoteFactory(session=session, visibility=NoteVisibility.TEAM, team=team)
        NoteFactory(session=session, visibility=NoteVisibility.FACILITATORS)
    AttendanceFactory(session=session, membership=participant.memberships.get(), status="present")

    client.force_login(participant)
    with django_assert_num_queries(10):
        assert client.get(url("session_detail", cohort, session_pk=session.pk)).status_code == 200
    client.force_login(facilitator)
    with django_assert_num_queries(10):
        assert client.get(url("session_detail", cohort, session_pk=session.pk)).status_code == 200


def test_the_detail_shows_the_sanitized_agenda_and_the_readable_notes(client, cohort, participant, session):
    session.agenda = "- 자기소개\n- <script>alert(1)</script>팀 빌딩"
    session.save()
    team = TeamFactory(cohort=cohort, name="민원똑똑팀")
    put_in_team(team, participant)
    NoteFactory(session=session, visibility=NoteVisibility.COHORT, body="전체 공지입니다")
    NoteFactory(session=session, visibility=NoteVisibility.FACILITATORS, body="운영진 메모")
    NoteFactory(session=session, visibility=NoteVisibility.TEAM, team=team, body="우리 팀 피드백")
    NoteFactory(session=session, visibility=NoteVisibility.TEAM, team=TeamFactory(cohort=cohort), body="다른 팀 피드백")
    client.force_login(participant)

    response = client.get(url("session_detail", cohort, session_pk=session.pk))
    html = response.content.decode()

    assert "<li>자기소개</li>" in html
    assert "<script>alert(1)</script>" not in html
    assert "전체 공지입니다" in html and "우리 팀 피드백" in html
    assert "운영진 메모" not in html and "다른 팀 피드백" not in html
    assert "메모 쓰기" not in html


def test_another_cohorts_session_is_404(client, cohort, participant):
    foreign = SessionFactory(cohort=CohortFactory())
    client.force_login(participant)

    assert client.get(url("session_detail", cohort, session_pk=foreign.pk)).status_code == 404


def test_a_participant_addressing_a_facilitators_note_or_another_teams_note_gets_404(
    client, cohort, participant, session
):
    mine, theirs = TeamFactory(cohort=cohort), TeamFactory(cohort=cohort)
    put_in_team(mine, participant)
    hidden = [
        NoteFactory(session=session, visibility=NoteVisibility.FACILITATORS),
        NoteFactory(session=session, visibility=NoteVisibility.TEAM, team=theirs),
    ]
    own = NoteFactory(session=session, visibility=NoteVisibility.TEAM, team=mine, body="우리 팀만")
    client.force_login(participant)

    for note in hidden:
        assert client.get(url("note_detail", cohort, session_pk=session.pk, note_pk=note.pk)).status_code == 404
    assert "우리 팀만" in text(client.get(url("note_detail", cohort, session_pk=session.pk, note_pk=own.pk)))


def test_the_home_card_shows_the_next_session(client, cohort, participant, time_machine):
    SessionFactory(cohort=cohort, number=3, title="민원 데이터 다루기", venue="부산광역시청 5층 IT교육장")
    time_machine.move_to(START - dt.timedelta(days=1), tick=False)
    client.force_login(participant)

    page = text(client.get(reverse("cohort_home", args=[cohort.pk])))

    assert "다음 세션 3회차 민원 데이터 다루기 5월 13일(화) 19:00–21:00 부산광역시청 5층 IT교육장 출석 체크:" in page
    assert "QR 코드를 휴대전화로 스캔하세요" in page and "전체 세션 보기" in page


# The planner ---------------------------------------------------------------------------------

PILOT = {
    "first_date": "2025-05-01",
    "last_date": "2025-07-31",
    "weekdays": ["1", "2"],
    "count": "10",
    "start_time": "19:00",
    "end_time": "21:00",
    "venue": "부산광역시청 5층 IT교육장",
    "excluded": "",
    "titles": "오리엔테이션·팀 빌딩\n생성형 AI 프롬프트 기초",
}


def plan(client, cohort, htmx=True, **changes):
    data = {**PILOT, **changes}
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "planner"} if htmx else {}
    return client.post(url("session_planner", cohort), data, **headers)


def test_the_planner_starts_from_the_cohorts_dates_tuesday_wednesday_ten_and_19_to_21(client, cohort, facilitator):
    cohort.starts_on, cohort.ends_on, cohort.venue = dt.date(2025, 5, 13), dt.date(2025, 7, 16), "IT교육장"
    cohort.save()
    client.force_login(facilitator)

    html = client.get(url("session_planner", cohort)).content.decode()

    for fragment in (
        'name="first_date" value="2025-05-13"',
        'name="last_date" value="2025-07-16"',
        'name="count" value="10"',
        'name="start_time" value="19:00"',
        'name="end_time" value="21:00"',
        'name="venue" value="IT교육장"',
        'value="1" id="id_weekdays_1" checked',
        'value="2" id="id_weekdays_2" checked',
    ):
        assert fragment in html


def test_the_preview_is_a_fragment_with_dates_and_skipped_holidays_and_creates_nothing(client, cohort, facilitator):
    client.force_login(facilitator)

    response = plan(client, cohort, once_a_week="on")

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="planner"')
    assert "<html" not in html
    page = text(response)
    assert "10회 모두 들어갑니다." in page
    assert "1 2025년 5월 7일(수) 19:00–21:00 오리엔테이션·팀 빌딩" in page
    assert "2 2025년 5월 13일(화) 19:00–21:00 생성형 AI 프롬프트 기초" in page
    assert "3 2025년 5월 20일(화) 19:00–21:00 3회차" in page
    assert "2025년 5월 6일(화) — 공휴일: 부처님오신날 대체 휴일; 어린이날 대체 휴일" in page
    assert "2025년 6월 3일(화) — 공휴일: 대통령 선거일" in page
    assert "세션 10개 만들기" in page
    assert Session.objects.count() == 0


def test_confirming_the_preview_creates_the_sessions(client, cohort, facilitator):
    SessionFactory(cohort=cohort, number=1, starts_at=dt.datetime(2025, 4, 29, 19, tzinfo=KST))
    client.force_login(facilitator)
    digest = re.search(r'name="digest" value="(\w+)"', plan(client, cohort).content.decode()).group(1)

    response = plan(client, cohort, action="confirm", digest=digest)

    assert response.status_code == 200
    assert response["HX-Redirect"] == url("session_list", cohort)
    numbers = list(Session.objects.filter(cohort=cohort).order_by("number").values_list("number", "title"))
    assert numbers[1:4] == [(2, "오리엔테이션·팀 빌딩"), (3, "생성형 AI 프롬프트 기초"), (4, "4회차")]
    assert len(numbers) == 11


def test_confirming_after_changing_the_form_shows_the_new_proposal_instead(client, cohort, facilitator):
    client.force_login(facilitator)
    digest = re.search(r'name="digest" value="(\w+)"', plan(client, cohort).content.decode()).group(1)

    response = plan(client, cohort, action="confirm", digest=digest, count="5")

    assert "미리 본 뒤에 입력 내용이 바뀌었습니다." in text(response)
    assert Session.objects.count() == 0


def test_without_htmx_the_planner_works_as_a_plain_form(client, cohort, facilitator):
    client.force_login(facilitator)
    page = plan(client, cohort, htmx=False)
    digest = re.search(r'name="digest" value="(\w+)"', page.content.decode()).group(1)

    response = plan(client, cohort, htmx=False, action="confirm", digest=digest)

    assert "<html" in page.content.decode()
    assert response.status_code == 302
    assert Session.objects.count() == 10


def test_a_window_with_no_possible_dates_says_so(client, cohort, facilitator):
    client.force_login(facilitator)

    page = text(plan(client, cohort, first_date="2025-06-03", last_date="2025-06-03"))

    assert "가능한 날짜가 없습니다." in page
    assert "2025년 6월 3일(화) — 공휴일: 대통령 선거일" in page
    assert "만들기" not in page


def test_a_count_larger_than_the_window_says_how_many_fit(client, cohort, facilitator):
    client.force_login(facilitator)

    page = text(plan(client, cohort, first_date="2025-06-01", last_date="2025-06-14"))

    assert "이 기간에는 10회 중 3회만 들어갑니다." in page
    assert "세션 3개 만들기" in page


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"end_time": "18:00"}, "종료 시각은 시작 시각보다 늦어야 합니다."),
        ({"end_time": "19:00"}, "종료 시각은 시작 시각보다 늦어야 합니다."),
        ({"last_date": "2025-04-01"}, "종료일은 시작일보다 앞설 수 없습니다."),
        ({"last_date": "2026-06-01"}, "한 번에 1년 이내로 계획하세요."),
        ({"weekdays": []}, "요일을 하나 이상 선택하세요."),
        ({"count": "0"}, "1 이상의 값을 입력해 주세요."),
        ({"excluded": "2025-05-20\n2025-13-01, 내일"}, "날짜가 아닌 값이 있습니다: 2025-13-01, 내일."),
    ],
)
def test_bad_planner_input_gets_a_clear_message(client, cohort, facilitator, changes, message):
    client.force_login(facilitator)

    response = plan(client, cohort, htmx=False, action="confirm", **changes)
    fragment = plan(client, cohort, action="confirm", **changes)

    assert response.status_code == 400
    assert message in text(response)
    assert fragment.status_code == 200  # htmx swaps only 2xx: the fragment shows the message
    assert message in text(fragment)
    assert Session.objects.count() == 0


def test_a_single_session_ending_before_it_starts_is_refused(client, cohort, facilitator):
    client.force_login(facilitator)

    response = client.post(
        url("session_create", cohort),
        {"title": "특강", "kind": "lecture", "date": "2025-06-26", "start_time": "17:00", "end_time": "15:00"},
    )

    assert response.status_code == 400
    assert "종료 시각은 시작 시각보다 늦어야 합니다." in text(response)
    assert Session.objects.count() == 0


def test_the_special_lecture_is_added_as_one_session(client, cohort, facilitator):
    client.force_login(facilitator)

    response = client.post(
        url("session_create", cohort),
        {
            "title": "특강: 공공부문 생성형 AI",
            "kind": "lecture",
            "date": "2025-06-26",
            "start_time": "15:00",
            "end_time": "17:00",
            "venue": "대회의실",
            "facilitators": [facilitator.memberships.get().pk],
        },
    )

    session = Session.objects.get()
    assert response.status_code == 302
    assert (session.kind, session.starts_at, session.number) == (
        "lecture",
        dt.datetime(2025, 6, 26, 6, tzinfo=dt.UTC),
        1,
    )


# Move, cancel, edit, settings ----------------------------------------------------------------


def test_moving_and_cancelling_through_the_pages(
    client, cohort, facilitator, session, participant, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(
            url("session_move", cohort, session_pk=session.pk),
            {
                "date": "2025-05-14",
                "start_time": "19:00",
                "end_time": "21:00",
                "venue": "12층 회의실",
                "reason": "공사",
            },
        )
    unchanged = client.post(
        url("session_move", cohort, session_pk=session.pk),
        {"date": "2025-05-14", "start_time": "19:00", "end_time": "21:00", "venue": "12층 회의실"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(url("session_cancel", cohort, session_pk=session.pk), {"reason": "폭우"})

    session.refresh_from_db()
    assert (moved.status_code, unchanged.status_code, cancelled.status_code) == (302, 400, 302)
    assert "바뀐 내용이 없습니다." in text(unchanged)
    assert (session.status, session.status_note, session.venue) == (SessionStatus.CANCELLED, "폭우", "12층 회의실")
    assert [m.subject.split(" ")[1] for m in mailoutbox] == ["[일정", "[취소]"]
    assert [m.to for m in mailoutbox] == [[participant.email]] * 2


def test_editing_a_session(client, cohort, facilitator, session):
    client.force_login(facilitator)

    response = client.post(
        url("session_edit", cohort, session_pk=session.pk),
        {"title": "오리엔테이션", "kind": "workshop", "venue": "IT교육장", "agenda": "- 안내"},
    )

    session.refresh_from_db()
    assert response.status_code == 302
    assert (session.title, session.agenda, session.sequence) == ("오리엔테이션", "- 안내", 1)


def test_settings_are_validated_and_saved(client, cohort, facilitator):
    client.force_login(facilitator)
    data = {"late_after_minutes": "15", "completion_threshold": "70", "qr_rotation_seconds": "60"}

    bad = client.post(url("session_settings", cohort), {**data, "reminder_offsets": "24, 24"})
    good = client.post(url("session_settings", cohort), {**data, "reminder_offsets": "2, 48"})

    assert bad.status_code == 400
    assert "같은 알림 시각이 두 번 적혀 있습니다." in text(bad)
    assert good.status_code == 302
    assert cohort.session_settings.reminder_offsets == [48, 2]


# Attendance ----------------------------------------------------------------------------------


def mark(client, cohort, session, membership, status, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        url("attendance_mark", cohort, session_pk=session.pk),
        {"membership": membership.pk, "status": status},
        **headers,
    )


def test_one_click_marks_a_person_and_returns_only_their_row_and_the_counts(
    client, cohort, facilitator, session, participant
):
    client.force_login(facilitator)
    membership = participant.memberships.get()

    response = mark(client, cohort, session, membership, "late")

    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="attendance-row-{membership.pk}" class="attendance-person"')
    assert "<html" not in html
    assert 'id="attendance-counts"' in html and 'hx-swap-oob="true"' in html
    assert "출석 0 · 지각 1 · 공결 0 · 결석 0 · 미기록 0" in text(response)
    assert (
        f'id="mark-{membership.pk}-late" name="status" value="late" class="mark mark-late" aria-pressed="true"' in html
    )
    assert Attendance.objects.get().status == "late"


def test_marking_the_rest_absent_leaves_the_records_taken_and_skips_who_joined_later(
    client, cohort, facilitator, session, participant
):
    client.force_login(facilitator)
    present = participant.memberships.get()
    mark(client, cohort, session, present, "present")
    waiting = MembershipFactory(cohort=cohort, role="participant")
    later = MembershipFactory(cohort=cohort, role="participant", joined_at=session.ends_at + dt.timedelta(days=1))

    response = client.post(url("attendance_mark_rest", cohort, session_pk=session.pk), follow=True)

    statuses = dict(Attendance.objects.values_list("membership_id", "status"))
    assert statuses == {present.pk: "present", waiting.pk: "absent"}
    assert later.pk not in statuses and Membership.objects.filter(pk=later.pk).exists()
    assert "미기록 1명을 결석으로 표시했습니다." in text(response)


def test_without_htmx_marking_redirects_back_to_the_sheet(client, cohort, facilitator, session, participant):
    client.force_login(facilitator)

    response = mark(client, cohort, session, participant.memberships.get(), "absent", htmx=False)

    assert response["Location"] == url("attendance_sheet", cohort, session_pk=session.pk)
    assert Attendance.objects.get().status == "absent"


def test_marking_someone_outside_the_cohort_or_a_bad_status_is_refused(client, cohort, facilitator, session):
    client.force_login(facilitator)
    stranger = MembershipFactory(cohort=CohortFactory(), role=Role.PARTICIPANT)

    assert mark(client, cohort, session, stranger, "present").status_code == 404
    assert mark(client, cohort, session, stranger, "asleep").status_code == 400
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("size", [10, 100])
def test_the_attendance_sheet_runs_the_same_queries_at_any_size(
    client, cohort, facilitator, session, size, django_assert_num_queries
):
    for _ in range(size):
        AttendanceFactory(session=session, membership=MembershipFactory(cohort=cohort, role=Role.PARTICIPANT))
    client.force_login(facilitator)

    with django_assert_num_queries(10):
        response = client.get(url("attendance_sheet", cohort, session_pk=session.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 100])
def test_the_matrix_page_runs_the_same_queries_at_any_size(
    client, cohort, facilitator, size, django_assert_num_queries
):
    sessions = [SessionFactory(cohort=cohort, number=n, starts_at=START + dt.timedelta(weeks=n)) for n in range(10)]
    for _ in range(size):
        member = MembershipFactory(cohort=cohort, role=Role.PARTICIPANT)
        AttendanceFactory(session=sessions[0], membership=member, status="excused")
    client.force_login(facilitator)

    with django_assert_num_queries(12):
        response = client.get(url("attendance_matrix", cohort))

    assert response.status_code == 200
    assert response.content.decode().count('class="att att-excused"') == size + 1  # + the legend


def test_the_matrix_downloads_as_xlsx(client, cohort, facilitator, participant, session):
    AttendanceFactory(session=session, membership=participant.memberships.get(), status="present")
    client.force_login(facilitator)

    response = client.get(url("attendance_matrix_xlsx", cohort))

    assert response["Content-Disposition"] == f'attachment; filename="attendance-{cohort.pk}.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][:4] == (participant.name, "민원담당관", None, "출석")


# QR check-in ---------------------------------------------------------------------------------


def qr_check_in_url(client, cohort, session) -> str:
    html = client.get(url("session_qr", cohort, session_pk=session.pk)).content.decode()
    return unescape(re.search(r'data-check-in-url="([^"]+)"', html).group(1))


def test_the_qr_screen_shows_an_svg_code_and_polls_for_the_next_one(client, cohort, facilitator, session, time_machine):
    time_machine.move_to(START, tick=False)
    client.force_login(facilitator)

    page = client.get(url("session_qr", cohort, session_pk=session.pk)).content.decode()
    fragment = client.get(url("session_qr", cohort, session_pk=session.pk), HTTP_HX_REQUEST="true").content.decode()

    assert "<svg" in page and 'hx-trigger="every 5s"' in page
    assert fragment.lstrip().startswith('<section id="qr-code"')
    assert "<html" not in fragment
    assert "0 of 0" not in fragment and "0명 중 0명 출석" in text(
        client.get(url("session_qr", cohort, session_pk=session.pk), HTTP_HX_REQUEST="true")
    )


@pytest.mark.parametrize("size", [3, 40])
def test_the_qr_page_and_its_fragment_run_a_constant_number_of_queries(
    client, cohort, facilitator, session, size, time_machine, django_assert_num_queries
):
    time_machine.move_to(START, tick=False)
    for index in range(size):
        member = MembershipFactory(cohort=cohort, role=Role.PARTICIPANT)
        if index % 2:
            AttendanceFactory(session=session, membership=member, status="present")
    client.force_login(facilitator)

    with django_assert_num_queries(11):
        assert client.get(url("session_qr", cohort, session_pk=session.pk)).status_code == 200
    with django_assert_num_queries(11):
        assert client.get(url("session_qr", cohort, session_pk=session.pk), HTTP_HX_REQUEST="true").status_code == 200


def test_a_participant_opening_the_qr_link_is_marked_present_and_a_replay_changes_nothing(
    client, cohort, facilitator, participant, session, time_machine
):
    time_machine.move_to(START + dt.timedelta(minutes=3), tick=False)
    client.force_login(facilitator)
    link = qr_check_in_url(client, cohort, session)
    client.force_login(participant)
    path = urlsplit(link).path + "?" + urlsplit(link).query

    first = client.get(path)
    time_machine.move_to(START + dt.timedelta(minutes=3, seconds=30), tick=False)
    again = client.get(path)

    assert (first.status_code, again.status_code) == (200, 200)
    assert "출석 확인: 출석" in text(first)
    assert "이미 출석이 확인되었습니다" in text(again)
    record = Attendance.objects.get()
    assert (record.status, record.method, record.recorded_at) == ("present", "qr", START + dt.timedelta(minutes=3))


@pytest.mark.parametrize(
    "case,message",
    [
        ("expired", "출석 코드의 유효 시간이 지났습니다."),
        ("forged", "올바른 출석 코드가 아닙니다."),
        ("other_session", "다른 세션의 코드입니다."),
        ("outside", "세션이 끝나 출석 확인이 마감되었습니다."),
        ("missing", "출석 확인 주소가 완전하지 않습니다."),
    ],
)
def test_bad_check_ins_get_a_clear_message_and_change_nothing(
    client, cohort, participant, session, time_machine, case, message
):
    other = SessionFactory(cohort=cohort, number=2)
    now = START + dt.timedelta(minutes=5)
    tokens = {
        "expired": checkin.make_token(session_id=session.pk, now=now - dt.timedelta(minutes=5), rotation=60),
        "forged": "eyJzIjoxfQ:1uabcd:forgedsignature",
        "other_session": checkin.make_token(session_id=other.pk, now=now, rotation=60),
        "outside": checkin.make_token(session_id=session.pk, now=now + dt.timedelta(hours=3), rotation=60),
        "missing": "",
    }
    time_machine.move_to(now + (dt.timedelta(hours=3) if case == "outside" else dt.timedelta(0)), tick=False)
    client.force_login(participant)

    response = client.get(url("session_check_in", cohort, session_pk=session.pk), {"t": tokens[case]})

    assert response.status_code == 400
    assert message in text(response)
    assert Attendance.objects.count() == 0


def test_scanning_while_signed_out_asks_to_sign_in_and_keeps_the_scan_time(
    client, cohort, participant, session, time_machine
):
    scanned = START + dt.timedelta(minutes=2)
    time_machine.move_to(scanned, tick=False)
    token = checkin.make_token(session_id=session.pk, now=scanned, rotation=60)
    check_in = url("session_check_in", cohort, session_pk=session.pk)

    response = client.get(check_in, {"t": token})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    time_machine.move_to(scanned + dt.timedelta(minutes=6), tick=False)  # signing in took a while
    client.force_login(participant)
    after = client.get(parse_qs(urlsplit(response["Location"]).query)["next"][0])

    assert after.status_code == 200
    record = Attendance.objects.get()
    assert (record.status, record.recorded_at) == ("present", scanned)


def test_a_participant_of_another_cohort_gets_404(client, session, make_member):
    outsider = make_member(Role.PARTICIPANT)
    client.force_login(outsider)
    token = checkin.make_token(session_id=session.pk, now=START, rotation=60)

    assert client.get(url("session_check_in", session.cohort, session_pk=session.pk), {"t": token}).status_code == 404


# Notes ---------------------------------------------------------------------------------------


def test_a_note_with_a_script_is_saved_and_shown_without_it(client, cohort, facilitator, session, participant):
    client.force_login(facilitator)

    response = client.post(
        url("note_create", cohort, session_pk=session.pk),
        {"body": "정리: <script>alert('x')</script>**잘했어요**", "visibility": "cohort"},
    )
    client.force_login(participant)
    html = client.get(url("session_detail", cohort, session_pk=session.pk)).content.decode()

    assert response.status_code == 302
    assert "<strong>잘했어요</strong>" in html
    assert "alert('x')" not in html and "alert(&#x27;x&#x27;)" not in html


def test_a_team_note_without_a_team_is_refused(client, cohort, facilitator, session):
    client.force_login(facilitator)

    response = client.post(url("note_create", cohort, session_pk=session.pk), {"body": "x", "visibility": "team"})

    assert response.status_code == 400
    assert "이 메모를 볼 팀을 선택하세요." in text(response)
    assert FacilitatorNote.objects.count() == 0


def test_editing_and_deleting_a_note(client, cohort, facilitator, session):
    note = NoteFactory(session=session, visibility="facilitators")
    client.force_login(facilitator)

    client.post(
        url("note_edit", cohort, session_pk=session.pk, note_pk=note.pk), {"body": "*고침*", "visibility": "cohort"}
    )
    note.refresh_from_db()
    assert (note.body_html, note.visibility) == ("<p><em>고침</em></p>", "cohort")
    client.post(url("note_delete", cohort, session_pk=session.pk, note_pk=note.pk))
    assert FacilitatorNote.objects.count() == 0


# Calendar and reminders ----------------------------------------------------------------------


def test_the_calendar_page_gives_both_feed_addresses(client, cohort, participant):
    client.force_login(participant)

    html = client.get(url("calendar_links", cohort)).content.decode()

    personal = CalendarToken.objects.get(cohort=cohort, user=participant)
    shared = CalendarToken.objects.get(cohort=cohort, user=None)
    assert f"http://testserver/cohorts/{cohort.pk}/calendar/me/{personal.token}.ics" in html
    assert f"webcal://testserver/cohorts/{cohort.pk}/calendar/{shared.token}.ics" in html
    assert "기수 캘린더 주소 새로 만들기" not in html


def test_renewing_ones_feed_address_and_a_participant_cannot_renew_the_cohorts(client, cohort, participant):
    client.force_login(participant)
    client.get(url("calendar_links", cohort))
    mine, shared = (CalendarToken.objects.get(cohort=cohort, user=u).token for u in (participant, None))

    client.post(url("calendar_reset", cohort), {"feed": "personal"})
    client.post(url("calendar_reset", cohort), {"feed": "cohort"})

    assert CalendarToken.objects.get(cohort=cohort, user=participant).token != mine
    assert CalendarToken.objects.get(cohort=cohort, user=None).token == shared


def test_switching_reminders_off_and_on(client, cohort, participant):
    client.force_login(participant)

    client.post(url("reminder_preference", cohort), {})
    assert ReminderPreference.objects.get().reminders is False
    client.post(url("reminder_preference", cohort), {"reminders": "on"})
    assert ReminderPreference.objects.get().reminders is True
