"""Selectors: attendance summaries, the matrix, note visibility, the next session; constant query counts."""

import datetime as dt

import pytest
from django.http import Http404

from learninggroup.models import Role
from sessions import selectors
from sessions.models import NoteVisibility, SessionStatus
from tests.factories import CohortFactory, InvitationFactory, MembershipFactory

from .factories import KST, AttendanceFactory, NoteFactory, SessionFactory, TeamFactory, put_in_team

START = dt.datetime(2025, 5, 13, 19, 0, tzinfo=KST)
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=KST)


def make_sessions(cohort, n):
    return [SessionFactory(cohort=cohort, number=i + 1, starts_at=START + dt.timedelta(weeks=i)) for i in range(n)]


def test_attendance_summary_counts_past_sessions_and_missing_records_as_absent(cohort, participant, make_member):
    sessions = make_sessions(cohort, 5)  # three have ended by NOW, two are to come
    other = make_member(Role.PARTICIPANT, cohort)
    me = participant.memberships.get()
    AttendanceFactory(session=sessions[0], membership=me, status="present")
    AttendanceFactory(session=sessions[1], membership=me, status="late")
    AttendanceFactory(session=sessions[3], membership=me, status="excused")  # in the future: not counted yet
    cancelled = SessionFactory(cohort=cohort, number=9, starts_at=START - dt.timedelta(days=2))
    cancelled.status = SessionStatus.CANCELLED
    cancelled.save()
    AttendanceFactory(session=cancelled, membership=me, status="absent")

    summary = selectors.attendance_summary_for(cohort=cohort, memberships=[me, other.memberships.get()], now=NOW)

    assert summary == {
        me.pk: {"present": 1, "late": 1, "excused": 0, "absent": 1, "sessions": 3, "rate": 66.7},
        other.memberships.get().pk: {"present": 0, "late": 0, "excused": 0, "absent": 3, "sessions": 3, "rate": 0.0},
    }


def test_attendance_summary_before_any_session_is_complete(cohort, participant):
    make_sessions(cohort, 2)
    me = participant.memberships.get()

    assert selectors.attendance_summary_for(cohort=cohort, memberships=[me], now=START)[me.pk]["rate"] == 100.0


def _participants(cohort, n):
    return [MembershipFactory(cohort=cohort, role=Role.PARTICIPANT) for _ in range(n)]


@pytest.mark.parametrize("size", [10, 100])
def test_attendance_summary_runs_two_queries_at_any_size(cohort, size, django_assert_num_queries):
    members = _participants(cohort, size)
    for session in make_sessions(cohort, 3):
        for member in members:
            AttendanceFactory(session=session, membership=member)

    with django_assert_num_queries(2):
        summary = selectors.attendance_summary_for(cohort=cohort, memberships=members, now=NOW)

    assert {entry["rate"] for entry in summary.values()} == {100.0}


@pytest.mark.parametrize("size", [10, 100])
def test_the_matrix_runs_six_queries_at_any_size(cohort, size, django_assert_num_queries):
    members = _participants(cohort, size)
    sessions = make_sessions(cohort, 4)
    for member in members:
        AttendanceFactory(session=sessions[0], membership=member, status="late")

    with django_assert_num_queries(6):
        matrix = selectors.attendance_matrix(cohort=cohort, now=NOW)
        rendered = [(row.membership.user.name, row.membership.department, row.cells) for row in matrix.rows]

    assert len(rendered) == size
    assert rendered[0][2] == ["late", None, None, None]
    assert matrix.rows[0].summary["rate"] == pytest.approx(33.3)


def test_the_matrix_leaves_out_cancelled_sessions_and_other_cohorts(cohort, participant):
    kept, dropped = make_sessions(cohort, 2)
    dropped.status = SessionStatus.CANCELLED
    dropped.save()
    SessionFactory(cohort=CohortFactory(), number=1)

    matrix = selectors.attendance_matrix(cohort=cohort, now=NOW)

    assert (matrix.sessions, [row.membership.user for row in matrix.rows]) == ([kept], [participant])


