"""The demo data of the reference case: Busan's 2025 AI learning group for public officials."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import Cohort, Invitation, Membership, Organization, PrivacyConsent, PrivacyNotice, Role, User
from .plugins import demo_parts

DEMO_PASSWORD = "busan-ai-2025"  # noqa: S105 (printed for the demo on purpose)
DEMO_DOMAIN = "busan.example"

ORGANIZATION = {"name": "부산광역시", "slug": "busan"}
COHORT = {
    "name": "2025 공무원 인공지능(AI) 학습모임",
    "year": 2025,
    "starts_on": dt.date(2025, 5, 13),
    "ends_on": dt.date(2025, 7, 16),
    "venue": "부산광역시청 5층 IT교육장",
}

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
    "items": "(필수) 이름, 이메일, 소속 부서, 직급 / (선택) 연락처, AI 활용 경험 수준 / (자동 생성) 출석 기록, 제출물",
    "retention": "학습모임 종료 후 1년(사례집·공모전 출품물은 관련 법령에 따른 보존기간)",
    "refusal": (
        "개인정보 수집·이용에 동의하지 않을 권리가 있습니다. "
        "다만 필수 항목에 동의하지 않으면 학습모임 참여와 플랫폼 이용이 제한됩니다."
    ),
}


def _phone(index: int) -> str:
    return f"010-{2000 + index * 37 % 8000:04d}-{(index * 7919) % 10000:04d}"


def _person(email: str, name: str, *, active: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, name=name)
        if active:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": active or user.has_usable_password()}
    )
    return user


@transaction.atomic
def seed_demo() -> dict:
    organization, _ = Organization.objects.get_or_create(
        slug=ORGANIZATION["slug"], defaults={"name": ORGANIZATION["name"]}
    )
    cohort, _ = Cohort.objects.get_or_create(organization=organization, name=COHORT["name"], defaults=COHORT)
    notice = cohort.privacy_notices.order_by("-version").first()
    if notice is None:
        notice = PrivacyNotice.objects.create(
            cohort=cohort, version=1, published_at=dt.datetime(2025, 4, 25, 9, 0, tzinfo=cohort.zone), **NOTICE
        )

    people: list[tuple[str, str, str]] = []
    sent = dt.datetime(2025, 4, 28, 10, 0, tzinfo=cohort.zone)

    def enrol(key: str, name: str, role: str, department: str, position: str, index: int, ai_level: int | None):
        email = f"{key}@{DEMO_DOMAIN}"
        active = key not in PENDING
        user = _person(email, name, active=active)
        Membership.objects.get_or_create(
            user=user,
            cohort=cohort,
            role=role,
            defaults={"department": department, "position": position, "phone": _phone(index), "ai_level": ai_level},
        )
        Invitation.objects.get_or_create(
            cohort=cohort,
            user=user,
            defaults={
                "sent_at": sent,
                "send_count": 1,
                "expires_at": sent + dt.timedelta(days=14),
                "accepted_at": sent + dt.timedelta(hours=index % 20 + 1) if active else None,
            },
        )
        if active:
            PrivacyConsent.objects.get_or_create(
                user=user, notice=notice, defaults={"accepted_at": sent + dt.timedelta(hours=index % 20 + 1)}
            )
        people.append((email, name, role))

    for index, (key, name, role, department, position) in enumerate(STAFF, start=100):
        enrol(key, name, role, department, position, index, None)
    for index, name in enumerate(PARTICIPANTS, start=1):
        department = DEPARTMENTS[(index * 5) % len(DEPARTMENTS)]
        position = POSITIONS[(index * 3) % len(POSITIONS)]
        enrol(f"participant{index:02d}", name, Role.PARTICIPANT, department, position, index, 1 + (index * 7) % 5)
    for part in demo_parts():  # each feature app's part (AppConfig.demo_part), after the people exist
        import_module(part).seed(cohort=cohort)
    return {"organization": organization, "cohort": cohort, "people": people, "password": DEMO_PASSWORD}
