"""The foundation: importing a roster, and the organizer's dashboard and roster pages.

Roster import: a CSV as Korean Excel saves it ("CSV UTF-8", with a BOM), parsed with
parse_roster and imported with roster_import into a fresh cohort, new people each run, what the
web request does: people, memberships, invitations and their deliveries written in bulk, the
sending task queued after the commit (to an in-memory broker, not run). The baseline is Python's
plain csv.reader over the same bytes: what reading the file alone costs. A second row times the
worker's side: rendering and sending the queued invitations (in-memory mail backend).

Pages: one cohort of 35 (an organizer, two facilitators, 32 participants; a privacy notice
everyone accepted; four invitations pending), measured with that cohort alone in the database
and again with 50 such cohorts. The baseline of the 50-cohort rows is the same page with one
cohort: a page whose cost does not grow with the data stays near 1×.
"""

from __future__ import annotations

import csv
import io
import itertools
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench.harness import Row, Timing, measure
from learninggroup.celery import app as celery_app
from learninggroup.models import (
    Cohort,
    Invitation,
    Membership,
    Organization,
    PrivacyConsent,
    PrivacyNotice,
    Role,
    User,
)
from learninggroup.roster import parse_roster
from learninggroup.services import INVITATION_KIND, roster_import
from notifications.models import Delivery, DeliveryState
from notifications.services import deliveries_send

SURNAMES = "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채원천방공현"
GIVEN = ["민준", "서연", "지훈", "수아", "현우", "하은", "도윤", "지민", "서준", "예린", "지호", "채원", "민재", "유진"]
DEPARTMENTS = ["디지털정책과", "스마트시티추진과", "민원담당관", "교통정책과", "복지정책과", "환경정책과", "관광진흥과"]
POSITIONS = ["행정6급", "행정7급", "행정8급", "전산6급", "전산7급", "행정9급", "시설7급", "사회복지7급"]

COHORT_SIZE = 35
COHORTS_AT_SCALE = 50
_runs = itertools.count(1)


def person(index: int) -> tuple[str, str, str, str]:
    """Name, department, position and phone of the index-th made-up official."""
    name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index // len(SURNAMES)) % len(GIVEN)]
    department = DEPARTMENTS[index % len(DEPARTMENTS)]
    position = POSITIONS[(index * 3) % len(POSITIONS)]
    phone = f"010-{2000 + index * 37 % 8000:04d}-{(index * 7919) % 10000:04d}"
    return name, department, position, phone


def roster_csv(rows: int, tag: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["이름", "이메일", "부서", "직급", "연락처"])
    for index in range(rows):
        name, department, position, phone = person(index)
        writer.writerow([name, f"{tag}-{index:05d}@bench.example", department, position, phone])
    return out.getvalue().encode("utf-8-sig")


