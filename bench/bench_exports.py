"""Exports: the files organizers hand over, at national scale.

- Ministry entry forms: 1,000 HWPX forms filled into the committed template (the fast path), alone and with
  python-hwpx reading every produced file back (what the export task does); 1,000 one-page entry PDFs with one
  reused Typst compiler.
- The prompt casebook: at least 60 pages of prompts (PDF/A-2b).
- Certificates for a national rollout: 8,500 participants who met the threshold, one PDF/A-2b with a QR code
  each (issuing included: the ledger rows are written in the measured run).
- The attendance matrix of 8,500 people × 10 sessions as XLSX, with the peak memory growth of the process that
  writes it (measured in a forked child: VmHWM after the run minus VmRSS before it).
- The internal contest bundle (when the contests app is present): 200 entries with 1 GB of attachments,
  against a plain `zip -r` of the same files in the same run.

Every file is written to /dev/null-like sinks or a temporary folder that is deleted afterwards. Each row's
label ends with the median CPU time of one run (this process and its children, e.g. `zip`) and the load
average when it was measured: on a shared machine the wall time alone says little.
"""

from __future__ import annotations

import io
import os
import random
import tempfile

from django.utils import timezone

from bench.exports_data import PARAGRAPH, add_sessions, entry_values, make_cohort, peak_memory_growth, timed
from bench.harness import Row
from exports.base import ExportSubject, no_progress
from exports.entryform import pdf_data
from exports.hwpx import DEFAULT_ENTRY_FORM, HwpxTemplate, read_back_quick
from exports.pdf import PdfRenderer
from learninggroup.models import Membership, Organization, Role
from submissions.models import Prompt, Submission
from teams.models import Team, TeamMembership


def bench_hwpx_forms() -> list[Row]:
    template = HwpxTemplate.load(DEFAULT_ENTRY_FORM.read_bytes())
    values = [entry_values(i) for i in range(1000)]

    def fill_all():
        for v in values:
            template.fill_bytes(v)

    def fill_and_read_back():
        for v in values:
            data = template.fill_bytes(v)
            assert v["사례명"] in read_back_quick(data)

    fill, fill_cpu = timed(fill_all, repeat=3)
    checked, checked_cpu = timed(fill_and_read_back, repeat=3, warmup=0)
    return [
        Row(f"Ministry HWPX forms, fast fill ({fill_cpu})", "1,000 forms", fill, target="< 10 s"),
        Row(
            f"Ministry HWPX forms, fill + python-hwpx read-back of each, as the export does ({checked_cpu})",
            "1,000 forms",
            checked,
            target="< 10 s",
        ),
    ]


def bench_entry_pdfs() -> list[Row]:
    values = [entry_values(i) for i in range(1000)]

    def render_all():
        with PdfRenderer("entry.typ") as renderer:
            for v in values:
                renderer.render(pdf_data(v, contest="2025 정부혁신 우수사례 경진대회"))

    timing, cpu = timed(render_all, repeat=3, warmup=1)
    return [Row(f"Entry form PDFs (Typst, reused compiler) ({cpu})", "1,000 one-page PDFs", timing, target="< 30 s")]


def bench_attendance_and_certificates(organization: Organization) -> list[Row]:
    from exports.exporters.attendance import AttendanceXlsx
    from exports.exporters.certificates import CertificatesPdf
    from exports.models import Certificate, CertificateSettings

    cohort, members = make_cohort(organization, participants=8500, name="전국 AI 학습모임")
    add_sessions(cohort, members)
    subject = ExportSubject(cohort=cohort)

    def attendance():
        with tempfile.TemporaryFile() as out:
            AttendanceXlsx().write(subject, out, no_progress)

    growth = peak_memory_growth(attendance)
    timing, cpu = timed(attendance, repeat=3, warmup=0)
    rows = [
        Row(
            f"Attendance XLSX (peak memory growth {growth / 2**20:.0f} MB, target < 300 MB) ({cpu})",
            "8,500 people × 10 sessions",
            timing,
            target="< 20 s",
        )
    ]

    def fresh_ledger():
        Certificate.objects.filter(cohort=cohort).delete()
        CertificateSettings.objects.filter(cohort=cohort).update(last_serial=0)

    def certificates(_):
        with tempfile.TemporaryFile() as out:
            report = CertificatesPdf().write(subject, out, no_progress)
        assert report.items == 8500, report

    fresh_ledger()
    growth = peak_memory_growth(lambda: certificates(None))
    whole, whole_cpu = timed(certificates, repeat=1, warmup=0, setup=fresh_ledger)
    rows.append(
        Row(
            f"Completion certificates PDF/A-2b with QR, issuing included, one worker, one compile "
            f"(peak memory growth {growth / 2**20:.0f} MB) ({whole_cpu})",
            "8,500 certificates",
            whole,
            target="< 60 s",
        )
    )
    keys = CertificatesPdf().plan(subject)[:1000]

    def one_batch():
        with tempfile.TemporaryDirectory() as folder:
            CertificatesPdf().write_part(subject, keys, folder, no_progress)

    batch, batch_cpu = timed(one_batch, repeat=3, warmup=0)
    rows.append(
        Row(
            f"One batch of certificates, what each export worker does when the job is split ({batch_cpu})",
            "1,000 certificates",
            batch,
        )
    )
    return rows


