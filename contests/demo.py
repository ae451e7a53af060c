"""This app's part of the demo seed (called by learninggroup.demo for each cohort).

A finished cohort (the 2025 pilot) gets its internal AI contest judged by the three demo judges and four
external judges (a panel of seven) over the written and the presentation round, with the participants' peer
vote, the results and awards published and the teams' feedback visible; and the Ministry's Government
Innovation Contest with two entries nominated and their entry forms filled in. A cohort under way gets its
internal contest as a draft, ready to nominate and judge. Idempotent: a contest that exists is left alone.
"""

from __future__ import annotations

import datetime as dt
import random

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from learninggroup.models import Membership, PrivacyConsent, Role, User
from submissions.models import Submission, SubmissionStatus
from teams.models import TeamMembership

from . import selectors, services
from .models import ConflictKind, Contest, ContestKind, ContestStatus, RoundKind

DEMO_PASSWORD = "busan-ai-2025"  # noqa: S105 (the demo's printed password)
INTERNAL_NAME = "2025 부산시 공무원 AI 경진대회"
MINISTRY_NAME = "2025 정부혁신 우수사례 경진대회(행정안전부)"
CURRENT_INTERNAL_NAME = "AI 학습모임 2기 내부 AI 경진대회"

# The four external judges who sit with the three demo judges (a panel of seven).
EXTERNAL_JUDGES = [
    ("judge4", "김도현", "부산대학교 정보컴퓨터공학부", "교수"),
    ("judge5", "이하나", "한국지능정보사회진흥원", "수석연구원"),
    ("judge6", "박성호", "부산연구원", "연구위원"),
    ("judge7", "정미래", "디지털정책과", "행정5급"),  # shares a department with participants: conflicts shown
]

COMMENTS = {
    0: ["현장의 문제를 수치로 잘 정의했습니다.", "민원 건수 근거가 더 있으면 좋겠습니다."],
    1: ["프롬프트 구성이 체계적이고 개인정보 가림 처리가 돋보입니다.", "데이터 보안 검토 과정을 문서로 남기세요."],
    2: ["처리 시간 단축 효과가 분명합니다.", "시범 운영 결과를 정량으로 보여 주면 설득력이 커집니다."],
    3: ["기존 방식과 다른 접근이 신선합니다."],
    4: ["다른 구·군에도 바로 옮길 수 있겠습니다.", "확산을 위한 매뉴얼이 있으면 좋겠습니다."],
}


def _at(cohort, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=cohort.zone)


def _is_finished(cohort) -> bool:
    return bool(cohort.ends_on and cohort.ends_on < timezone.localdate())


@transaction.atomic
def seed(*, cohort) -> dict:
    if _is_finished(cohort):
        counts = _seed_pilot_internal(cohort)
        counts.update(_seed_pilot_ministry(cohort))
        return counts
    return _seed_current(cohort)


def _organizer(cohort) -> User | None:
    membership = (
        Membership.objects.filter(cohort=cohort, role=Role.ORGANIZER).select_related("user").order_by("pk").first()
    )
    return membership.user if membership else None


def _external_judges(cohort) -> list[Membership]:
    notice = cohort.privacy_notices.order_by("-version").first()
    domain = "busan.example"
    found = []
    for key, name, department, position in EXTERNAL_JUDGES:
        email = f"{key}@{domain}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, name=name)
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
        membership, _created = Membership.objects.get_or_create(
            user=user, cohort=cohort, role=Role.JUDGE, defaults={"department": department, "position": position}
        )
        if notice is not None:
            PrivacyConsent.objects.get_or_create(user=user, notice=notice)
        found.append(membership)
    return found


def _submitted(cohort) -> list[Submission]:
    return list(
        Submission.objects.filter(cohort=cohort, status=SubmissionStatus.SUBMITTED)
        .select_related("team")
        .order_by("team__name")
    )