def test_the_next_session_is_the_running_or_coming_one_not_a_cancelled_one(cohort, participant, time_machine):
    first, second, third = make_sessions(cohort, 3)
    second.status = SessionStatus.CANCELLED
    second.save()

    time_machine.move_to(START + dt.timedelta(hours=1), tick=False)
    assert selectors.session_next_for_user(cohort=cohort, user=participant) == first
    time_machine.move_to(START + dt.timedelta(days=1), tick=False)
    assert selectors.session_next_for_user(cohort=cohort, user=participant) == third
    time_machine.move_to(START + dt.timedelta(weeks=10), tick=False)
    assert selectors.session_next_for_user(cohort=cohort, user=participant) is None


# Notes ---------------------------------------------------------------------------------------


@pytest.fixture
def notes(session, participant, make_member, cohort):
    mine, theirs = TeamFactory(cohort=cohort, name="민원똑똑팀"), TeamFactory(cohort=cohort, name="길잡이팀")
    put_in_team(mine, participant)
    return {
        "cohort": NoteFactory(session=session, visibility=NoteVisibility.COHORT, body="전체 공지"),
        "staff": NoteFactory(session=session, visibility=NoteVisibility.FACILITATORS, body="운영진만"),
        "mine": NoteFactory(session=session, visibility=NoteVisibility.TEAM, team=mine, body="우리 팀"),
        "theirs": NoteFactory(session=session, visibility=NoteVisibility.TEAM, team=theirs, body="다른 팀"),
        "about_mine_staff": NoteFactory(
            session=session, visibility=NoteVisibility.FACILITATORS, team=mine, body="우리 팀에 대한 운영 메모"
        ),
        "teams": (mine, theirs),
    }


def bodies(queryset):
    return sorted(note.body for note in queryset)


def test_a_participant_reads_cohort_notes_and_their_own_teams(session, participant, notes):
    assert bodies(selectors.notes_for_session(session=session, user=participant)) == ["우리 팀", "전체 공지"]


def test_staff_read_every_note(session, facilitator, notes):
    assert len(selectors.notes_for_session(session=session, user=facilitator)) == 5


def test_a_judge_reads_only_cohort_notes(session, judge, notes):
    assert bodies(selectors.notes_for_session(session=session, user=judge)) == ["전체 공지"]


@pytest.mark.parametrize("which", ["staff", "theirs", "about_mine_staff"])
def test_a_note_the_participant_may_not_read_is_404(session, participant, notes, which):
    with pytest.raises(Http404):
        selectors.note_for(session=session, note_pk=notes[which].pk, user=participant)


def test_notes_visible_to_a_team_are_its_team_and_cohort_notes_about_it(session, notes):
    mine, theirs = notes["teams"]
    about_mine_for_all = NoteFactory(session=session, visibility=NoteVisibility.COHORT, team=mine, body="공개 피드백")

    assert list(selectors.notes_visible_to_team(team=mine)) == [about_mine_for_all, notes["mine"]]
    assert list(selectors.notes_visible_to_team(team=theirs)) == [notes["theirs"]]


def test_sessions_before_a_late_joiner_joined_are_not_expected_in_the_rate_and_the_matrix(cohort, make_member):
    sessions = make_sessions(cohort, 3)  # all three have ended by NOW
    late = make_member(Role.PARTICIPANT, cohort).memberships.get()
    late.joined_at = sessions[1].ends_at + dt.timedelta(days=1)  # joined after the second
    late.save()
    AttendanceFactory(session=sessions[2], membership=late, status="present")

    summary = selectors.attendance_summary_for(cohort=cohort, memberships=[late], now=NOW)
    matrix = selectors.attendance_matrix(cohort=cohort, now=NOW)
    _total, outlook = selectors.completion_outlook(cohort=cohort, now=NOW)

    assert summary[late.pk] == {"present": 1, "late": 0, "excused": 0, "absent": 0, "sessions": 1, "rate": 100.0}
    assert matrix.rows[0].cells == [selectors.NOT_EXPECTED, selectors.NOT_EXPECTED, "present"]
    assert outlook[late.pk] == {"attended": 1, "best_rate": 100.0}


def test_someone_whose_invitation_is_pending_is_not_expected_at_a_session(cohort, participant, make_member):
    session = make_sessions(cohort, 1)[0]
    invited = make_member(Role.PARTICIPANT, cohort)
    InvitationFactory(cohort=cohort, user=invited)
    accepted = make_member(Role.PARTICIPANT, cohort)
    InvitationFactory(cohort=cohort, user=accepted, accepted_at=NOW)

    expected = {m.user for m in selectors.expected_memberships(session=session)}

    assert expected == {participant, accepted}