def csv_reader_baseline(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def size_label(rows: int, data: bytes) -> str:
    return f"{rows:,} rows, {len(data) / 1024:,.0f} KiB"


# Roster import -------------------------------------------------------------------------------


def roster_benchmarks() -> list[Row]:
    organization = Organization.objects.create(name="벤치마크시 (명단)", slug="bench-roster")
    actor = User.objects.create_user("organizer@bench.example", None, name="정운영")
    result = []
    for rows, repeat, target in ((COHORT_SIZE, 10, "< 1 s"), (1000, 5, "< 2 s")):

        def fresh(rows=rows) -> tuple[Cohort, bytes]:
            run = next(_runs)
            mail.outbox = []
            cohort = Cohort.objects.create(organization=organization, name=f"명단 {run}", year=2025)
            return cohort, roster_csv(rows, tag=f"r{run}")

        def parse_and_import(case: tuple[Cohort, bytes]) -> None:
            cohort, data = case
            parsed = parse_roster(data, "명단.csv", max_rows=settings.ROSTER_MAX_ROWS)
            assert parsed.ok, parsed.errors[:3]
            outcome = roster_import(cohort=cohort, rows=parsed.rows, default_role=Role.PARTICIPANT, actor=actor)
            assert outcome.created_memberships == len(parsed.rows)
            assert mail.outbox == [], "the import sent mail inside the request"

        def imported_and_queued(rows=rows) -> None:
            Delivery.objects.filter(state=DeliveryState.PENDING).update(state=DeliveryState.SKIPPED)
            parse_and_import(fresh(rows))

        def send_queued(_: None, rows=rows) -> None:
            outcome = deliveries_send(kinds=[INVITATION_KIND])
            assert outcome.sent == rows == len(mail.outbox), (outcome, rows, len(mail.outbox))

        sample = roster_csv(rows, tag="sample")
        baseline = measure(lambda sample=sample: csv_reader_baseline(sample), repeat=50, warmup=3)
        parse_only = measure(
            lambda sample=sample: parse_roster(sample, "명단.csv", max_rows=settings.ROSTER_MAX_ROWS),
            repeat=max(repeat, 10),
            warmup=1,
        )
        eager = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = False  # the request queues the task; a worker sends
        try:
            imported = measure(parse_and_import, repeat=repeat, warmup=1, setup=fresh, count_queries=True)
            sending = measure(send_queued, repeat=min(repeat, 3), warmup=1, setup=imported_and_queued)
        finally:
            celery_app.conf.task_always_eager = eager
        size = size_label(rows, sample)
        result.append(
            Row(
                f"roster parse + import, {rows:,} invitations queued ({imported.queries:,} queries)",
                size,
                imported,
                target,
                baseline,
                "csv.reader",
            )
        )
        result.append(Row("roster parse only (parse_roster)", size, parse_only, "", baseline, "csv.reader"))
        result.append(Row(f"worker: render + send {rows:,} queued invitations", size, sending))
    return result


# Pages ---------------------------------------------------------------------------------------

NOTICE = {
    "purpose": "공무원 인공지능(AI) 학습모임 운영",
    "items": "(필수) 이름, 이메일, 소속 부서, 직급 / (선택) 연락처, AI 활용 경험 수준",
    "retention": "학습모임 종료 후 1년",
    "refusal": "동의하지 않을 수 있으나, 필수 항목에 동의하지 않으면 참여가 제한됩니다.",
}


def populate_cohort(organization: Organization, number: int, unusable_password: str) -> tuple[Cohort, User]:
    """A cohort of 35 as it stands mid-term; returns it and its organizer."""
    now = timezone.now()
    cohort = Cohort.objects.create(
        organization=organization, name=f"{number}기 AI 학습모임", year=2025, venue="시청 5층 IT교육장"
    )
    notice = PrivacyNotice.objects.create(cohort=cohort, version=1, **NOTICE)
    users = User.objects.bulk_create(
        User(
            email=f"c{number:03d}-{index:02d}@bench.example",
            name=person(number * 100 + index)[0],
            password=unusable_password,
        )
        for index in range(COHORT_SIZE)
    )
    roles = [Role.ORGANIZER] + [Role.FACILITATOR] * 2 + [Role.PARTICIPANT] * (COHORT_SIZE - 3)
    pending = {user.pk for user in users[-4:]}
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=user.pk not in pending) for user in users
    )
    memberships = []
    for index, (user, role) in enumerate(zip(users, roles, strict=True)):
        _, department, position, phone = person(number * 100 + index)
        memberships.append(
            Membership(
                user=user,
                cohort=cohort,
                role=role,
                department=department,
                position=position,
                phone=phone,
                ai_level=1 + index % 5,
            )
        )
    Membership.objects.bulk_create(memberships)
    sent = now - timedelta(days=20)
    Invitation.objects.bulk_create(
        Invitation(
            cohort=cohort,
            user=user,
            sent_at=sent,
            send_count=1,
            expires_at=sent + timedelta(days=14),
            accepted_at=None if user.pk in pending else sent + timedelta(hours=index + 1),
        )
        for index, user in enumerate(users)
    )
    PrivacyConsent.objects.bulk_create(
        PrivacyConsent(user=user, notice=notice) for user in users if user.pk not in pending
    )
    return cohort, users[0]


def time_page(client: Client, url: str) -> Timing:
    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"GET {url} answered {response.status_code} {response.get('Location', '')}")

    return measure(get, repeat=30, warmup=3, count_queries=True)


def page_benchmarks() -> list[Row]:
    organization = Organization.objects.create(name="벤치마크시", slug="bench-pages")
    unusable = make_password(None)
    cohort, organizer = populate_cohort(organization, 1, unusable)
    client = Client()
    client.force_login(organizer)
    pages = [
        ("organizer dashboard", reverse("cohort_dashboard", args=[cohort.pk])),
        ("roster page", reverse("cohort_roster", args=[cohort.pk])),
    ]

    alone = {name: time_page(client, url) for name, url in pages}
    for number in range(2, COHORTS_AT_SCALE + 1):
        populate_cohort(organization, number, unusable)
    at_scale = {name: time_page(client, url) for name, url in pages}

    people = COHORTS_AT_SCALE * COHORT_SIZE
    result = []
    for name, _url in pages:
        result.append(
            Row(f"{name} ({alone[name].queries} queries)", f"1 cohort × {COHORT_SIZE}", alone[name], "< 200 ms")
        )
        result.append(
            Row(
                f"{name} ({at_scale[name].queries} queries)",
                f"{COHORTS_AT_SCALE} cohorts × {COHORT_SIZE} ({people:,} people)",
                at_scale[name],
                "< 200 ms",
                alone[name],
                "1 cohort",
            )
        )
    return result


def benchmarks() -> list[Row]:
    return roster_benchmarks() + page_benchmarks()
