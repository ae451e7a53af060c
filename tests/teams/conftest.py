import itertools

import pytest

from learninggroup.models import Role
from teams.models import FormationStatus, TeamFormation
from tests.factories import MembershipFactory

from .factories import TeamFactory, TeamMembershipFactory

DEPARTMENTS = ["디지털정책과", "민원담당관", "교통정책과", "복지정책과", "환경정책과", "관광진흥과", "세정담당관"]
_department = itertools.count()


@pytest.fixture
def facilitator(cohort, make_member):
    return make_member(Role.FACILITATOR, cohort, department="스마트시티추진과")


@pytest.fixture
def second_facilitator(cohort, make_member):
    return make_member(Role.FACILITATOR, cohort, department="디지털정책과")


@pytest.fixture
def add_participant(cohort):
    """A participant membership in the cohort, departments taking turns unless given."""

    def add(target=None, **kwargs):
        kwargs.setdefault("department", DEPARTMENTS[next(_department) % len(DEPARTMENTS)])
        kwargs.setdefault("ai_level", 3)
        return MembershipFactory(cohort=target or cohort, role=Role.PARTICIPANT, **kwargs)

    return add


@pytest.fixture
def make_team(cohort, add_participant):
    """A team of `size` new participants (or of the given memberships)."""

    def make(size=0, target=None, members=(), **kwargs):
        team = TeamFactory(cohort=target or cohort, **kwargs)
        for membership in members:
            TeamMembershipFactory(team=team, membership=membership)
        for _ in range(size):
            TeamMembershipFactory(team=team, membership=add_participant(target))
        return team

    return make


@pytest.fixture
def finalized(cohort):
    def finalize(target=None):
        return TeamFormation.objects.update_or_create(
            cohort=target or cohort, defaults={"status": FormationStatus.FINALIZED}
        )[0]

    return finalize