def _seed_pilot_internal(cohort) -> dict:
    if Contest.objects.filter(cohort=cohort, name=INTERNAL_NAME).exists():
        return {}
    submissions = _submitted(cohort)
    organizer = _organizer(cohort)
    if len(submissions) < 2 or organizer is None:
        return {}
    ends = cohort.ends_on
    opens_at = _at(cohort, ends - dt.timedelta(days=9), 9)
    closes_at = _at(cohort, ends - dt.timedelta(days=2), 18)
    contest = services.contest_create(
        cohort=cohort,
        kind=ContestKind.INTERNAL,
        name=INTERNAL_NAME,
        actor=organizer,
        description="학습모임에서 만든 AI 시제품을 서면 심사와 발표 심사, 참여자 동료 투표로 평가합니다.",
        entry_deadline=_at(cohort, ends - dt.timedelta(days=12), 18),
        judging_opens_at=opens_at,
        judging_closes_at=closes_at,
    )
    contest = services.contest_update(contest=contest, fields={"share_comments": True}, actor=organizer)
    nominated_at = opens_at - dt.timedelta(days=2)
    services.contest_set_status(contest=contest, status=ContestStatus.OPEN, actor=organizer, now=nominated_at)
    entries = [
        services.entry_nominate(contest=contest, submission=s, actor=organizer, now=nominated_at) for s in submissions
    ]
    judges = list(
        Membership.objects.filter(cohort=cohort, role=Role.JUDGE, is_active=True).exclude(
            user__email__in=[f"{key}@busan.example" for key, *_ in EXTERNAL_JUDGES]
        )
    ) + _external_judges(cohort)
    judged = list(contest.rounds.exclude(kind=RoundKind.PEER).order_by("order"))
    for rnd in judged:
        for judge in judges:
            services.panel_add(rnd=rnd, judge=judge, now=nominated_at)
    # One detected conflict is overridden with a reason (the judge knows the member only by name).
    override = (
        contest.conflicts.filter(kind=ConflictKind.DEPARTMENT).select_related("judge__user").order_by("pk").first()
    )
    if override is not None:
        services.conflict_override(
            conflict=override,
            actor=organizer,
            reason="같은 부서이나 다른 청사 근무로 업무 교류가 없음을 확인함",
            now=nominated_at,
        )
    for rnd in judged:
        services.assignment_run(rnd=rnd, actor=organizer)
    services.contest_set_status(contest=contest, status=ContestStatus.JUDGING, actor=organizer, now=opens_at)

    rng = random.Random(2025)
    quality = {e.pk: rng.uniform(0.55, 0.92) for e in entries}
    leniency = {j.pk: rng.uniform(-0.08, 0.08) for j in judges}
    sheets = 0
    for round_index, rnd in enumerate(judged):
        criteria = list(rnd.criteria.order_by("order"))
        for number, assignment in enumerate(
            rnd.assignments.select_related("judge__user", "entry").order_by("entry__number", "judge__user__name")
        ):
            when = opens_at + dt.timedelta(days=round_index * 3, hours=number % 40)
            user = assignment.judge.user
            services.assignment_confirm_no_conflict(assignment=assignment, actor=user, now=when)
            values, comments = {}, {}
            for position, criterion in enumerate(criteria):
                share = quality[assignment.entry_id] + leniency[assignment.judge_id] + rng.gauss(0, 0.05)
                share = min(1.0, max(0.2, share))
                values[criterion.pk] = str(round(float(criterion.points) * share))
                options = COMMENTS.get(position, [])
                if options and rng.random() < 0.35:
                    comments[criterion.pk] = rng.choice(options)
            saved = services.sheet_save(
                assignment=assignment,
                values=values,
                comments=comments,
                note="발표 시간 준수" if rng.random() < 0.1 else None,
                base_version=0,
                actor=user,
                now=when,
            )
            services.sheet_submit(assignment=saved.sheet.assignment, actor=user, now=when + dt.timedelta(minutes=20))
            sheets += 1

    peer = contest.rounds.filter(kind=RoundKind.PEER).first()
    votes = 0
    if peer is not None:
        voters = list(
            Membership.objects.filter(cohort=cohort, role=Role.PARTICIPANT, is_active=True)
            .exclude(user__password__startswith="!")  # noqa: S106 (an unusable password: invited, never signed in)
            .order_by("pk")
        )
        team_of = dict(TeamMembership.objects.filter(membership__in=voters).values_list("membership_id", "team_id"))
        ordered = sorted(entries, key=lambda e: -quality[e.pk])
        for index, voter in enumerate(voters):
            choices = [e for e in ordered if e.team_id != team_of.get(voter.pk)]
            picks = choices[: peer.votes_per_person + 2]
            rng.shuffle(picks)
            for entry in picks[: peer.votes_per_person]:
                services.peer_vote_cast(rnd=peer, voter=voter, entry=entry, now=opens_at + dt.timedelta(hours=index))
                votes += 1
        services.round_close(rnd=peer, now=closes_at)

    services.contest_set_status(contest=contest, status=ContestStatus.CLOSED, actor=organizer, now=closes_at)
    contest.refresh_from_db()
    _award_from_ranking(contest, organizer)
    services.contest_set_status(
        contest=contest, status=ContestStatus.PUBLISHED, actor=organizer, now=_at(cohort, ends, 21)
    )
    return {"contests": 1, "contest entries": len(entries), "scoresheets": sheets, "peer votes": votes}


