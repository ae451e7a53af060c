import os

import pytest
from django.core.cache import cache

from learninggroup.celery import app as celery_app
from learninggroup.models import Role

from .factories import CohortFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    """Fast hashing, an empty cache (rate limits), eager tasks unless a test starts a worker."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager
    cache.clear()


@pytest.fixture
def cohort(db):
    return CohortFactory()


@pytest.fixture
def make_member(db):
    """A user holding `role` in `cohort` (a new cohort when none is given)."""

    def make(role=Role.PARTICIPANT, cohort=None, **kwargs):
        membership = MembershipFactory(role=role, cohort=cohort or CohortFactory(), **kwargs)
        return membership.user

    return make


@pytest.fixture
def organizer(cohort, make_member):
    return make_member(Role.ORGANIZER, cohort, department="디지털정책과")


@pytest.fixture
def participant(cohort, make_member):
    return make_member(Role.PARTICIPANT, cohort, department="민원담당관")


@pytest.fixture
def user(db):
    return UserFactory()


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")
