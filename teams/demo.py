"""This app's part of the demo seed (called by learninggroup.demo.seed_demo for each cohort).

The pilot's topics, the participants' wishes, and the 32 participants who accepted their invitation formed by
the automatic former (fixed seed) into eight teams with Korean names, leaders and short ideas, finalized after
the second session. The second cohort the same way with its own seed; its late joiner, added after the teams
were final, waits to be placed by a facilitator.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from learninggroup.demo import LATE_JOINER, current_dates, is_pilot
from learninggroup.models import Membership, Role

from . import services
from .models import Team, TeamChangeLog, TeamFormation, TeamMembership, TeamPreference, Topic

DEMO_SEED = 2025

# topic: (team name, short idea)
TOPICS = {
    "민원 분류 챗봇": ("민원똑똑팀", "접수된 민원을 담당 부서별로 자동 분류하고 비슷한 처리 사례를 찾아 주는 챗봇"),
    "시 홈페이지 AI 안내 도우미": ("길잡이팀", "시 홈페이지에서 원하는 정보와 신청 화면을 대화로 안내하는 도우미"),
    "생활정보 추천 앱": ("생활꿀팁팀", "시민의 나이·거주지·관심사에 맞춰 지원 사업과 생활정보를 추천하는 앱"),
    "회의록 자동 요약": ("요약달인팀", "회의 녹음에서 결정 사항과 할 일을 뽑아 회의록 초안을 만드는 도구"),
    "보도자료 초안 작성 도우미": (
        "보도자료술술팀",
        "사업 개요를 넣으면 보도자료 초안과 예상 질문을 만들어 주는 도우미",
    ),
    "공공데이터 시각화 대시보드": ("데이터보다팀", "흩어진 공공데이터를 모아 부서별 현황을 한눈에 보여 주는 대시보드"),
    "복지 사업 안내 챗봇": ("복지나침반팀", "받을 수 있는 복지 혜택과 신청 방법을 쉬운 말로 알려 주는 챗봇"),
    "교통 민원 분석": ("교통척척팀", "교통 민원을 지역·유형별로 분석해 개선이 급한 곳을 찾아내는 분석 도구"),
    "관광 안내 다국어 번역": ("부산관광톡팀", "외국인 관광객의 질문에 여러 언어로 답하는 관광 안내 서비스"),
    "생성형 AI 업무 활용 지침": ("", ""),
}
TOPIC_NAMES = list(TOPICS)

# Colleagues who asked for each other (participant numbers), and a few one-sided wishes.
MUTUAL = [(1, 2), (5, 6), (10, 11), (20, 21), (27, 28)]
ONE_SIDED = [(3, 1), (15, 16), (24, 30)]
PILOT_FINALIZED_ON = dt.date(2025, 5, 21)


def _wished_topic(number: int) -> str | None:
    if number % 11 == 0:
        return None
    return TOPIC_NAMES[(number * 7) % 9]


def _counts(cohort) -> dict[str, int]:
    return {
        "teams": Team.objects.filter(cohort=cohort).count(),
        "team members": TeamMembership.objects.filter(team__cohort=cohort).count(),
    }


@transaction.atomic
def seed(*, cohort) -> dict[str, int]:
    """Idempotent: running it twice changes nothing."""
    topics = {}
    for order, name in enumerate(TOPIC_NAMES, start=1):
        topics[name], _ = Topic.objects.get_or_create(cohort=cohort, name=name, defaults={"order": order})
    formation = TeamFormation.objects.filter(cohort=cohort).first()
    if formation is not None and formation.is_finalized:
        return _counts(cohort)
    pilot = is_pilot(cohort)
    finalized_on = PILOT_FINALIZED_ON if pilot else current_dates(cohort)[1]

    participants = {
        int(m.user.email.split("@")[0].removeprefix("participant")): m
        for m in Membership.objects.filter(
            cohort=cohort, role=Role.PARTICIPANT, user__email__regex=r"^participant[0-9]+@"
        ).select_related("user")
    }
    wishes: dict[int, list[int]] = {}
    for a, b in MUTUAL:
        wishes.setdefault(a, []).append(b)
        wishes.setdefault(b, []).append(a)
    for a, b in ONE_SIDED:
        wishes.setdefault(a, []).append(b)
    for number, membership in sorted(participants.items()):
        if not membership.user.has_usable_password() or membership.joined_at:
            continue  # not signed in yet, or joined after the teams were formed: no wishes
        topic_name = _wished_topic(number)
        colleagues = [participants[n] for n in wishes.get(number, [])[:2] if n in participants]
        if TeamPreference.objects.filter(membership=membership).exists():
            continue
        services.preference_set(
            membership=membership, topic=topics[topic_name] if topic_name else None, colleagues=colleagues
        )

    facilitators = list(
        Membership.objects.filter(cohort=cohort, role=Role.FACILITATOR, is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    actor = facilitators[0].user if facilitators else None
    services.teams_auto_form(cohort=cohort, actor=actor, seed=DEMO_SEED if pilot else DEMO_SEED + 1)

    used: set[str] = set()
    for team in Team.objects.filter(cohort=cohort).prefetch_related("members__membership__user").order_by("pk"):
        name, idea = TOPICS.get(team.topic, ("", ""))
        if not name or name in used:
            name = team.name
        used.add(name)
        members = [m.membership for m in team.members.all()]
        leader = max(members, key=lambda m: (m.ai_level or 3, -m.pk)) if members else None
        services.team_update(
            team=team,
            expected_version=team.version,
            name=name,
            topic=team.topic,
            idea=idea,
            leader=leader,
            facilitator=facilitators[team.pk % len(facilitators)] if facilitators else None,
        )
    services.formation_finalize(cohort=cohort, actor=actor)
    if not pilot:
        _unplace_late_joiner(cohort, participants, actor)
    TeamFormation.objects.filter(cohort=cohort).update(
        finalized_at=dt.datetime.combine(finalized_on, dt.time(21), tzinfo=cohort.zone),
        formed_at=dt.datetime.combine(finalized_on, dt.time(19), tzinfo=cohort.zone),
    )
    return _counts(cohort)


def _unplace_late_joiner(cohort, participants: dict[int, Membership], actor) -> None:
    """The late joiner came after the teams were final: the former placed them only because the seed runs at
    once; take them out again, leaving no trace in the change log."""
    late = participants.get(int(LATE_JOINER.removeprefix("participant")))
    row = TeamMembership.objects.filter(membership=late).first() if late else None
    if row is None:
        return
    services.team_member_remove(membership=late, expected_team_id=row.team_id, actor=actor)
    TeamChangeLog.objects.filter(cohort=cohort, membership=late).delete()
