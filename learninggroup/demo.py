"""The demo data: Busan's AI learning group for public officials, in two cohorts.

The **2025 pilot as it happened** (13 May – 16 July 2025: ten Tuesday/Wednesday workshops, the special lecture,
teams, submissions, prompts), a finished programme to look back on; and a **second cohort in full swing on the
day of seeding**: ten weekly Tuesday/Wednesday evenings around today (Korean public holidays skipped), six of them
past with attendance, the next one today or within the week, teams final, submissions in progress. The demo
accounts hold the same roles in both. Three invitees never accepted (no team, no attendance); in the second
cohort one participant joined after the third session.

Each feature app adds its part through its AppConfig's `demo_part` (`seed(*, cohort)`, returning counts to
print); a part tells the cohorts apart with `is_pilot(cohort)` and reads the second cohort's dates from
`current_dates(cohort)`.
"""

from __future__ import annotations

import datetime as dt
import math
from importlib import import_module

import holidays
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .emblems import organization_set_emblem
from .images import png_image
from .models import Cohort, Invitation, Membership, Organization, PrivacyConsent, PrivacyNotice, Role, User
from .plugins import demo_parts

DEMO_PASSWORD = "busan-ai-2025"  # noqa: S105 (printed for the demo on purpose)
DEMO_DOMAIN = "busan.example"

ORGANIZATION = {"name": "부산광역시", "slug": "busan", "contact": "디지털정책과 · ai-study@busan.example"}
VENUE = "부산광역시청 5층 IT교육장"
PILOT = {
    "name": "2025 공무원 인공지능(AI) 학습모임",
    "year": 2025,
    "starts_on": dt.date(2025, 5, 13),
    "ends_on": dt.date(2025, 7, 16),
    "venue": VENUE,
}
CURRENT_NAME = "공무원 인공지능(AI) 학습모임 2기"
PAST_SESSIONS, SESSIONS_TOTAL = 6, 10
LATE_JOINER = "participant32"  # added to the second cohort after its third session

DEPARTMENTS = [
    "디지털정책과",
    "스마트시티추진과",
    "민원담당관",
    "교통정책과",
    "복지정책과",
    "환경정책과",
    "관광진흥과",
    "일자리경제과",
    "세정담당관",
    "도시계획과",
    "문화예술과",
    "안전정책과",
]
POSITIONS = ["행정6급", "행정7급", "행정8급", "전산6급", "전산7급", "행정9급", "시설7급", "사회복지7급"]

PARTICIPANTS = [
    "김민준",
    "이서연",
    "박지훈",
    "최수아",
    "정현우",
    "강하은",
    "조도윤",
    "윤지민",
    "장서준",
    "임예린",
    "한지호",
    "오채원",
    "서민재",
    "신유진",
    "권태윤",
    "황소율",
    "안준서",
    "송다은",
    "전우진",
    "홍서윤",
    "유건우",
    "고나연",
    "문시우",
    "양하린",
    "손동현",
    "배지아",
    "백승민",
    "허윤서",
    "남궁민",
    "노은채",
    "심재원",
    "하수빈",
    "곽민서",
    "성지원",
    "차윤호",
]
STAFF = [
    ("organizer1", "정수진", Role.ORGANIZER, "디지털정책과", "행정5급"),
    ("organizer2", "김태호", Role.ORGANIZER, "디지털정책과", "행정6급"),
    ("facilitator1", "박소영", Role.FACILITATOR, "스마트시티추진과", "전산6급"),
    ("facilitator2", "이준혁", Role.FACILITATOR, "디지털정책과", "전산6급"),
    ("judge1", "최영미", Role.JUDGE, "기획담당관", "행정5급"),
    ("judge2", "한상우", Role.JUDGE, "부산정보산업진흥원", "책임연구원"),
    ("judge3", "윤미경", Role.JUDGE, "감사위원회", "행정5급"),
]
PENDING = {"participant33", "participant34", "participant35"}

NOTICE = {
    "purpose": (
        "공무원 인공지능(AI) 학습모임 운영(참여자 관리, 팀 구성, 세션 안내·출석 관리, "
        "결과물 공모전 출품 및 사례집 발간)"
    ),
    "items": "이름, 이메일, 소속 부서, 직급 (참여하며 생기는 정보: 출석 기록, 팀 소속, 제출물)",
    "optional_items": "연락처, AI 활용 경험 수준",
    "retention": "학습모임 종료 후 1년(사례집·공모전 출품물은 관련 법령에 따른 보존기간)",
    "refusal": (
        "개인정보 수집·이용에 동의하지 않을 권리가 있습니다. "
        "다만 필수 항목에 동의하지 않으면 학습모임 참여와 플랫폼 이용이 제한됩니다."
    ),
}


