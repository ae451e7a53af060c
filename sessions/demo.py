"""This app's part of the demo seed (called by learninggroup.demo.seed_demo).

The pilot's ten sessions (one a week on Tuesday or Wednesday evening, 13 May – 16 July 2025,
19:00–21:00 in the city hall's IT training room; the week of the 3 June presidential election
meets on the Wednesday), the invited expert's special lecture, attendance for all of them (the
pilot is over: most people present, some late, a few excused or absent, one participant who fell
below the completion threshold, and the three who never accepted their invitation absent), and a
few notes with each visibility.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from learninggroup.models import Membership, Role
from teams.models import Team

from .markup import render_markdown
from .models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    FacilitatorNote,
    NoteVisibility,
    Session,
    SessionKind,
    SessionSettings,
)

VENUE = "부산광역시청 5층 IT교육장"
LECTURE_VENUE = "부산광역시청 1층 대회의실"

# number, date, title, agenda
SESSIONS = [
    (
        1,
        dt.date(2025, 5, 13),
        "오리엔테이션·팀 빌딩",
        "- 학습모임 운영 방식과 일정 안내\n- 자기소개와 AI 활용 경험 나누기\n- 관심 주제 조사와 팀 구성 안내",
    ),
    (
        2,
        dt.date(2025, 5, 21),
        "생성형 AI 프롬프트 기초",
        "- 생성형 AI의 원리와 한계\n- 좋은 프롬프트의 구조: 역할·맥락·형식\n- 실습: 보도자료 초안과 회의 자료 요약",
    ),
    (
        3,
        dt.date(2025, 5, 27),
        "업무 문서 작성과 요약 자동화",
        "- 공문·보고서 초안 작성 실습\n- 긴 문서 요약과 표 정리\n"
        "- **주의**: 내부 문서는 개인정보·보안 등급 확인 후 사용",
    ),
    (
        4,
        dt.date(2025, 6, 4),
        "민원 데이터 다루기",
        "- 민원 데이터 비식별 처리\n- 민원 유형 분류 실습\n- 팀별 문제 정의 발표 준비",
    ),
    (
        5,
        dt.date(2025, 6, 10),
        "노코드 챗봇 만들기",
        "- 노코드 도구로 FAQ 챗봇 만들기\n- 시 홈페이지 안내 시나리오 설계\n- 팀별 프로토타입 착수",
    ),
    (
        6,
        dt.date(2025, 6, 18),
        "중간 발표",
        "- 팀별 10분 발표와 질의응답\n- 퍼실리테이터 피드백\n- 후반부 개발 계획 정리",
    ),
    (
        7,
        dt.date(2025, 6, 24),
        "공공데이터 API와 AI 연계",
        "- 공공데이터포털 오픈 API 활용\n- AI 답변에 최신 데이터 붙이기\n- 팀별 개발 실습",
    ),
    (
        8,
        dt.date(2025, 7, 2),
        "프로토타입 개선·사용자 테스트",
        "- 동료 부서 직원 대상 사용성 테스트\n- 피드백 반영 계획\n- 공모전 출품서 작성 안내",
    ),
    (
        9,
        dt.date(2025, 7, 8),
        "생성형 AI 활용 가이드라인과 보안",
        "- 공공부문 생성형 AI 활용 지침과 체크리스트\n- 개인정보·저작권 유의사항\n- 우수 프롬프트 사례집 원고 정리",
    ),
    (
        10,
        dt.date(2025, 7, 16),
        "최종 발표·성과 공유",
        "- 팀별 최종 발표\n- 공모전 출품작 선정 안내\n- 수료와 사례집 발간 일정",
    ),
]
LECTURE = (
    11,
    dt.date(2025, 6, 26),
    "특강: 공공부문 생성형 AI 도입 사례와 과제",
    "외부 전문가 초청 강연\n\n- 중앙부처·지자체의 생성형 AI 도입 사례\n- 행정 업무 적용 시 보안과 책임\n- 질의응답",
)

# Participants who were often away (participant number → how often they missed), for a realistic matrix.
OFTEN_AWAY = {17: 0.45, 26: 0.2}
NEVER_JOINED = (33, 34, 35)

NOTES = [
    (
        1,
        NoteVisibility.COHORT,
        None,
        "오늘 자기소개에서 나온 관심 주제를 정리했습니다.\n\n"
        "- 민원 분류·응대 자동화\n- 시 홈페이지 안내\n- 생활정보 추천\n\n"
        "다음 주까지 **주제 희망**을 플랫폼에 입력해 주세요.",
    ),
    (
        4,
        NoteVisibility.FACILITATORS,
        None,
        "민원 데이터 실습 때 일부 팀이 원본 파일을 그대로 올리려 했습니다. 다음 시간 시작 전에 "
        "비식별 처리 절차를 다시 안내할 것. 개인정보 담당(디지털정책과)과 협의 완료.",
    ),
    (
        6,
        NoteVisibility.COHORT,
        None,
        "중간 발표 수고하셨습니다. 공통 피드백:\n\n"
        "1. 시민이 실제로 쓰는 장면을 한 문장으로 설명해 주세요.\n"
        "2. 효과는 처리 시간·건수처럼 잴 수 있는 말로 적어 주세요.",
    ),
    (
        6,
        NoteVisibility.TEAM,
        "first_team",
        "중간 발표 피드백: 문제 정의가 분명하고 데모가 좋았습니다. 분류 기준표를 담당 부서와 "
        "한 번 더 확인하고, 오분류 사례를 모아 두면 최종 발표에 도움이 됩니다.",
    ),
    (
        8,
        NoteVisibility.FACILITATORS,
        "first_team",
        "사용자 테스트에서 응답 속도 지적이 많았음. 팀장과 개별 면담 예정(7/4).",
    ),
]


def _at(day: dt.date, hour: int, minute: int, zone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def _status_for(number: int, session_number: int, rng: random.Random) -> str:
    if number in NEVER_JOINED:
        return AttendanceStatus.ABSENT
    roll = rng.random()
    away = OFTEN_AWAY.get(number, 0.05)
    if roll < away:
        return AttendanceStatus.ABSENT
    if roll < away + 0.04:
        return AttendanceStatus.EXCUSED
    if roll < away + 0.13:
        return AttendanceStatus.LATE
    return AttendanceStatus.PRESENT


@transaction.atomic
def seed(*, cohort) -> None:
    """Idempotent: running it twice changes nothing."""
    zone = cohort.zone
    SessionSettings.objects.get_or_create(cohort=cohort)
    facilitators = list(
        Membership.objects.filter(cohort=cohort, role=Role.FACILITATOR).select_related("user").order_by("user__email")
    )
    sessions: list[Session] = []
    for number, day, title, agenda in [*SESSIONS, LECTURE]:
        lecture = number == LECTURE[0]
        start, end = ((15, 0), (17, 0)) if lecture else ((19, 0), (21, 0))
        session, created = Session.objects.get_or_create(
            cohort=cohort,
            number=number,
            defaults={
                "title": title,
                "kind": SessionKind.LECTURE if lecture else SessionKind.WORKSHOP,
                "starts_at": _at(day, *start, zone),
                "ends_at": _at(day, *end, zone),
                "venue": LECTURE_VENUE if lecture else VENUE,
                "agenda": agenda,
            },
        )
        if created:
            session.facilitators.set(facilitators)
        sessions.append(session)

    participants = {
        int(m.user.email.split("@")[0].removeprefix("participant")): m
        for m in Membership.objects.filter(
            cohort=cohort, role=Role.PARTICIPANT, user__email__startswith="participant"
        ).select_related("user")
    }
    recorded = set(Attendance.objects.filter(session__in=sessions).values_list("session_id", "membership_id"))
    rng = random.Random(2025)  # the same attendance on every machine
    rows = []
    for session in sorted(sessions, key=lambda s: s.starts_at):
        for number, member in sorted(participants.items()):
            status = _status_for(number, session.number, rng)
            minutes = rng.randint(-25, 9) if status == AttendanceStatus.PRESENT else rng.randint(11, 40)
            if (session.pk, member.pk) in recorded:
                continue
            by_qr = status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
            rows.append(
                Attendance(
                    session=session,
                    membership=member,
                    status=status,
                    method=AttendanceMethod.QR if by_qr else AttendanceMethod.MANUAL,
                    recorded_at=session.starts_at + dt.timedelta(minutes=minutes if by_qr else 125),
                    recorded_by=member.user if by_qr else (facilitators[0].user if facilitators else None),
                )
            )
    Attendance.objects.bulk_create(rows)

    _seed_notes(cohort, sessions, facilitators)


def _seed_notes(cohort, sessions: list[Session], facilitators: list[Membership]) -> None:
    # The team notes need the teams, whose demo part runs before this one (INSTALLED_APPS order).
    by_number = {session.number: session for session in sessions}
    first_team = Team.objects.filter(cohort=cohort).order_by("name").first()
    for index, (number, visibility, team_key, body) in enumerate(NOTES):
        team = first_team if team_key else None
        if team_key and team is None:
            continue
        session = by_number[number]
        if FacilitatorNote.objects.filter(session=session, body=body).exists():
            continue
        author = facilitators[index % len(facilitators)].user if facilitators else None
        note = FacilitatorNote.objects.create(
            session=session,
            team=team,
            author=author,
            body=body,
            body_html=render_markdown(body),
            visibility=visibility,
        )
        written = session.ends_at + dt.timedelta(minutes=40)
        FacilitatorNote.objects.filter(pk=note.pk).update(created_at=written, updated_at=written)
