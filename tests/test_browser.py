"""In a real browser: Debian's Chromium driven by Playwright (no browser download)."""

import io
import os
import shutil

import pytest
from django.core.management import call_command

from learninggroup.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are still synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

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
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="로그인").click()


def test_demo_organizer_signs_in_and_sees_the_dashboard_in_korean(page, live_server, demo):
    sign_in(page, live_server, "organizer1@busan.example")

    page.wait_for_url(f"{live_server.url}/cohorts/*/dashboard/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("heading", level=1).inner_text().startswith("대시보드")
    assert page.locator(".stat").filter(has_text="참여자").locator(".stat-value").inner_text() == "35"
    assert page.locator(".stat").filter(has_text="대기 중인 초대").locator(".stat-value").inner_text() == "3"
    assert page.get_by_role("cell", name="participant33@busan.example").is_visible()


def test_roster_search_updates_the_table_in_place(page, live_server, demo):
    sign_in(page, live_server, "facilitator1@busan.example")
    page.wait_for_url(f"{live_server.url}/cohorts/*/dashboard/")
    page.get_by_role("link", name="명단", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/cohorts/*/roster/")
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("검색").fill("김민준")
    page.wait_for_function("document.querySelectorAll('#roster-table tbody tr').length === 1")

    assert page.locator("#roster-table tbody tr").inner_text().startswith("김민준")
    assert page.evaluate("window.__sameDocument") is True  # htmx swapped the table; no reload
    assert "q=" in page.url


def test_keyboard_user_reaches_the_main_content_by_the_skip_link(page, live_server, demo):
    sign_in(page, live_server, "participant01@busan.example")
    page.wait_for_url(f"{live_server.url}/cohorts/*/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#main'")

    assert focused == "본문 바로가기"
    assert page.evaluate("document.activeElement.id") == "main"