def _phone(index: int) -> str:
    return f"010-{2000 + index * 37 % 8000:04d}-{(index * 7919) % 10000:04d}"


def _person(email: str, name: str, *, active: bool, password_hash: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, name=name)
        if active:
            user.password = password_hash  # hashed once: hashing is slow on purpose
        else:
            user.set_unusable_password()
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": active or user.has_usable_password()}
    )
    return user


def is_pilot(cohort: Cohort) -> bool:
    return cohort.name == PILOT["name"]


def _days_off(year: int):
    return holidays.country_holidays("KR", years=range(year - 1, year + 2))


def evenings_from(first: dt.date) -> list[dt.date]:
    """Ten weekly evenings from `first` (a Tuesday or Wednesday), alternating Tuesday and Wednesday, each week's
    other day when a Korean public holiday takes it, a week left out when both are holidays."""
    days_off = _days_off(first.year)
    monday = first - dt.timedelta(days=first.weekday())
    starts_on_wednesday = first.weekday() == 2
    dates: list[dt.date] = []
    week = 0
    while len(dates) < SESSIONS_TOTAL:
        tuesday = monday + dt.timedelta(weeks=week, days=1)
        wednesday = tuesday + dt.timedelta(days=1)
        prefer_wednesday = (week % 2 == 1) != starts_on_wednesday
        for day in (wednesday, tuesday) if prefer_wednesday else (tuesday, wednesday):
            if day not in days_off:
                dates.append(day)
                break
        week += 1
    return dates


def weekly_evenings(today: dt.date) -> list[dt.date]:
    """The second cohort's ten evenings as seen from `today`: six before today, the next one today or within
    the following six days, three after."""
    days_off = _days_off(today.year)
    monday = today - dt.timedelta(days=today.weekday())
    candidates = [
        evenings_from(first)
        for weeks_back in range(4, 11)
        for first in (monday - dt.timedelta(weeks=weeks_back, days=-weekday) for weekday in (1, 2))
        if first not in days_off
    ]

    def fit(dates: list[dt.date]) -> tuple[bool, int]:
        past = sum(day < today for day in dates)
        soon = past < len(dates) and dates[past] - today < dt.timedelta(days=7)
        return (not soon, abs(past - PAST_SESSIONS))

    return min(candidates, key=fit)


def current_dates(cohort: Cohort) -> list[dt.date]:
    """The second cohort's ten evenings (its first day is its first evening; a cohort without dates gets the
    evenings around today)."""
    if cohort.starts_on is None:
        return weekly_evenings(timezone.localdate(timezone=cohort.zone))
    return evenings_from(cohort.starts_on)


def _current_spec(today: dt.date) -> dict:
    dates = weekly_evenings(today)
    return {
        "name": CURRENT_NAME,
        "year": dates[0].year,
        "starts_on": dates[0],
        "ends_on": dates[-1],
        "venue": VENUE,
    }


# The pilot is the demo's record of a finished programme, looked back on by the cohorts after it, so its notice
# keeps the data five years (privacy/demo.py gives it the same retention period). With the usual year it
# would have been destroyed in July 2026, and the daily purge of a `make run` with Redis would anonymize the demo.
PILOT_RETENTION_MONTHS = 60
PILOT_RETENTION = (
    "학습모임 종료 후 5년(시범 운영의 평가와 다음 기수 운영에 활용; 사례집·공모전 출품물은 관련 법령에 따른 보존기간)"
)


def _notice(cohort: Cohort, published: dt.datetime) -> PrivacyNotice:
    notice = cohort.privacy_notices.order_by("-version").first()
    if notice is None:
        text = {**NOTICE, "retention": PILOT_RETENTION} if is_pilot(cohort) else NOTICE
        notice = PrivacyNotice.objects.create(cohort=cohort, version=1, published_at=published, **text)
    return notice


