import datetime as dt

import pytest

from learninggroup.models import Role

from .factories import KST, SessionFactory


@pytest.fixture
def facilitator(cohort, make_member):
    return make_member(Role.FACILITATOR, cohort, department="스마트시티추진과")


@pytest.fixture
def judge(cohort, make_member):
    return make_member(Role.JUDGE, cohort)


@pytest.fixture
def session(cohort):
    """A Tuesday evening session, 19:00–21:00 KST on 2025-05-13."""
    return SessionFactory(cohort=cohort, number=1, title="오리엔테이션·팀 빌딩")


@pytest.fixture
def at():
    """A moment in KST: at(2025, 5, 13, 19, 5)."""

    def make(*parts):
        return dt.datetime(*parts, tzinfo=KST)

    return make
