"""In a real browser: an organizer finds the mails that could not be sent and sends one again."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.core import mail

from learninggroup.models import Role
from notifications.models import Delivery, DeliveryState
from sessions.models import Session
from sessions.services import reminders_send_due
from tests.browser import BROWSER_MARKS, sign_in
from tests.factories import PASSWORD, CohortFactory, MembershipFactory, UserFactory
from tests.sessions.factories import KST, SessionFactory

pytestmark = BROWSER_MARKS


@pytest.fixture
def failures(transactional_db, settings):
    settings.EMAIL_BACKEND = "tests.notifications.smtp_backends.EmailBackend"
    cohort = CohortFactory(name="2025 부산 AI 학습모임")
    organizer = MembershipFactory(
        cohort=cohort, role=Role.ORGANIZER, user=UserFactory(email="organizer1@busan.example", name="정수진")
    ).user
    for email, name in [("refused@busan.example", "김민준"), ("seoyeon@busan.example", "이서연")]:
        MembershipFactory(cohort=cohort, role=Role.PARTICIPANT, user=UserFactory(email=email, name=name))
    start = dt.datetime(2025, 5, 13, 19, 0, tzinfo=KST)
    SessionFactory(cohort=cohort, number=1, title="오리엔테이션", starts_at=start)
    bad = SessionFactory(cohort=cohort, number=2, title="x", starts_at=start + dt.timedelta(days=1))
    Session.objects.filter(pk=bad.pk).update(title="생성형 AI\r\n프롬프트 기초")
    reminders_send_due(now=start - dt.timedelta(hours=1))
    reminders_send_due(now=start + dt.timedelta(minutes=90))  # the second session's 24-hour reminder
    assert Delivery.objects.filter(state=DeliveryState.FAILED).count() == 3
    return cohort, organizer


def test_an_organizer_sees_the_failed_mails_with_reasons_and_sends_one_again(new_page, live_server, failures, tmp_path):
    cohort, organizer = failures
    page = new_page(locale="ko-KR")
    sign_in(page, live_server, organizer.email, PASSWORD)
    page.goto(f"{live_server.url}/cohorts/{cohort.pk}/dashboard/")
    assert page.locator("p.message-error").inner_text().startswith("메일 3건을 보내지 못했습니다.")

    page.get_by_role("link", name="이유 확인 및 다시 보내기").click()
    page.wait_for_url(f"{live_server.url}/cohorts/{cohort.pk}/deliveries/failed/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("보내지 못한 메일")
    rows = page.locator("table tbody tr").all_inner_texts()
    assert len(rows) == 3
    assert sum("SMTPRecipientsRefused" in row for row in rows) == 1
    assert sum("BadHeaderError" in row for row in rows) == 2
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    page.screenshot(path=str(shots / "deliveries-failed.png"), full_page=True)

    refused = page.locator("table tbody tr", has_text="SMTPRecipientsRefused")
    refused.get_by_role("link", name="다시 보내기").click()
    assert page.get_by_role("heading", level=1).inner_text() == "김민준 님에게 메일을 다시 보낼까요?"
    page.screenshot(path=str(shots / "delivery-resend.png"), full_page=True)
    page.get_by_role("button", name="다시 보내기").click()
    page.wait_for_url(f"{live_server.url}/cohorts/{cohort.pk}/deliveries/failed/")
    # still refused by the server: failed again, with its reason, and the page says so
    assert "김민준 님에게 메일을 다시 보내고 있습니다." in page.locator(".messages").inner_text()
    assert page.locator("table tbody tr").count() == 3
    assert [m.to for m in mail.outbox] == [["seoyeon@busan.example"]]  # the first session's, nothing more