def _enrol_everyone(
    cohort: Cohort, *, invited: dt.datetime, late: dt.datetime | None, password_hash: str
) -> list[tuple[str, str, str]]:
    notice = _notice(cohort, invited - dt.timedelta(days=3))
    people: list[tuple[str, str, str]] = []

    def enrol(key: str, name: str, role: str, department: str, position: str, index: int, ai_level: int | None):
        email = f"{key}@{DEMO_DOMAIN}"
        active = key not in PENDING
        joined = late if (late and key == LATE_JOINER) else None
        sent = joined or invited
        optional = index % 9 != 4  # a few people decline the optional items: no phone, no AI level kept
        user = _person(email, name, active=active, password_hash=password_hash)
        Membership.objects.get_or_create(
            user=user,
            cohort=cohort,
            role=role,
            defaults={
                "department": department,
                "position": position,
                "phone": _phone(index) if optional else "",
                "ai_level": ai_level if optional else None,
                "joined_at": joined,
            },
        )
        accepted = sent + dt.timedelta(hours=index % 20 + 1)
        Invitation.objects.get_or_create(
            cohort=cohort,
            user=user,
            defaults={
                "sent_at": sent,
                "send_count": 1,
                "expires_at": sent + dt.timedelta(days=14),
                "accepted_at": accepted if active else None,
            },
        )
        if active:
            PrivacyConsent.objects.get_or_create(
                user=user, notice=notice, defaults={"accepted_at": accepted, "optional_accepted": optional}
            )
        people.append((email, name, role))

    for index, (key, name, role, department, position) in enumerate(STAFF, start=100):
        enrol(key, name, role, department, position, index, None)
    for index, name in enumerate(PARTICIPANTS, start=1):
        department = DEPARTMENTS[(index * 5) % len(DEPARTMENTS)]
        position = POSITIONS[(index * 3) % len(POSITIONS)]
        enrol(f"participant{index:02d}", name, Role.PARTICIPANT, department, position, index, 1 + (index * 7) % 5)
    return people


def demo_emblem(size: int = 96) -> bytes:
    """A made-up emblem for the demo (not the city's real one): a sea-blue disc in a white ring, a sun and two
    waves. Drawn in code, so the demo needs no image from outside."""
    centre, radius = (size - 1) / 2, size / 2 - 1

    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        distance = math.hypot(x - centre, y - centre)
        if distance > radius:
            return (0, 0, 0, 0)
        if distance > radius - size / 24:
            return (255, 255, 255, 255)
        for level in (0.62, 0.78):  # two waves across the lower half
            crest = size * level + size / 24 * math.sin(2 * math.pi * x / (size / 2))
            if abs(y - crest) < size / 28:
                return (255, 255, 255, 255)
        if math.hypot(x - centre, y - size * 0.36) < size / 7:  # the sun over the sea
            return (240, 128, 40, 255)
        return (0, 84, 166, 255)

    return png_image(size, size, pixel)


def _seed_parts(cohort: Cohort) -> dict[str, int]:
    counts: dict[str, int] = {}
    for part in demo_parts():  # each feature app's part (AppConfig.demo_part), after the people exist
        counts.update(import_module(part).seed(cohort=cohort) or {})
    return counts


@transaction.atomic
def seed_demo(*, today: dt.date | None = None) -> dict:
    """Create (or complete) both cohorts; running it again changes nothing."""
    organization, _ = Organization.objects.get_or_create(slug=ORGANIZATION["slug"], defaults=ORGANIZATION)
    if not organization.emblem:
        organization = organization_set_emblem(organization=organization, upload=ContentFile(demo_emblem()))
    pilot, _ = Cohort.objects.get_or_create(organization=organization, name=PILOT["name"], defaults=PILOT)
    zone = pilot.zone
    today = today or timezone.localdate(timezone=zone)
    current = Cohort.objects.filter(organization=organization, name=CURRENT_NAME).first()
    if current is None:
        current = Cohort.objects.create(organization=organization, **_current_spec(today))
    dates = current_dates(current)
    first_evening = dt.datetime.combine(dates[0], dt.time(19), tzinfo=zone)
    third_evening_over = dt.datetime.combine(dates[2], dt.time(21), tzinfo=zone)

    password_hash = make_password(DEMO_PASSWORD)
    people = _enrol_everyone(
        pilot, invited=dt.datetime(2025, 4, 28, 10, 0, tzinfo=zone), late=None, password_hash=password_hash
    )
    _enrol_everyone(
        current,
        invited=first_evening - dt.timedelta(days=14),
        late=third_evening_over + dt.timedelta(days=2),
        password_hash=password_hash,
    )
    cohorts = []
    for cohort in (pilot, current):
        counts = {
            "people": Membership.objects.filter(cohort=cohort).values("user").distinct().count(),
            "pending invitations": Invitation.objects.filter(cohort=cohort, accepted_at__isnull=True).count(),
        }
        counts.update(_seed_parts(cohort))
        cohorts.append((cohort, counts))
    return {
        "organization": organization,
        "pilot": pilot,
        "current": current,
        "cohorts": cohorts,
        "people": people,
        "password": DEMO_PASSWORD,
    }
