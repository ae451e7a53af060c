import pytest

from learninggroup.models import Role


@pytest.fixture
def facilitator(cohort, make_member):
    return make_member(Role.FACILITATOR, cohort, department="스마트시티추진과")