def bench_casebook(organization: Organization) -> list[Row]:
    from pypdf import PdfReader

    from exports.exporters.casebook import CasebookPdf

    teams = 32  # 96 prompts: a casebook of a little over 60 pages
    cohort, members = make_cohort(organization, participants=4 * teams, name="사례집 기수")
    categories = ["민원", "보도자료", "데이터 분석", "번역", "회의록", "기획"]
    rng = random.Random(7)
    now = timezone.now()
    for t in range(teams):
        team = Team.objects.create(cohort=cohort, name=f"{t + 1}팀")
        TeamMembership.objects.bulk_create(TeamMembership(team=team, membership=m) for m in members[t * 4 : t * 4 + 4])
        submission = Submission.objects.create(team=team, cohort=cohort, title=f"시제품 {t + 1}")
        Prompt.objects.bulk_create(
            Prompt(
                submission=submission,
                title=f"{categories[(t + p) % 6]} 프롬프트 {t + 1}-{p + 1}",
                purpose="업무 문서를 빠르고 정확하게 정리",
                text=PARAGRAPH * rng.randint(2, 4) + " 위 내용을 세 줄로 요약하고 담당 부서를 추천해 줘.",
                tool="ChatGPT (GPT-4o)",
                example_input=PARAGRAPH * 2,
                example_output="1. 요약\n2. 담당 부서: 도로관리과\n3. 처리 기한: 7일",
                tips="개인정보는 지우고 넣으세요. 결과는 담당자가 확인합니다.",
                consent_to_publish=True,
                consent_at=now,
                for_casebook=True,
                casebook_category=categories[(t + p) % 6],
            )
            for p in range(3)
        )
    subject = ExportSubject(cohort=cohort)
    out = io.BytesIO()
    CasebookPdf().write(subject, out, no_progress)
    pages = len(PdfReader(io.BytesIO(out.getvalue())).pages)
    assert pages >= 60, pages

    runs = iter(range(1000))

    def casebook():  # a new title each run: Typst would otherwise reuse the previous layout from its cache
        subject.options["title"] = f"인공지능(AI) 실무 활용과 2025 학습성과 사례집 {next(runs)}"
        CasebookPdf().write(subject, io.BytesIO(), no_progress)

    timing, cpu = timed(casebook, repeat=5)
    return [Row(f"Prompt casebook PDF/A-2b ({cpu})", f"{3 * teams} prompts, {pages} pages", timing, target="< 2 s")]


def benchmarks() -> list[Row]:
    """All parts; EXPORTS_BENCH=hwpx,pdf,casebook,people,bundle runs only those."""
    organization = Organization.objects.create(name="벤치마크시", slug="bench-exports")
    parts = {
        "hwpx": bench_hwpx_forms,
        "pdf": bench_entry_pdfs,
        "casebook": lambda: bench_casebook(organization),
        "people": lambda: bench_attendance_and_certificates(organization),
        "bundle": lambda: bench_contest_bundle(organization),
    }
    from django.apps import apps

    try:
        apps.get_model("contests", "Entry")
    except LookupError:  # the contests app has no models yet: no contest bundle to measure
        del parts["bundle"]
    chosen = [p for p in os.environ.get("EXPORTS_BENCH", "").split(",") if p] or list(parts)
    rows = []
    for name in chosen:
        rows += parts[name]()
    return rows


