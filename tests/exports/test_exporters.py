"""Each exporter writes a file that an independent reader opens: openpyxl and zipfile for XLSX, pypdf for PDF
text, python-hwpx for HWPX. A page of each PDF goes to PNG under test-results/exports/ to be looked at."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exports.base import ExportSubject, no_progress
from exports.certificates import certificate_revoke
from exports.exporters.attendance import AttendanceXlsx, SignInSheetPdf
from exports.exporters.casebook import CasebookHwpx, CasebookMarkdown, CasebookPdf
from exports.exporters.certificates import CertificateLedgerXlsx, CertificatesPdf
from exports.hwpx import read_back
from exports.models import Certificate

from .conftest import HOSTILE, LONG_KOREAN, pdf_pages, pdf_text, pdf_to_png

PNG_DIR = Path(__file__).resolve().parents[2] / "test-results" / "exports"


def run(exporter, cohort, **options):
    out = io.BytesIO()
    calls = []
    report = exporter.write(ExportSubject(cohort=cohort, options=options), out, lambda d, t: calls.append((d, t)))
    return out.getvalue(), report, calls


def look(data: bytes, name: str) -> None:
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    pdf_to_png(data, PNG_DIR / name)
    assert (PNG_DIR / f"{name}.png").stat().st_size > 1000


def no_formula_cells(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return all(
            b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_attendance_xlsx_has_the_matrix_and_keeps_hostile_text_as_text(attended_cohort):
    cohort, people = attended_cohort
    people["박지훈"].department = "+SUM(1)"
    people["박지훈"].save()

    data, report, calls = run(AttendanceXlsx(), cohort)

    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(data)).active.iter_rows()]
    assert rows[2][:3] == ["김민준", "디지털정책과", None]
    assert rows[2][-1] == 100
    assert ["박지훈", "+SUM(1)"] == rows[3][:2]
    assert no_formula_cells(data)
    assert report.items == 3
    assert calls[-1] == (3, 3)


def test_sign_in_sheet_lists_names_departments_and_a_column_per_session(attended_cohort):
    cohort, _people = attended_cohort

    data, report, _calls = run(SignInSheetPdf(), cohort)

    text = pdf_text(data)
    assert "김민준" in text and "민원담당관" in text and "교통정책과" in text
    assert "1. 2025년 5월 13일(화)" in text and "2. 2025년 5월 14일(수)" in text  # not this year: with the year
    assert report.items == 3
    look(data, "signin")


def test_casebook_pdf_has_cover_contents_prompts_checklist_and_no_contact_details(casebook_cohort):
    cohort, member = casebook_cohort

    data, report, _calls = run(CasebookPdf(), cohort)

    text = pdf_text(data)
    assert "인공지능(AI) 실무 활용과 2025 학습성과 사례집" in text
    assert "목차" in text
    assert "민원 세 줄 요약" in text and "민원혁신팀" in text and "민원담당관" in text
    assert "공정성" in text and "신뢰성" in text and "보안" in text
    assert "선정되지 않은 프롬프트" not in text
    assert "010-1234-5678" not in text and member.user.email not in text and member.user.name not in text
    assert HOSTILE in text.replace("\n", "")
    assert report.items == 2
    assert b"pdfaid:part" in data  # PDF/A metadata
    look(data, "casebook")


def test_long_korean_prompt_and_url_wrap_inside_the_page(casebook_cohort):
    """No overflow: every text line of the page lies within the A4 width (595 pt) minus the margins."""
    cohort, _member = casebook_cohort
    data, _report, _calls = run(CasebookPdf(), cohort)
    from pypdf import PdfReader

    widest = 0.0
    for page in PdfReader(io.BytesIO(data)).pages:
        positions = []

        def visit(text, cm, tm, font, size, positions=positions):
            if text.strip():
                positions.append(tm[4] * cm[0] + cm[4])

        page.extract_text(visitor_text=visit)
        widest = max([widest, *positions])
    assert widest < 595 - 56  # starts of runs stay left of the right margin (2 cm)
    assert LONG_KOREAN[:10] in pdf_text(data).replace("\n", "")


def test_casebook_hwpx_opens_in_python_hwpx_with_the_korean_text(casebook_cohort):
    cohort, _member = casebook_cohort

    data, report, _calls = run(CasebookHwpx(), cohort)

    text = read_back(data)
    assert "인공지능(AI) 실무 활용과 2025 학습성과 사례집" in text
    assert "민원 세 줄 요약" in text and HOSTILE in text and "공정성" in text
    assert report.items == 2


def test_casebook_markdown_escapes_what_the_writers_typed(casebook_cohort):
    cohort, _member = casebook_cohort

    data, _report, _calls = run(CasebookMarkdown(), cohort)

    text = data.decode("utf-8")
    assert text.startswith("# 인공지능(AI) 실무 활용과 2025 학습성과 사례집\n")
    assert "## 민원\n" in text and "### 민원 세 줄 요약\n" in text
    assert "\\<태그\\>" in text and "<태그>" not in text.replace("\\<태그\\>", "")
    assert "- [ ] 개인정보(성명·주민등록번호·연락처 등)와 민감정보를 입력하지 않았다." in text


def test_certificates_go_to_those_who_met_the_threshold_with_a_number_and_qr(attended_cohort, settings):
    cohort, _people = attended_cohort
    settings.SITE_URL = "https://lg.example"

    data, report, _calls = run(CertificatesPdf(), cohort)

    text = pdf_text(data)
    assert report.items == 1  # 김민준 only: 이서연 50 %, 박지훈 0 % under the 80 % threshold
    assert "김민준" in text and "이서연" not in text
    assert "성명" in text and "이름" not in text
    assert "제 2025-AI-0001 호" in text
    assert "2025. 5. 13. ~ 2025. 7. 16." in text
    assert "20시간 (출석 2/2회)" in text
    assert "https://lg.example/certificates/verify/" in text.replace("\n", "")
    assert pdf_pages(data) == 1
    assert b"pdfaid:part" in data
    look(data, "certificate")


def test_certificate_numbers_are_never_reused(attended_cohort):
    cohort, _people = attended_cohort
    run(CertificatesPdf(), cohort)
    first = Certificate.objects.get()
    certificate_revoke(certificate=first, user=None, reason="착오 발급")

    run(CertificatesPdf(), cohort)

    ledger = [(c.number, c.is_valid) for c in Certificate.objects.order_by("serial")]
    assert ledger == [("2025-AI-0001", False), ("2025-AI-0002", True)]


def test_certificate_ledger_xlsx(attended_cohort):
    cohort, _people = attended_cohort
    run(CertificatesPdf(), cohort)

    data, _report, _calls = run(CertificateLedgerXlsx(), cohort)

    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(data)).active.iter_rows()]
    assert rows[0][:2] == ["발급번호", "성명"]  # as on the certificate (the issue says 성명)
    assert rows[1][0] == "2025-AI-0001" and rows[1][1] == "김민준"
    assert no_formula_cells(data)


@pytest.mark.parametrize("exporter", [CertificatesPdf, SignInSheetPdf, CasebookPdf])
def test_an_empty_cohort_still_gets_a_readable_pdf(cohort, exporter):
    data, _report, _calls = run(exporter(), cohort)
    assert data.startswith(b"%PDF") and pdf_pages(data) >= 1
    assert re.search(r"\S", pdf_text(data))


def test_no_progress_accepts_anything():
    assert no_progress(1, 2) is None


def test_certificate_prints_the_uploaded_seal_and_the_issuer(attended_cohort):
    from django.core.files.base import ContentFile

    from exports.models import CertificateSettings

    from .conftest import seal_png

    cohort, _people = attended_cohort
    row, _created = CertificateSettings.objects.get_or_create(cohort=cohort)
    row.issuer_title = "부산광역시장"
    row.course_name = "공무원 인공지능(AI) 학습모임"
    row.seal.save("seal.png", ContentFile(seal_png()))

    data, _report, _calls = run(CertificatesPdf(), cohort)

    text = pdf_text(data)
    assert "부산광역시장" in text and "「공무원 인공지능(AI) 학습모임」" in text
    assert b"/Subtype /Image" in data or b"/Subtype/Image" in data
    look(data, "certificate-seal")
