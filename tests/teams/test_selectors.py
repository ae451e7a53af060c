"""Team selectors: what the pages and the home card read."""

import datetime as dt

from django.urls import reverse

from sessions.models import AttendanceStatus, NoteVisibility
from teams import selectors
from teams.models import Team, TeamMembership
from tests.factories import MembershipFactory
from tests.sessions.factories import AttendanceFactory, NoteFactory, SessionFactory

from .factories import TeamFactory


def test_the_home_card_has_the_team_and_the_teammates_once_final(cohort, participant, make_team, finalized):
    team = make_team(size=3, name="민원똑똑팀")
    me = participant.memberships.get()
    TeamMembership.objects.create(team=team, membership=me)

    before = selectors.team_for_user(cohort=cohort, user=participant)
    finalized()
    after = selectors.team_for_user(cohort=cohort, user=participant)

    assert before is None
    assert after.team == team
    assert sorted(m.pk for m in after.teammates) == sorted(
        team.members.exclude(membership=me).values_list("membership", flat=True)
    )


def test_the_home_card_is_empty_for_someone_in_no_team(cohort, facilitator, make_team, finalized):
    make_team(size=3)
    finalized()

    assert selectors.team_for_user(cohort=cohort, user=facilitator) is None


def test_the_home_card_ignores_other_cohorts(cohort, participant, make_team, finalized, add_participant):
    other = MembershipFactory(user=participant, role="participant")
    foreign = make_team(target=other.cohort, members=[other])
    finalized(other.cohort)
    make_team(size=3)
    finalized()

    assert selectors.team_for_user(cohort=cohort, user=participant) is None
    assert selectors.team_for_user(cohort=other.cohort, user=participant).team == foreign


def test_warnings_name_the_size_and_the_repeated_department(cohort, make_team, add_participant):
    people = [add_participant(department="민원담당관") for _ in range(3)]
    people += [add_participant(department="세정담당관") for _ in range(2)]
    big = make_team(members=people)
    small = make_team(size=1)

    big_team = selectors.team_detail(cohort=cohort, team_pk=big.pk)
    small_team = selectors.team_detail(cohort=cohort, team_pk=small.pk)

    assert big_team.warnings == [
        "인원 초과: 5명입니다(최대 4명).",
        "민원담당관 소속이 3명입니다.",
        "세정담당관 소속이 2명입니다.",
    ]
    assert small_team.warnings == ["인원 부족: 1명입니다(최소 3명)."]


def test_the_summary_counts_teams_people_and_warnings(cohort, make_team, add_participant):
    make_team(size=4)
    make_team(size=2)
    make_team(members=[add_participant(department="같은과"), add_participant(department="같은과"), add_participant()])
    add_participant()
    MembershipFactory(cohort=cohort, role="participant", is_active=False)

    summary = selectors.formation_summary(cohort=cohort)

    assert (summary.teams, summary.placed, summary.unassigned, summary.teams_with_warnings) == (3, 9, 1, 2)


def test_a_foreign_team_is_not_found_through_this_cohort(cohort, make_team):
    foreign = TeamFactory()

    assert selectors.team_detail(cohort=cohort, team_pk=foreign.pk) is None


def test_attendance_and_notes_come_from_the_sessions_app(cohort, make_team):
    team = make_team(size=2)
    first, second = [m.membership for m in team.members.order_by("pk")]
    past = SessionFactory(cohort=cohort, starts_at=dt.datetime(2025, 5, 13, 10, 0, tzinfo=dt.UTC))
    SessionFactory(cohort=cohort, starts_at=dt.datetime(2025, 5, 14, 10, 0, tzinfo=dt.UTC))
    AttendanceFactory(session=past, membership=first, status=AttendanceStatus.LATE)
    visible = NoteFactory(session=past, team=team, visibility=NoteVisibility.TEAM, body="발표 준비")
    NoteFactory(session=past, team=team, visibility=NoteVisibility.FACILITATORS)
    NoteFactory(session=past, team=TeamFactory(cohort=cohort), visibility=NoteVisibility.TEAM)
    detailed = selectors.team_detail(cohort=cohort, team_pk=team.pk)

    attendance = selectors.team_attendance(cohort=cohort, team=detailed)
    notes = selectors.team_notes(team=detailed)

    assert (attendance[first.pk]["late"], attendance[first.pk]["absent"]) == (1, 1)
    assert attendance[second.pk]["absent"] == 2
    assert attendance[first.pk]["rate"] == 50.0
    assert notes == [visible]


def test_the_team_page_shows_attendance_and_the_teams_notes(client, cohort, participant, make_team, finalized):
    team = make_team(size=1)
    me = participant.memberships.get()
    TeamMembership.objects.create(team=team, membership=me)
    session = SessionFactory(cohort=cohort, title="1회차 오리엔테이션")
    AttendanceFactory(session=session, membership=me, status=AttendanceStatus.PRESENT)
    NoteFactory(session=session, team=team, visibility=NoteVisibility.TEAM, body="**발표** 준비")
    finalized()
    client.force_login(participant)

    response = client.get(reverse("team_detail", args=[cohort.pk, team.pk]))

    page = response.content.decode()
    mine = next(r for r in response.context["rows"] if r["membership"] == me)
    assert (mine["attendance"]["present"], mine["attendance_rate"]) == (1, 100)
    assert "출석 1 · 지각 0 · 공결 0 · 결석 0 (100%)" in page
    assert "<strong>발표</strong> 준비" in page
    assert "1회차 오리엔테이션" in page


def test_team_options_list_every_team_in_order(cohort):
    teams = [Team.objects.create(cohort=cohort, name=name) for name in ("나팀", "가팀")]

    assert selectors.team_options(cohort=cohort) == [(t.pk, t.name) for t in teams]


def test_the_team_page_shows_the_submission_status(client, cohort, participant, make_team, finalized):
    from tests.submissions.factories import SubmissionFactory

    started, idle = make_team(size=3), make_team(size=3)
    SubmissionFactory(team=started, title="민원 분류 챗봇")
    finalized()
    client.force_login(participant)

    with_submission = client.get(reverse("team_detail", args=[cohort.pk, started.pk]))
    without = client.get(reverse("team_detail", args=[cohort.pk, idle.pk]))

    assert with_submission.context["submission"]["title"] == "민원 분류 챗봇"
    assert "민원 분류 챗봇" in with_submission.content.decode()
    # another team's draft: shown, but not linked (it would be a 404 for this participant)
    assert reverse("submission_detail", kwargs={"pk": cohort.pk, "team_pk": started.pk}) not in (
        with_submission.content.decode()
    )
    assert without.context["submission"] is None
    assert "아직 제출물 작성을 시작하지 않았습니다." in without.content.decode()