def bench_contest_bundle(organization: Organization) -> list[Row]:
    """200 entries with 1 GB of attachments (5 MB each, incompressible: slides and videos are), the internal
    bundle against `zip -r` of the same files (deflating, as plain zip does) and `zip -r -0` (storing)."""
    import shutil
    import subprocess

    from contests import services as contest_services
    from contests.models import ContestKind
    from exports.exporters.contest import InternalBundle
    from submissions.models import Attachment, SubmissionRevision

    if not shutil.which("zip"):
        return []
    cohort, members = make_cohort(organization, participants=600, name="경진대회 기수")
    organizer = members[0].user
    Membership.objects.filter(pk=members[0].pk).update(role=Role.ORGANIZER)
    contest = contest_services.contest_create(
        cohort=cohort, kind=ContestKind.INTERNAL, name="벤치 경진대회", actor=organizer
    )
    media = default_storage_path()
    folder = os.path.join(media, "bench-attachments")
    os.makedirs(folder, exist_ok=True)
    block = os.urandom(5 * 2**20)
    now = timezone.now()
    try:
        for t in range(200):
            team = Team.objects.create(cohort=cohort, name=f"벤치팀 {t + 1}")
            TeamMembership.objects.bulk_create(
                TeamMembership(team=team, membership=m) for m in members[1 + t * 2 : 3 + t * 2]
            )
            submission = Submission.objects.create(
                team=team, cohort=cohort, title=f"시제품 {t + 1}", status="submitted"
            )
            revision = SubmissionRevision.objects.create(
                submission=submission, number=1, created_at=now, snapshot={"fields": submission.field_values()}
            )
            name = f"bench-attachments/{t:03d}-시연영상.mp4"
            with open(os.path.join(media, name), "wb") as handle:
                handle.write(t.to_bytes(4, "big") + block[4:])
            attachment = Attachment.objects.create(
                submission=submission,
                kind="video",
                file=name,
                original_name=f"시연 영상 {t + 1}.mp4",
                size=len(block),
                sha256="0" * 64,
                content_type="video/mp4",
            )
            revision.attachments.add(attachment)
            contest_services.entry_nominate(contest=contest, submission=submission, actor=organizer)
        subject = ExportSubject(cohort=cohort, contest=contest)
        target = os.path.join(media, "bench-out")
        os.makedirs(target, exist_ok=True)

        runs = iter(range(1000))

        def bundle():  # a new contest name each run (it is in every entry PDF): no layout from Typst's cache
            contest.name = f"벤치 경진대회 {next(runs)}"
            with open(os.path.join(target, "bundle.zip"), "wb") as out:
                report = InternalBundle().write(subject, out, no_progress)
            assert report.items == 200 and not report.missing

        def plain_zip(store: bool):
            def run():
                path = os.path.join(target, "plain.zip")
                if os.path.exists(path):
                    os.remove(path)
                subprocess.run(
                    ["zip", "-q", "-r", *(["-0"] if store else []), path, "bench-attachments"], cwd=media, check=True
                )

            return run

        growth = peak_memory_growth(bundle)
        timing, cpu = timed(bundle, repeat=3)
        deflating, deflating_cpu = timed(plain_zip(False), repeat=2, warmup=0)
        storing, storing_cpu = timed(plain_zip(True), repeat=3, warmup=0)
        what = (
            f"Internal contest bundle ZIP, 200 entry PDFs included (peak memory growth {growth / 2**20:.0f} MB, "
            f"target < 200 MB; aim ratio ≤ 1.0×) ({cpu})"
        )
        size = "200 entries, 1 GB attachments"
        return [
            Row(what, size, timing, baseline=deflating, baseline_name=f"zip -r ({deflating_cpu})"),
            Row(what, size, timing, baseline=storing, baseline_name=f"zip -r -0 ({storing_cpu})"),
        ]
    finally:
        shutil.rmtree(os.path.join(media, "bench-attachments"), ignore_errors=True)
        shutil.rmtree(os.path.join(media, "bench-out"), ignore_errors=True)


def default_storage_path() -> str:
    from django.core.files.storage import default_storage

    return default_storage.path("")
