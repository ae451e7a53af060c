import datetime as dt

import factory

from learninggroup.models import Role
from sessions.markup import render_markdown
from sessions.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    FacilitatorNote,
    NoteVisibility,
    Session,
    SessionKind,
)
from teams.models import Team, TeamMembership
from tests.factories import CohortFactory, MembershipFactory

KST = dt.timezone(dt.timedelta(hours=9))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"{n + 1}회차 세션")
    kind = SessionKind.WORKSHOP
    starts_at = dt.datetime(2025, 5, 13, 19, 0, tzinfo=KST)
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=2))
    venue = "시청 5층 IT교육장"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    membership = factory.SubFactory(MembershipFactory, cohort=factory.SelfAttribute("..session.cohort"))
    status = AttendanceStatus.PRESENT
    method = AttendanceMethod.MANUAL
    recorded_at = factory.LazyAttribute(lambda a: a.session.starts_at)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"{n}팀")


def put_in_team(team: Team, user) -> None:
    membership = user.memberships.get(cohort=team.cohort, role=Role.PARTICIPANT)
    TeamMembership.objects.create(team=team, membership=membership)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacilitatorNote

    session = factory.SubFactory(SessionFactory)
    body = "오늘 **실습** 정리"
    body_html = factory.LazyAttribute(lambda n: render_markdown(n.body))
    visibility = NoteVisibility.COHORT
