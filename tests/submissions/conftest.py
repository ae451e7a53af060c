import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learninggroup.models import Role
from submissions import samples
from tests.factories import MembershipFactory

from .factories import TeamFactory, TeamMembershipFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def join(team, **kwargs):
    """A new participant of the team's cohort, placed in the team; returns the user."""
    membership = MembershipFactory(cohort=team.cohort, role=Role.PARTICIPANT, **kwargs)
    TeamMembershipFactory(team=team, membership=membership)
    return membership.user


@pytest.fixture
def team_a(cohort):
    return TeamFactory(cohort=cohort, name="민원혁신팀", topic="민원 분류 챗봇")


@pytest.fixture
def team_b(cohort):
    return TeamFactory(cohort=cohort, name="스마트안내팀", topic="시 홈페이지 AI 안내")


@pytest.fixture
def member_a(team_a):
    return join(team_a, user__name="김민준")


@pytest.fixture
def teammate_a(team_a):
    return join(team_a, user__name="이서연")


@pytest.fixture
def member_b(team_b):
    return join(team_b, user__name="박지훈")


@pytest.fixture
def facilitator(cohort, make_member):
    return make_member(Role.FACILITATOR, cohort)


@pytest.fixture
def judge(cohort, make_member):
    return make_member(Role.JUDGE, cohort)


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


PDF = samples.pdf(["Prototype overview"])
PNG = samples.chat_screenshot()
PPTX = samples.ooxml("pptx")
