"""The contest bundles, read back with zipfile, openpyxl, python-hwpx and pypdf: entries, every score with
anonymous judges, frozen attachments (missing ones listed), the Ministry forms in HWPX and PDF, hostile text."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from contests import services as contest_services
from contests.models import ContestKind, EntryForm
from exports.base import ExportSubject
from exports.exporters.contest import InternalBundle, MinistryBundle, safe_name
from exports.hwpx import read_back
from submissions.models import Attachment, AttachmentKind

from .conftest import HOSTILE, LONG_KOREAN, LONG_URL, pdf_text


def attach(submission, name: str, data: bytes, kind=AttachmentKind.DOCUMENT) -> Attachment:
    path = default_storage.save(f"submissions/{submission.cohort_id}/{submission.pk}/{name}", ContentFile(data))
    attachment = Attachment.objects.create(
        submission=submission,
        kind=kind,
        file=path,
        original_name=name,
        size=len(data),
        sha256="0" * 64,
        content_type="application/octet-stream",
    )
    revision = submission.revisions.order_by("-number").first()
    revision.attachments.add(attachment)
    return attachment


def score_everything(contest_obj, written_round):
    for n, assignment in enumerate(written_round.assignments.select_related("judge__user").order_by("pk")):
        sheet = contest_services.sheet_for(assignment=assignment)
        values = {c.pk: str(min(int(c.points), 10 + (n % 5))) for c in written_round.criteria.all()}
        comments = {c.pk: "좋습니다 =1+1" for c in written_round.criteria.all()}
        contest_services.sheet_save(
            assignment=assignment,
            values=values,
            comments=comments,
            base_version=sheet.version,
            actor=assignment.judge.user,
        )
        contest_services.sheet_submit(assignment=assignment, actor=assignment.judge.user)


def run(exporter, contest_obj, **options):
    out = io.BytesIO()
    report = exporter.write(
        ExportSubject(cohort=contest_obj.cohort, contest=contest_obj, options=options), out, lambda d, t: None
    )
    return zipfile.ZipFile(io.BytesIO(out.getvalue())), report


@pytest.fixture
def scored(judging, written, entries, submissions):
    first = entries[0]
    first.title = HOSTILE
    first.save(update_fields=["title"])
    attach(submissions[0], "발표자료 최종.pptx", b"PK\x03\x04 slides")
    attach(submissions[0], "시연 화면.png", b"\x89PNG\r\n\x1a\n....")
    gone = attach(submissions[1], "사라진 파일.pdf", b"%PDF-1.7")
    default_storage.delete(gone.file.name)  # in the database, not in storage
    score_everything(judging, written)
    return judging


def test_internal_bundle_has_entries_scores_pdfs_and_frozen_files(scored, entries):
    archive, report = run(InternalBundle(), scored)
    names = archive.namelist()

    folder = safe_name(f"001 {entries[0].team.name}", 50)
    assert f"{folder}/발표자료 최종.pptx" in names and f"{folder}/시연 화면.png" in names
    assert archive.read(f"{folder}/발표자료 최종.pptx") == b"PK\x03\x04 slides"
    assert all(info.flag_bits & 0x800 for info in archive.infolist() if not info.filename.isascii())  # UTF-8
    assert archive.getinfo(f"{folder}/시연 화면.png").compress_type == zipfile.ZIP_STORED
    third = safe_name(f"003 {entries[2].team.name}", 50)
    assert [n for n in names if n.startswith(third + "/")] == [f"{third}/{third}.pdf"]  # no attachments: fine

    pdf = archive.read(f"{folder}/{folder}.pdf")
    assert HOSTILE in pdf_text(pdf).replace("\n", "") and entries[0].team.name in pdf_text(pdf)

    missing = [n for n in names if n.endswith("누락된 파일.txt")]
    assert len(missing) == 1 and "사라진 파일.pdf" in archive.read(missing[0]).decode("utf-8-sig")
    assert report.missing == [f"2. {entries[1].title}: 사라진 파일.pdf"]

    xlsx = next(n for n in names if n.endswith(".xlsx"))
    workbook = load_workbook(io.BytesIO(archive.read(xlsx)))
    entry_rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert entry_rows[0][:6] == ("출품 번호", "팀", "팀원", "부서", "제목", "요약")
    assert entry_rows[1][0] == 1 and entry_rows[1][4] == HOSTILE
    score_rows = list(workbook.worksheets[1].iter_rows(values_only=True))
    judges_shown = {row[2] for row in score_rows[1:]}
    assert judges_shown == {"심사위원 1", "심사위원 2", "심사위원 3"}
    assert len(score_rows) - 1 == 3 * 3 * scored.rounds.get(kind="written").criteria.count()
    assert {row[6] for row in score_rows[1:]} == {"좋습니다 =1+1"}
    with zipfile.ZipFile(io.BytesIO(archive.read(xlsx))) as book:
        assert all(b"<f>" not in book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/"))


def test_the_organizer_may_show_judge_names(scored, judges):
    archive, _report = run(InternalBundle(), scored, judge_names=True)
    xlsx = next(n for n in archive.namelist() if n.endswith(".xlsx"))
    rows = list(load_workbook(io.BytesIO(archive.read(xlsx))).worksheets[1].iter_rows(values_only=True))
    assert {row[2] for row in rows[1:]} == {j.user.name for j in judges}


def test_ministry_bundle_has_hwpx_and_pdf_forms_attachments_and_an_index(cohort, organizer, submissions):
    ministry = contest_services.contest_create(
        cohort=cohort, kind=ContestKind.MINISTRY, name="정부혁신", actor=organizer
    )
    made = [contest_services.entry_nominate(contest=ministry, submission=s, actor=organizer) for s in submissions]
    attach(submissions[0], "발표자료.pptx", b"PK\x03\x04 slides")
    EntryForm.objects.filter(entry=made[0]).update(
        case_name="AI 민원 분류 도우미 😀",
        organization_name="부산광역시",
        department="민원담당관",
        participants="김민준 · 행정7급 · 민원담당관\n이서연 · 행정6급 · 교통정책과",
        contact_phone="051-888-1234",
        content=LONG_KOREAN + " " + LONG_URL,
        ai_usage="ChatGPT로 민원 요약",
        security_measures="개인정보 가림 처리",
        results_before="하루 4시간",
        results_after="하루 1시간",
        spread=HOSTILE,
    )

    archive, report = run(MinistryBundle(), ministry)
    names = archive.namelist()

    hwpx = [n for n in names if n.endswith(".hwpx")]
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(hwpx) == 3 and len(pdfs) == 3
    first_form = sorted(hwpx)[0]
    text = read_back(archive.read(first_form))
    assert "AI 민원 분류 도우미 😀" in text and "부산광역시" in text and HOSTILE in text
    assert "도입 전: 하루 4시간" in text and "[AI 도구·프롬프트·데이터] ChatGPT로 민원 요약" in text
    pdf = pdf_text(archive.read(sorted(pdfs)[0])).replace("\n", "")
    assert "AI 민원 분류 도우미" in pdf and "051-888-1234" in pdf and LONG_KOREAN[:20] in pdf
    assert any(n.endswith("/발표자료.pptx") for n in names)
    index = next(n for n in names if n.endswith(".xlsx"))
    rows = list(load_workbook(io.BytesIO(archive.read(index))).active.iter_rows(values_only=True))
    assert rows[1][:4] == (1, "AI 민원 분류 도우미 😀", "부산광역시", "민원담당관")
    assert report.items == 3 and report.missing == []


def test_a_broken_contest_form_fails_the_job_with_a_korean_reason(cohort, organizer, submissions):
    from exports import services
    from exports.hwpx import HwpxTemplateError
    from exports.models import ContestFormTemplate, JobStatus
    from learninggroup.errors import DomainError

    assert issubclass(HwpxTemplateError, DomainError)
    ministry = contest_services.contest_create(
        cohort=cohort, kind=ContestKind.MINISTRY, name="정부혁신", actor=organizer
    )
    contest_services.entry_nominate(contest=ministry, submission=submissions[0], actor=organizer)
    row = ContestFormTemplate(contest=ministry, original_name="서식.hwpx")
    row.file.save("form.hwpx", ContentFile(b"%PDF-1.7 replaced in storage"), save=True)

    job = services.export_request(
        cohort=cohort, identifier="contest-ministry-zip", parameters={"contest": ministry.pk}, user=organizer
    )
    services.export_run(job_id=job.pk)
    job.refresh_from_db()

    assert job.status == JobStatus.FAILED and not job.file
    assert job.error == "HWPX 문서가 아닙니다 (ZIP 패키지가 아닙니다)."
