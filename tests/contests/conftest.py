import datetime as dt

import pytest
from django.utils import timezone

from contests import services
from contests.models import ContestKind, RoundKind

from .factories import judge, submitted, team_with_members


@pytest.fixture
def teams(cohort):
    departments = [
        ("민원담당관", "교통정책과", "복지정책과"),
        ("환경정책과", "관광진흥과", "세정담당관"),
        ("도시계획과", "문화예술과", "안전정책과"),
    ]
    return [team_with_members(cohort, f"{i}팀", departments[i - 1]) for i in range(1, 4)]


@pytest.fixture
def submissions(teams):
    return [submitted(team) for team, _members in teams]


@pytest.fixture
def judges(cohort):
    return [judge(cohort, department=f"외부{i}") for i in range(3)]


@pytest.fixture
def contest(cohort, organizer):
    return services.contest_create(
        cohort=cohort,
        kind=ContestKind.INTERNAL,
        name="내부 AI 경진대회",
        actor=organizer,
        judging_closes_at=timezone.now() + dt.timedelta(days=7),
    )


@pytest.fixture
def written(contest):
    return contest.rounds.get(kind=RoundKind.WRITTEN)


@pytest.fixture
def entries(contest, submissions, organizer):
    return [services.entry_nominate(contest=contest, submission=s, actor=organizer) for s in submissions]


@pytest.fixture
def judging(contest, written, entries, judges, organizer):
    """The contest judging: three judges on the written round, every judge on every entry, confirmed."""
    for membership in judges:
        services.panel_add(rnd=written, judge=membership)
    services.assignment_run(rnd=written)
    contest = services.contest_set_status(contest=contest, status="open", actor=organizer)
    contest = services.contest_set_status(contest=contest, status="judging", actor=organizer)
    for assignment in written.assignments.all():
        services.assignment_confirm_no_conflict(assignment=assignment, actor=assignment.judge.user)
    return contest
