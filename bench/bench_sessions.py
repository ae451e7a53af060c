"""Sessions: the reminder run at 5,000 recipients, and the attendance pages of a cohort of 35 × 10 sessions.

Reminder run: 100 cohorts of 50 participants, each with a session starting in 110 minutes (so
its 2-hour reminder is due), all due in one run of `reminders_send_due`: 5,000 deliveries queued
in bulk (two queries per session), claimed in bulk (one UPDATE per 200), 5,000 e-mails rendered
(with their .ics) and handed to the in-memory mail backend, each marked sent as soon as it was
accepted. Every run starts with no deliveries. The baseline renders and sends the same 5,000 mails
without any record: what sending at least once, never twice, costs on top of sending.

Pages: one cohort of 35 participants and 2 facilitators with ten past sessions, everyone's
attendance recorded; the facilitator's attendance matrix, its XLSX download and the sessions
list, alone and again with 20 such cohorts in the database (a page whose cost does not grow with
the data stays near 1×).
"""

from __future__ import annotations

import datetime as dt
import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.mail import get_connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench.harness import Row, Timing, measure
from learninggroup.models import Cohort, Membership, Organization, PrivacyConsent, PrivacyNotice, Role, User
from notifications.models import Delivery
from sessions.models import Attendance, AttendanceMethod, Session
from sessions.services import reminders_send_due
from sessions.services.reminders import REMINDER, _session_ics, _session_mail, due_reminders

SURNAMES = "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채원천방공현"
GIVEN = ["민준", "서연", "지훈", "수아", "현우", "하은", "도윤", "지민", "서준", "예린", "지호", "채원", "민재", "유진"]
DEPARTMENTS = ["디지털정책과", "스마트시티추진과", "민원담당관", "교통정책과", "복지정책과", "환경정책과", "관광진흥과"]
STATUSES = ["present"] * 8 + ["late", "absent", "present", "excused"]
_numbers = itertools.count(1)


