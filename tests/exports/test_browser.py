"""In a real browser on the demo, with a real Celery worker on the `exports` queue: an organizer starts exports,
watches the progress, gives a reason and downloads the files; each file is read back with an independent reader."""

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from exports.hwpx import read_back
from learninggroup.celery import app as celery_app
from learninggroup.demo import PILOT
from learninggroup.models import Cohort
from tests.browser import BROWSER_MARKS, sign_in

from .conftest import pdf_text, pdf_to_png

pytestmark = [
    *BROWSER_MARKS,
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it to the local Redis)"),
]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "exports"
INTERNAL = "2025 부산시 공무원 AI 경진대회"
MINISTRY = "2025 정부혁신 우수사례 경진대회(행정안전부)"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def exports_worker(transactional_db):
    """A Celery worker in this process consuming the `exports` queue (the page polls while it works)."""
    from celery.contrib.testing.worker import start_worker

    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("exports")
    queues = celery_app.amqp.queues
    consuming = queues._consume_from  # start_worker(queues=…) changes the app's queues for good: restored below
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(
            celery_app, pool="solo", queues=["celery", "exports"], perform_ping_check=False, shutdown_timeout=10
        ):
            yield
    finally:
        celery_app.conf.task_always_eager = True
        queues._consume_from = consuming


def export(page, live_server, cohort, identifier: str, reason: str, shot: str | None = None, contest=None) -> bytes:
    """Start the export from the exports page, wait for the download link, give a reason, download."""
    page.goto(f"{live_server.url}/cohorts/{cohort.pk}/exports/")
    if contest is not None:
        page.locator(f"#contest-{identifier}").select_option(label=contest)
    page.locator(f'button[data-export="{identifier}"]').click()
    page.wait_for_url("**/exports/*/")
    status = page.locator("#job-status")
    status.wait_for()
    if shot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}-progress.png"), full_page=True)
    page.locator("[data-download]").wait_for(timeout=60_000)  # htmx swapped the finished status in
    assert page.locator("#job-status[hx-trigger]").count() == 0  # polling stopped
    if shot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    page.locator("[data-download]").click()
    page.get_by_label("내려받는 사유").fill(reason)
    with page.expect_download() as info:
        page.get_by_role("button", name="내려받기").click()
    return Path(info.value.path()).read_bytes()


