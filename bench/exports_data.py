"""Data and measuring helpers of the exports benchmark (bench_exports.py): Korean people and entry forms,
cohorts with attendance made in bulk, CPU time per call, and the peak memory growth of a call."""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import os
import statistics

from allauth.account.models import EmailAddress

from bench.harness import Timing, measure
from learninggroup.models import Cohort, Membership, Organization, Role, User
from sessions.models import Attendance, AttendanceMethod, Session, SessionSettings

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
    """Bytes: the peak resident memory this process reaches running fn, above what it had at the start.

    The kernel's high-water mark is reset to the current RSS first (clear_refs 5), so no fork is needed: a
    forked child of a process with threads (the PDF compiler's, the database driver's) can deadlock on a
    lock some thread held at the fork, which hung `make bench` once."""
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)  # what earlier parts freed goes back, so it cannot be reused unseen
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")  # reset VmHWM to the current RSS
    before = _status_kb("VmRSS")
    fn()
    return (_status_kb("VmHWM") - before) * 1024


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0