def _award_from_ranking(contest, organizer) -> None:
    results = selectors.contest_results(contest=contest, charts_on=False)
    levels = list(contest.award_levels.filter(is_special=False).order_by("order"))
    ranked = [row for row in results.rows if row.rank is not None]
    # Not every entry wins a level: the last one gets the special award for an instructive attempt.
    slots = [level for level in levels for _ in range(level.quota)][: max(0, len(ranked) - 1)]
    entries = {e.pk: e for e in contest.entries.all()}
    for row, level in zip(ranked, slots, strict=False):
        services.award_assign(entry=entries[row.entry.pk], level=level, actor=organizer)
    special = contest.award_levels.filter(is_special=True).order_by("order").first()
    unawarded = ranked[len(slots) :]
    if special is not None and unawarded:
        services.award_assign(
            entry=entries[unawarded[-1].entry.pk],
            level=special,
            actor=organizer,
            citation="실패에서 배운 점을 잘 정리함",
        )


def _seed_pilot_ministry(cohort) -> dict:
    if Contest.objects.filter(cohort=cohort, name=MINISTRY_NAME).exists():
        return {}
    organizer = _organizer(cohort)
    internal = Contest.objects.filter(cohort=cohort, name=INTERNAL_NAME).first()
    if organizer is None or internal is None:
        return {}
    winners = [a.entry for a in selectors.winners(contest=internal) if not a.level.is_special][:2]
    if not winners:
        return {}
    ends = cohort.ends_on
    contest = services.contest_create(
        cohort=cohort,
        kind=ContestKind.MINISTRY,
        name=MINISTRY_NAME,
        actor=organizer,
        description="내부 경진대회 대상·최우수 사례를 기관 명의로 출품합니다.",
        entry_deadline=_at(cohort, ends + dt.timedelta(days=58), 18),
        judging_opens_at=_at(cohort, ends + dt.timedelta(days=70), 9),
        judging_closes_at=_at(cohort, ends + dt.timedelta(days=90), 18),
    )
    services.contest_set_status(contest=contest, status=ContestStatus.OPEN, actor=organizer, now=_at(cohort, ends, 22))
    forms = 0
    for index, won in enumerate(winners):
        entry = services.entry_nominate(
            contest=contest,
            submission=won.submission,
            actor=organizer,
            now=_at(cohort, ends + dt.timedelta(days=7), 10),
        )
        form = entry.form
        fields = {
            "field": "디지털 행정혁신" if index == 0 else "대민 서비스 혁신",
            "security_measures": (
                "개인정보(성명·연락처·주민등록번호)는 입력 전에 가림 처리하고, "
                "외부 생성형 AI에는 공개 자료만 넣었습니다. "
                "「부산광역시 생성형 AI 활용 지침」의 점검표로 매 단계를 확인했습니다."
            ),
            "results_before": "담당자가 민원 1건을 읽고 분류하는 데 평균 4분, 하루 300건 처리에 20시간이 걸렸습니다.",
            "results_after": (
                "AI가 분류 초안을 제시해 1건당 1분으로 줄었고, 재배정 민원이 월 120건에서 35건으로 줄었습니다."
            ),
            "spread": "민원 분류 기준표와 프롬프트를 공개해 16개 구·군과 다른 시·도가 그대로 쓸 수 있습니다.",
            "plans": "2026년 상반기 시 전 부서 확대, 하반기 구·군 공동 활용을 추진합니다.",
        }
        services.entry_form_save(
            form=form, fields=fields, base_version=form.version, actor=organizer, now=_at(cohort, ends, 23)
        )
        forms += 1
    return {"ministry entry forms": forms}


def _seed_current(cohort) -> dict:
    """A cohort under way: its internal contest as a draft, with the panel of the cohort's judges."""
    if Contest.objects.filter(cohort=cohort, name=CURRENT_INTERNAL_NAME).exists():
        return {}
    organizer = _organizer(cohort)
    if organizer is None:
        return {}
    now = timezone.now()
    ends = cohort.ends_on or timezone.localdate() + dt.timedelta(days=30)
    contest = services.contest_create(
        cohort=cohort,
        kind=ContestKind.INTERNAL,
        name=CURRENT_INTERNAL_NAME,
        actor=organizer,
        description="2기의 AI 시제품을 서면 심사와 발표 심사, 동료 투표로 평가합니다.",
        entry_deadline=max(now + dt.timedelta(days=7), _at(cohort, ends, 18)),
        judging_opens_at=None,
        judging_closes_at=max(now + dt.timedelta(days=21), _at(cohort, ends + dt.timedelta(days=14), 18)),
    )
    judges = list(Membership.objects.filter(cohort=cohort, role=Role.JUDGE, is_active=True).order_by("pk"))
    for rnd in contest.rounds.exclude(kind=RoundKind.PEER):
        for judge in judges:
            services.panel_add(rnd=rnd, judge=judge)
    return {"contests": 1}
