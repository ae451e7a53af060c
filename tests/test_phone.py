"""On a phone (390 × 844, Debian's Chromium): the pages people use standing in a training room fit the screen
with no sideways scrolling, the header stays small, and taking attendance keeps the focus on the used button."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from contests.demo import INTERNAL_NAME
from contests.models import Contest, JudgeAssignment
from learninggroup.demo import CURRENT_NAME, PILOT
from learninggroup.models import Cohort
from sessions.models import Attendance, Session
from teams.models import TeamMembership
from tests.browser import BROWSER_MARKS, sign_in

pytestmark = BROWSER_MARKS

PHONE = {"width": 390, "height": 844}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# the widest element sticking out of the viewport (0 when everything fits), wrapped tables included
WIDEST = """() => Math.max(0, ...[...document.querySelectorAll('main *')].map(
    e => e.getBoundingClientRect().right - document.documentElement.clientWidth))"""


@pytest.fixture
def current(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    return Cohort.objects.get(name=CURRENT_NAME)


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="ko-KR", viewport=PHONE)
    yield context.new_page()
    context.close()


def fits(page) -> None:
    assert page.evaluate(OVERFLOW) == 0, page.url
    assert page.evaluate(WIDEST) <= 1, page.url
    assert page.locator(".site-header").bounding_box()["height"] <= 100, page.url


def test_a_facilitator_takes_attendance_on_a_phone(phone, live_server, current):
    session = Session.objects.filter(cohort=current, kind="workshop", attendances__isnull=True).order_by("starts_at")[0]
    sign_in(phone, live_server, "facilitator1@busan.example")
    base = f"{live_server.url}/cohorts/{current.pk}"

    for path in ("/dashboard/", "/roster/", f"/sessions/{session.pk}/attendance/", "/"):
        phone.goto(base + path)
        fits(phone)

    phone.goto(f"{base}/sessions/{session.pk}/attendance/")
    phone.get_by_label("이름으로 찾기").fill("김민준")
    assert phone.locator(".attendance-person:visible").count() == 1
    row = phone.locator(".attendance-person:visible")
    row.get_by_role("button", name="지각 김민준").click()
    expect(row.locator(".att-late")).to_be_visible()  # htmx swapped the row in (expect: the CSP forbids eval)

    assert phone.evaluate("document.activeElement.textContent.trim()") == "지각 김민준"
    assert phone.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    assert Attendance.objects.get(session=session, membership__user__email="participant01@busan.example").status == (
        "late"
    )

    # the menu button opens the cohort navigation
    phone.get_by_role("button", name="메뉴").click()
    assert phone.get_by_role("link", name="명단", exact=True).is_visible()


def test_a_participants_home_and_submission_fit_a_phone(phone, live_server, current):
    sign_in(phone, live_server, "participant01@busan.example")
    team = TeamMembership.objects.get(
        membership__cohort=current, membership__user__email="participant01@busan.example"
    ).team
    base = f"{live_server.url}/cohorts/{current.pk}"

    for path in (
        "/",
        "/sessions/",
        "/submissions/",
        f"/submissions/teams/{team.pk}/",
        f"/submissions/teams/{team.pk}/edit/",
    ):
        phone.goto(base + path)
        fits(phone)


def test_a_judges_scoresheet_the_conflicts_and_the_exports_fit_a_phone(phone, live_server, current):
    pilot = Cohort.objects.get(name=PILOT["name"])
    contest = Contest.objects.get(cohort=pilot, name=INTERNAL_NAME)
    sheet = JudgeAssignment.objects.filter(round__contest=contest, judge__user__email="judge1@busan.example")[0]
    base = f"{live_server.url}/cohorts/{pilot.pk}"

    sign_in(phone, live_server, "judge1@busan.example")
    for path in (f"/contests/{contest.pk}/judging/", f"/contests/sheets/{sheet.pk}/"):
        phone.goto(base + path)
        fits(phone)

    phone.context.clear_cookies()
    sign_in(phone, live_server, "organizer1@busan.example")
    for path in (f"/contests/{contest.pk}/conflicts/", "/exports/", "/certificates/", "/settings/emblem/"):
        phone.goto(base + path)
        fits(phone)
