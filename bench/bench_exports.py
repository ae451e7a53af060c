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

import datetime as dt
import io
import os
import random
import tempfile

from allauth.account.models import EmailAddress
from django.db import connections
from django.utils import timezone

from bench.harness import Row, Timing, measure
from exports.base import ExportSubject, no_progress
from exports.entryform import pdf_data
from exports.hwpx import DEFAULT_ENTRY_FORM, HwpxTemplate, read_back_quick
from exports.pdf import PdfRenderer
from learninggroup.models import Cohort, Membership, Organization, Role, User
from sessions.models import Attendance, AttendanceMethod, Session, SessionSettings
from submissions.models import Prompt, Submission
from teams.models import Team, TeamMembership

SURNAMES = "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채원천방공현"
GIVEN = ["민준", "서연", "지훈", "수아", "현우", "하은", "도윤", "지민", "서준", "예린", "지호", "채원", "민재", "유진"]
DEPARTMENTS = ["디지털정책과", "스마트시티추진과", "민원담당관", "교통정책과", "복지정책과", "환경정책과", "관광진흥과"]
KST = dt.timezone(dt.timedelta(hours=9))
UNUSABLE = "!"  # an unusable password hash: nobody signs in as a benchmark person

PARAGRAPH = (
    "부산광역시 민원담당관실은 하루 300건이 넘는 민원을 담당자가 직접 읽고 부서를 배정해 왔다. 생성형 AI로 민원 "
    "본문을 요약하고 담당 부서를 추천하는 시제품을 만들어, 배정 시간을 건당 평균 4분에서 1분으로 줄였다. "
)


class Cpu:
    """Wraps a benchmark function to record the CPU time of every call (user + system, with children)."""

    def __init__(self, fn):
        self.fn, self.times = fn, []

    def __call__(self, *args):
        before = os.times()
        self.fn(*args)
        after = os.times()
        self.times.append(sum(after[i] - before[i] for i in range(4)))

    def label(self, runs: int) -> str:
        import statistics

        cpu = statistics.median(self.times[-runs:]) if self.times else 0.0
        return f"CPU {cpu:.2f} s, load {os.getloadavg()[0]:.1f}"


def timed(fn, repeat: int, **options) -> tuple[Timing, str]:
    """`measure` plus the median CPU time and the load average, as a label."""
    cpu = Cpu(fn)
    timing = measure(cpu, repeat, **options)
    return timing, cpu.label(timing.runs)


def person(index: int) -> str:
    return SURNAMES[index % len(SURNAMES)] + GIVEN[(index // len(SURNAMES)) % len(GIVEN)]


def entry_values(index: int) -> dict[str, str]:
    """A realistic one-page entry form (the long narrative goes in 원고 fields)."""
    values = {key: PARAGRAPH for key in ("사례요약", "추진배경", "추진내용", "추진성과", "확산가능성", "향후계획")}
    values.update(
        {
            "사례명": f"AI 민원 분류 도우미 {index}",
            "분야": "디지털 행정",
            "기관명": "부산광역시",
            "부서": DEPARTMENTS[index % len(DEPARTMENTS)],
            "참여자": "\n".join(f"{person(index * 4 + i)} · 행정7급 · {DEPARTMENTS[i]}" for i in range(4)),
            "대표담당자": person(index * 4),
            "사무실전화": "051-888-1234",
            "업무메일": f"user{index}@korea.kr",
            "추진기간": "2025. 5. ~ 2025. 7.",
        }
    )
    return values


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


def make_cohort(organization: Organization, *, participants: int, name: str) -> tuple[Cohort, list[Membership]]:
    cohort = Cohort.objects.create(
        organization=organization,
        name=name,
        year=2025,
        starts_on=dt.date(2025, 5, 13),
        ends_on=dt.date(2025, 7, 16),
    )
    users = User.objects.bulk_create(
        (
            User(email=f"{cohort.pk}-{i:05d}@bench.example", name=person(i), password=UNUSABLE)
            for i in range(participants)
        ),
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        (EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users), batch_size=2000
    )
    members = Membership.objects.bulk_create(
        (
            Membership(user=u, cohort=cohort, role=Role.PARTICIPANT, department=DEPARTMENTS[i % len(DEPARTMENTS)])
            for i, u in enumerate(users)
        ),
        batch_size=2000,
    )
    return cohort, members


def add_sessions(cohort: Cohort, members: list[Membership], count: int = 10) -> None:
    start = dt.datetime(2025, 5, 13, 19, tzinfo=KST)
    sessions = Session.objects.bulk_create(
        Session(
            cohort=cohort,
            number=n + 1,
            title=f"{n + 1}회차",
            starts_at=start + dt.timedelta(days=7 * n),
            ends_at=start + dt.timedelta(days=7 * n, hours=2),
        )
        for n in range(count)
    )
    statuses = ["present"] * 9 + ["late"]
    Attendance.objects.bulk_create(
        (
            Attendance(
                session=s,
                membership=m,
                status=statuses[(i + s.number) % len(statuses)],
                method=AttendanceMethod.MANUAL,
                recorded_at=s.starts_at,
            )
            for s in sessions
            for i, m in enumerate(members)
        ),
        batch_size=5000,
    )
    SessionSettings.objects.get_or_create(cohort=cohort)


def peak_memory_growth(fn) -> int:
    """Bytes: the peak resident memory a forked child reaches running fn, above what it had at the start."""
    connections.close_all()  # before the fork: parent and child must not share a database socket
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read)
        try:
            with open("/proc/self/clear_refs", "w") as handle:
                handle.write("5")  # reset VmHWM to the current RSS
            before = _status_kb("VmRSS")
            fn()
            growth = (_status_kb("VmHWM") - before) * 1024
            os.write(write, str(growth).encode())
        finally:
            os._exit(0)
    os.close(write)
    data = os.read(read, 64)
    os.waitpid(pid, 0)
    os.close(read)
    return int(data or b"-1")


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


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
            f"Completion certificates PDF/A-2b with QR, issuing included, one worker: 9 batches of 1,000 one after "
            f"another and the join (peak memory growth {growth / 2**20:.0f} MB) ({whole_cpu})",
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

    def casebook():
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

        def bundle():
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