def test_an_organizer_exports_and_downloads_from_the_browser(new_page, live_server, demo, exports_worker):
    cohort = Cohort.objects.get(name=PILOT["name"])  # the finished pilot, with its casebook
    page = new_page("ko-KR")
    sign_in(page, live_server, "organizer1@busan.example")

    internal = export(
        page, live_server, cohort, "contest-internal-zip", "내부 심사 기록 보관", shot="bundle", contest=INTERNAL
    )
    with zipfile.ZipFile(io.BytesIO(internal)) as archive:
        names = archive.namelist()
        results = load_workbook(io.BytesIO(archive.read(next(n for n in names if n.endswith(".xlsx")))))
        entry_pdf = archive.read(next(n for n in names if n.endswith(".pdf")))
    assert [ws.title for ws in results.worksheets] == ["출품작", "점수"]
    assert {row[2] for row in list(results.worksheets[1].iter_rows(values_only=True))[1:]} >= {"심사위원 1"}
    assert "출품 번호" in pdf_text(entry_pdf)
    pdf_to_png(entry_pdf, SHOTS / "browser-entry")

    ministry = export(page, live_server, cohort, "contest-ministry-zip", "행안부 제출", contest=MINISTRY)
    with zipfile.ZipFile(io.BytesIO(ministry)) as archive:
        names = archive.namelist()
        forms = [n for n in names if n.endswith(".hwpx")]
        assert len(forms) == 2
        assert "사례명" in read_back(archive.read(forms[0]))
        form_pdf = archive.read(forms[0].removesuffix(".hwpx") + ".pdf")  # the same form as PDF
    assert "참가신청서" in pdf_text(form_pdf)
    pdf_to_png(form_pdf, SHOTS / "browser-ministry-form")

    casebook = export(page, live_server, cohort, "casebook-pdf", "시 누리집 게시", shot="job-done")
    text = pdf_text(casebook)
    assert "인공지능(AI) 실무 활용과 2025 학습성과 사례집" in text and "공정성" in text
    pdf_to_png(casebook, SHOTS / "browser-casebook")

    hwpx = export(page, live_server, cohort, "casebook-hwpx", "사례집 편집")
    assert "학습성과 사례집" in read_back(hwpx)

    certificates = export(page, live_server, cohort, "certificates-pdf", "수료증 배부")
    assert "수료증" in pdf_text(certificates) and "제 2025-AI-0001 호" in pdf_text(certificates)

    attendance = export(page, live_server, cohort, "attendance-xlsx", "출석 확인")
    rows = list(load_workbook(io.BytesIO(attendance)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("이름", "부서", "팀") and len(rows) > 30
    assert zipfile.is_zipfile(io.BytesIO(attendance))

    page.goto(f"{live_server.url}/cohorts/{cohort.pk}/exports/")
    page.screenshot(path=str(SHOTS / "exports-page.png"), full_page=True)
    assert page.get_by_text("완료").count() >= 6


LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# how far the widest element of the page sticks out of the viewport (0 when everything fits)
WIDEST = """() => Math.max(0, ...[...document.querySelectorAll('main *')].map(
    e => e.getBoundingClientRect().right - document.documentElement.clientWidth))"""


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_exports_pages_fit_a_laptop_and_a_phone(browser, live_server, demo, size):
    """The exports page with finished, failed and running jobs, a finished job with missing files, the
    certificate ledger and the 서식 page: nothing sticks out sideways, at 1366 × 900 and at 390 × 844."""
    from django.utils import timezone

    from contests.models import Contest
    from exports.certificates import certificates_issue
    from exports.models import ExportJob, JobStatus

    cohort = Cohort.objects.get(name=PILOT["name"])
    contest = Contest.objects.filter(cohort=cohort).first()
    certificates_issue(cohort=cohort)
    now = timezone.now()
    done = ExportJob.objects.create(
        cohort=cohort,
        exporter="contest-ministry-zip",
        parameters={"contest": contest.pk},
        parameters_key="done",
        status=JobStatus.DONE,
        file="exports/none.zip",
        file_name=f"{contest.name} 제출용.zip",
        file_size=1_234_567_890,
        progress_done=401,
        progress_total=401,
        report={
            "items": 200,
            "missing": ["17. 민원 분류 도우미: 시연 영상 최종본 (수정본) 2025-07-16.mp4"],
            "notes": [],
        },
        expires_at=now + dt.timedelta(days=7),
        finished_at=now,
    )
    ExportJob.objects.create(
        cohort=cohort,
        exporter="certificates-pdf",
        parameters_key="f",
        status=JobStatus.FAILED,
        error="HWPX 문서가 아닙니다.",
    )
    ExportJob.objects.create(
        cohort=cohort, exporter="casebook-pdf", status=JobStatus.RUNNING, progress_done=3, progress_total=7
    )
    context = browser.new_context(locale="ko-KR", viewport=size)
    page = context.new_page()
    try:
        sign_in(page, live_server, "organizer1@busan.example")
        base = f"{live_server.url}/cohorts/{cohort.pk}"
        pages = {
            "list": "/exports/",
            "job": f"/exports/{done.pk}/",
            "ledger": "/certificates/",
            "form": f"/exports/contests/{contest.pk}/form/",
        }
        SHOTS.mkdir(parents=True, exist_ok=True)
        for name, path in pages.items():
            page.goto(base + path)
            page.screenshot(path=str(SHOTS / f"fit-{name}-{size['width']}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
            assert page.evaluate(WIDEST) <= 1, path
    finally:
        context.close()
