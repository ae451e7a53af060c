import os

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from learninggroup.celery import app as celery_app
from learninggroup.models import Role

from .factories import CohortFactory, MembershipFactory, UserFactory

# Property tests check behaviour, not speed: no per-example deadline, so a busy CI machine cannot fail them.
hypothesis_settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("project")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """Fast hashing, an empty cache (rate limits), uploads in a temporary folder, eager tasks unless a test
    starts a worker."""
    settings.MEDIA_ROOT = tmp_path / "media"
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


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the run. Playwright's sync API runs an event loop in this thread, so
    Django's async-safety check is relaxed while it runs (the ORM calls stay synchronous)."""
    from playwright.sync_api import sync_playwright

    from .browser import ARGS, CHROMIUM

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser):
    """Make pages, each in a context of its own (its own cookies: another person)."""
    contexts = []

    def make(locale: str = "en-US"):
        context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
