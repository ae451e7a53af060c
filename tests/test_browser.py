"""In a real browser: Debian's Chromium driven by Playwright (no browser download)."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser import BROWSER_MARKS, sign_in

pytestmark = BROWSER_MARKS


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


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
    # expect, not wait_for_function: the Content-Security-Policy forbids the eval that one needs.
    expect(page.locator("#roster-table tbody tr")).to_have_count(1)

    assert page.locator("#roster-table tbody tr").inner_text().startswith("김민준")
    assert page.evaluate("window.__sameDocument") is True  # htmx swapped the table; no reload
    assert "q=" in page.url


def test_keyboard_user_reaches_the_main_content_by_the_skip_link(page, live_server, demo):
    sign_in(page, live_server, "participant01@busan.example")
    page.wait_for_url(f"{live_server.url}/cohorts/*/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")

    assert focused == "본문 바로가기"
    assert page.evaluate("document.activeElement.id") == "main"