def name(index: int) -> str:
    return SURNAMES[index % len(SURNAMES)] + GIVEN[(index // len(SURNAMES)) % len(GIVEN)]


def make_cohort(organization: Organization, *, participants: int, facilitators: int, password: str) -> Cohort:
    number = next(_numbers)
    cohort = Cohort.objects.create(organization=organization, name=f"{number}기 AI 학습모임", year=2025)
    roles = [Role.FACILITATOR] * facilitators + [Role.PARTICIPANT] * participants
    users = User.objects.bulk_create(
        User(email=f"s{number:04d}-{i:03d}@bench.example", name=name(number * 100 + i), password=password)
        for i in range(len(roles))
    )
    EmailAddress.objects.bulk_create(EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users)
    Membership.objects.bulk_create(
        Membership(user=u, cohort=cohort, role=r, department=DEPARTMENTS[i % len(DEPARTMENTS)])
        for i, (u, r) in enumerate(zip(users, roles, strict=True))
    )
    return cohort


# Reminder run --------------------------------------------------------------------------------

REMINDER_COHORTS = 100
PER_COHORT = 50


def reminder_benchmarks() -> list[Row]:
    organization = Organization.objects.create(name="벤치마크시 (알림)", slug="bench-reminders")
    password = make_password(None)
    now = timezone.now()
    for _ in range(REMINDER_COHORTS):
        cohort = make_cohort(organization, participants=PER_COHORT, facilitators=0, password=password)
        Session.objects.create(
            cohort=cohort,
            number=1,
            title="민원 데이터 다루기",
            starts_at=now + dt.timedelta(minutes=110),
            ends_at=now + dt.timedelta(minutes=230),
            venue="시청 5층 IT교육장",
            agenda="- 민원 데이터 비식별 처리\n- 민원 유형 분류 실습",
        )
    recipients = REMINDER_COHORTS * PER_COHORT

    def fresh() -> None:
        Delivery.objects.all().delete()
        mail.outbox = []

    def run(_: None) -> None:
        result = reminders_send_due(now=now)
        assert result.sent == recipients, result
        assert len(mail.outbox) == recipients

    def send_without_claims(_: None) -> None:
        connection = get_connection()
        for session, offset in due_reminders(now=now):
            attachment = _session_ics(session)
            members = Membership.objects.filter(cohort_id=session.cohort_id, role=Role.PARTICIPANT).select_related(
                "user"
            )
            for member in members:
                message = _session_mail(
                    kind=REMINDER,
                    session=session,
                    user=member.user,
                    offset=offset,
                    attachment=attachment,
                )
                message.connection = connection
                message.send()
        assert len(mail.outbox) == recipients

    baseline = measure(send_without_claims, repeat=3, warmup=1, setup=fresh)
    timing = measure(run, repeat=3, warmup=1, setup=fresh, count_queries=True)
    size = f"{REMINDER_COHORTS} cohorts × {PER_COHORT} = {recipients:,} recipients"
    return [
        Row(
            f"reminder run, send-once deliveries ({timing.queries:,} queries)",
            size,
            timing,
            "< 60 s",
            baseline,
            "no claims",
        ),
        Row("render + send the same mails without claims", size, baseline),
    ]


# Attendance pages ----------------------------------------------------------------------------

PAGE_COHORTS = 20


def attendance_cohort(organization: Organization, password: str) -> tuple[Cohort, User]:
    cohort = make_cohort(organization, participants=35, facilitators=2, password=password)
    notice = PrivacyNotice.objects.create(
        cohort=cohort, version=1, purpose="운영", items="이름", retention="1년", refusal="-"
    )
    members = list(Membership.objects.filter(cohort=cohort).select_related("user").order_by("pk"))
    PrivacyConsent.objects.bulk_create(PrivacyConsent(user=m.user, notice=notice) for m in members)
    start = timezone.now() - dt.timedelta(days=80)
    sessions = [
        Session.objects.create(
            cohort=cohort,
            number=n,
            title=f"{n}회차",
            starts_at=start + dt.timedelta(weeks=n - 1),
            ends_at=start + dt.timedelta(weeks=n - 1, hours=2),
        )
        for n in range(1, 11)
    ]
    for session in sessions:
        session.facilitators.set([m for m in members if m.role == Role.FACILITATOR])
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            membership=member,
            status=STATUSES[(i + session.number) % len(STATUSES)],
            method=AttendanceMethod.QR,
            recorded_at=session.starts_at,
        )
        for session in sessions
        for i, member in enumerate(m for m in members if m.role == Role.PARTICIPANT)
    )
    return cohort, next(m.user for m in members if m.role == Role.FACILITATOR)


def time_page(client: Client, url: str) -> Timing:
    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"GET {url} answered {response.status_code}")

    return measure(get, repeat=30, warmup=3, count_queries=True)


def page_benchmarks() -> list[Row]:
    organization = Organization.objects.create(name="벤치마크시 (출석)", slug="bench-attendance")
    password = make_password(None)
    cohort, facilitator = attendance_cohort(organization, password)
    client = Client()
    client.force_login(facilitator)
    pages = [
        ("attendance matrix page", reverse("attendance_matrix", args=[cohort.pk]), "< 200 ms"),
        ("attendance matrix XLSX", reverse("attendance_matrix_xlsx", args=[cohort.pk]), "< 300 ms"),
        ("sessions list page", reverse("session_list", args=[cohort.pk]), "< 200 ms"),
    ]
    alone = {label: time_page(client, url) for label, url, _ in pages}
    for _ in range(PAGE_COHORTS - 1):
        attendance_cohort(organization, password)
    at_scale = {label: time_page(client, url) for label, url, _ in pages}
    rows = []
    for label, _url, target in pages:
        rows.append(
            Row(f"{label} ({alone[label].queries} queries)", "35 × 10 sessions, 1 cohort", alone[label], target)
        )
        rows.append(
            Row(
                f"{label} ({at_scale[label].queries} queries)",
                f"35 × 10 sessions, {PAGE_COHORTS} cohorts",
                at_scale[label],
                target,
                alone[label],
                "1 cohort",
            )
        )
    return rows


def benchmarks() -> list[Row]:
    return reminder_benchmarks() + page_benchmarks()
