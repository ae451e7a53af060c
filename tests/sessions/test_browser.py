"""In a real browser (Debian's Chromium via Playwright): planning the pilot's sessions, and a QR check-in."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from learninggroup.models import Cohort
from sessions.models import Attendance, Session
from tests.browser import BROWSER_MARKS, sign_in

pytestmark = BROWSER_MARKS


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEMO_PARTS = ["teams.demo", "sessions.demo"]
    call_command("seed_demo", stdout=io.StringIO())
    return Cohort.objects.get()


def test_a_facilitator_plans_the_ten_sessions_skipping_the_holidays(new_page, live_server, demo):
    Session.objects.filter(cohort=demo).delete()  # plan the pilot from scratch
    page = new_page()
    sign_in(page, live_server, "facilitator1@busan.example")
    page.wait_for_url(f"{live_server.url}/cohorts/*/dashboard/")
    page.get_by_role("link", name="세션", exact=True).first.click()
    page.get_by_role("link", name="세션 계획하기").first.click()
    page.wait_for_url(f"{live_server.url}/cohorts/*/sessions/plan/")
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("시작일").fill("2025-05-01")
    page.get_by_label("종료일").fill("2025-07-31")
    page.get_by_label("종료 시각").fill("18:00")
    page.get_by_role("button", name="미리 보기").click()
    page.wait_for_selector("#id_end_time_error")
    assert page.locator("#id_end_time_error").inner_text() == "종료 시각은 시작 시각보다 늦어야 합니다."

    page.get_by_label("종료 시각").fill("21:00")
    page.get_by_label("한 주에 한 번만").check()
    page.get_by_label("제목").fill(
        "오리엔테이션·팀 빌딩\n생성형 AI 프롬프트 기초\n업무 문서 작성과 요약 자동화\n민원 데이터 다루기"
    )
    page.get_by_role("button", name="미리 보기").click()
    page.wait_for_selector("#planner-preview")

    skipped = page.locator("ul.skipped li").all_inner_texts()
    assert skipped == [
        "2025년 5월 6일(화) — 공휴일: 부처님오신날 대체 휴일; 어린이날 대체 휴일",
        "2025년 6월 3일(화) — 공휴일: 대통령 선거일",
    ]
    assert page.locator("table.proposal tbody tr").count() == 10
    assert page.locator("table.proposal tbody tr").nth(4).inner_text().split("\t")[:2] == ["5", "2025년 6월 4일(수)"]
    assert page.evaluate("window.__sameDocument") is True  # the preview came by htmx
    assert Session.objects.filter(cohort=demo).count() == 0

    page.get_by_role("button", name="세션 10개 만들기").click()
    page.wait_for_url(f"{live_server.url}/cohorts/*/sessions/")

    assert page.locator(".message-success").inner_text() == "세션 10개를 만들었습니다."
    assert page.locator("table.session-table tbody tr").count() == 10
    days = [s.starts_at.astimezone(demo.zone).date() for s in Session.objects.filter(cohort=demo).order_by("number")]
    assert days[0] == dt.date(2025, 5, 7) and dt.date(2025, 6, 4) in days
    assert not {dt.date(2025, 5, 5), dt.date(2025, 5, 6), dt.date(2025, 6, 3), dt.date(2025, 6, 6)} & set(days)


def test_a_participant_checks_in_with_the_qr_codes_link(new_page, live_server, demo):
    session = Session.objects.filter(cohort=demo).order_by("number").first()
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        starts_at=now - dt.timedelta(minutes=3), ends_at=now + dt.timedelta(hours=2)
    )
    Attendance.objects.filter(session=session).delete()

    screen = new_page()
    sign_in(screen, live_server, "facilitator1@busan.example")
    screen.wait_for_url(f"{live_server.url}/cohorts/*/dashboard/")
    screen.goto(f"{live_server.url}/cohorts/{demo.pk}/sessions/{session.pk}/qr/")
    assert screen.locator("#qr-code svg").is_visible()
    assert screen.locator(".qr-count").inner_text() == "35명 중 0명 출석"
    check_in_url = screen.locator("#qr-code").get_attribute("data-check-in-url")

    phone = new_page()
    sign_in(phone, live_server, "participant01@busan.example")
    phone.wait_for_url(f"{live_server.url}/cohorts/*/")
    phone.goto(check_in_url)

    assert phone.get_by_role("heading", level=1).inner_text() == "출석 확인: 출석"
    record = Attendance.objects.get(session=session)
    assert (record.membership.user.email, record.status, record.method) == (
        "participant01@busan.example",
        "present",
        "qr",
    )
    # The screen polls by htmx. (expect, not wait_for_function: the CSP forbids the eval that one needs.)
    expect(screen.locator(".qr-count")).to_have_text("35명 중 1명 출석", timeout=12_000)

    phone.goto(check_in_url)
    assert phone.get_by_role("heading", level=1).inner_text() == "이미 출석이 확인되었습니다"
