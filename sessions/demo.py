"""This app's part of the demo seed (called by learninggroup.demo.seed_demo for each cohort).

The pilot: its ten sessions (one a week on Tuesday or Wednesday evening, 13 May – 16 July 2025,
19:00–21:00 in the city hall's IT training room; the week of the 3 June presidential election
meets on the Wednesday), the invited expert's special lecture, attendance for all of them (the
pilot is over: most people present, some late, a few excused or absent, one participant who fell
below the completion threshold), and a few notes with each visibility.

The second cohort: the same programme on the ten evenings around the day of seeding
(learninggroup.demo.current_dates), the special lecture after the eighth, attendance for the
sessions that are over. Nobody whose invitation is pending has a record, and nobody has one for a
session that ended before they joined.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from learninggroup.demo import current_dates, is_pilot
from learninggroup.models import Invitation, Membership, Role
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
    "공공부문 생성형 AI 도입 사례와 과제",
    "외부 전문가 초청 강연\n\n- 중앙부처·지자체의 생성형 AI 도입 사례\n- 행정 업무 적용 시 보안과 책임\n- 질의응답",
)

# Participants who were often away (participant number → how often they missed), for a realistic matrix.
OFTEN_AWAY = {17: 0.45, 26: 0.2}

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


def _status_for(number: int, rng: random.Random) -> str:
    roll = rng.random()
    away = OFTEN_AWAY.get(number, 0.05)
    if roll < away:
        return AttendanceStatus.ABSENT
    if roll < away + 0.04:
        return AttendanceStatus.EXCUSED
    if roll < away + 0.13:
        return AttendanceStatus.LATE
    return AttendanceStatus.PRESENT


def _plan(cohort) -> list[tuple[int, dt.datetime, dt.datetime, str, str, str]]:
    """(number, start, end, title, agenda, kind) of each session of the cohort."""
    zone = cohort.zone
    if is_pilot(cohort):
        days = {number: day for number, day, _title, _agenda in SESSIONS}
        lecture_day = LECTURE[1]
    else:
        days = dict(enumerate(current_dates(cohort), start=1))
        lecture_day = days[8] + dt.timedelta(days=2)  # the Thursday or Friday after the eighth evening
    plan = [
        (number, _at(days[number], 19, 0, zone), _at(days[number], 21, 0, zone), title, agenda, SessionKind.WORKSHOP)
        for number, _day, title, agenda in SESSIONS
    ]
    number, _day, title, agenda = LECTURE
    plan.append(
        (number, _at(lecture_day, 15, 0, zone), _at(lecture_day, 17, 0, zone), title, agenda, SessionKind.LECTURE)
    )
    return plan


@transaction.atomic
def seed(*, cohort) -> dict[str, int]:
    """Idempotent: running it twice changes nothing (later, it records the sessions that have ended since)."""
    SessionSettings.objects.get_or_create(cohort=cohort)
    facilitators = list(
        Membership.objects.filter(cohort=cohort, role=Role.FACILITATOR).select_related("user").order_by("user__email")
    )
    sessions: list[Session] = []
    for number, starts_at, ends_at, title, agenda, kind in _plan(cohort):
        lecture = kind == SessionKind.LECTURE
        session, created = Session.objects.get_or_create(
            cohort=cohort,
            number=number,
            defaults={
                "title": title,
                "kind": kind,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "venue": LECTURE_VENUE if lecture else VENUE,
                "agenda": agenda,
            },
        )
        if created:
            session.facilitators.set(facilitators)
        sessions.append(session)

    pending = Invitation.objects.filter(cohort=cohort, accepted_at__isnull=True).values("user")
    participants = {
        int(m.user.email.split("@")[0].removeprefix("participant")): m
        for m in Membership.objects.filter(cohort=cohort, role=Role.PARTICIPANT, user__email__startswith="participant")
        .exclude(user__in=pending)
        .select_related("user")
    }
    recorded = set(Attendance.objects.filter(session__in=sessions).values_list("session_id", "membership_id"))
    rng = random.Random(cohort.year)  # the same attendance on every machine
    now = timezone.now()
    rows = []
    for session in sorted(sessions, key=lambda s: s.starts_at):
        if session.ends_at > now:
            continue
        for number, member in sorted(participants.items()):
            status = _status_for(number, rng)
            minutes = rng.randint(-25, 9) if status == AttendanceStatus.PRESENT else rng.randint(11, 40)
            if (session.pk, member.pk) in recorded or (member.joined_at and member.joined_at > session.ends_at):
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

    _seed_notes(cohort, [s for s in sessions if s.ends_at <= now], facilitators)
    return {
        "sessions": len(sessions),
        "attendance records": Attendance.objects.filter(session__cohort=cohort).count(),
        "notes": FacilitatorNote.objects.filter(session__cohort=cohort).count(),
    }


def _seed_notes(cohort, sessions: list[Session], facilitators: list[Membership]) -> None:
    # The team notes need the teams, whose demo part runs before this one (INSTALLED_APPS order).
    by_number = {session.number: session for session in sessions}
    first_team = Team.objects.filter(cohort=cohort).order_by("name").first()
    for index, (number, visibility, team_key, body) in enumerate(NOTES):
        team = first_team if team_key else None
        if team_key and team is None:
            continue
        session = by_number.get(number)
        if session is None or FacilitatorNote.objects.filter(session=session, body=body).exists():
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
