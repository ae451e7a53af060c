"""Teams: the automatic former, the auto-formation service, and the formation and team pages.

Former (pure, teams/formation.py): made-up participants with 12 departments per 35 people (the pilot's
mix; 2,000 people spread over 100 departments as in a large city hall), AI levels 1–5 with one in six
unknown, ten topics, a mutual colleague wish for a fifth of them and one-sided wishes for some more. The
baseline is the greedy placement alone (no local search): what the improving swaps cost on top.

Service: teams_auto_form on PostgreSQL for a cohort of 35 (reads the wishes, replaces the draft teams,
writes nine teams and 35 placements). Pages: the facilitator's formation page, the team list and a move
answered to htmx, for a cohort of 35 alone and again among 50 such cohorts (baseline: the one-cohort run).
"""

from __future__ import annotations

import random

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from bench.bench_foundation import COHORT_SIZE, COHORTS_AT_SCALE, populate_cohort
from bench.harness import Row, measure
from learninggroup.models import Membership, Organization, Role
from teams import formation, services
from teams.models import Team, TeamMembership, TeamPreference, Topic

TOPICS = [
    "민원 분류 챗봇",
    "시 홈페이지 AI 안내 도우미",
    "생활정보 추천 앱",
    "회의록 자동 요약",
    "보도자료 초안 작성 도우미",
    "공공데이터 시각화 대시보드",
    "복지 사업 안내 챗봇",
    "교통 민원 분석",
    "관광 안내 다국어 번역",
    "생성형 AI 업무 활용 지침",
]


def people(count: int, seed: int = 1) -> list[formation.Person]:
    rng = random.Random(seed)
    departments = max(12, count // 20)
    result = []
    for i in range(count):
        wishes: tuple[int, ...] = ()
        if i % 10 in (0, 1) and i + 1 < count:
            wishes = (i + 1,) if i % 10 == 0 else (i - 1,)
        elif i % 7 == 3:
            wishes = (rng.randrange(count),)
        result.append(
            formation.Person(
                id=i,
                department=f"부서{rng.randrange(departments):03d}",
                level=None if rng.random() < 1 / 6 else rng.randint(1, 5),
                topic=rng.randrange(len(TOPICS)),
                wishes=wishes,
            )
        )
    return result


def former_benchmarks() -> list[Row]:
    rows = []
    for count, repeat, target in ((35, 30, "< 100 ms"), (500, 5, ""), (2000, 5, "< 5 s")):
        sample = people(count)
        baseline = measure(
            lambda sample=sample: formation.form_teams(sample, smallest=3, largest=4, seed=2025, budget=0),
            repeat=repeat,
        )
        timing = measure(
            lambda sample=sample: formation.form_teams(sample, smallest=3, largest=4, seed=2025), repeat=repeat
        )
        score = formation.form_teams(sample, smallest=3, largest=4, seed=2025).score
        greedy = formation.form_teams(sample, smallest=3, largest=4, seed=2025, budget=0).score
        what = (
            f"auto-former (clashes {score.department_clashes}/{greedy.department_clashes} greedy, "
            f"spread {score.level_spread:.2f}/{greedy.level_spread:.2f}, "
            f"mutual {score.mutual_wishes_honoured}/{score.mutual_wishes_total}, "
            f"topics {score.topic_wishes_honoured}/{score.topic_wishes_total})"
        )
        rows.append(Row(what, f"{count:,} participants, bounds 3–4", timing, target, baseline, "greedy only"))
    return rows


def _wishes(cohort) -> None:
    topics = [Topic.objects.create(cohort=cohort, name=name, order=i) for i, name in enumerate(TOPICS)]
    members = list(Membership.objects.filter(cohort=cohort, role=Role.PARTICIPANT).order_by("pk"))
    TeamPreference.objects.bulk_create(
        TeamPreference(
            membership=m,
            topic=topics[i % len(topics)],
            colleague1=members[i + 1] if i % 6 == 0 and i + 1 < len(members) else None,
        )
        for i, m in enumerate(members)
    )


def service_and_page_benchmarks() -> list[Row]:
    organization = Organization.objects.create(name="벤치마크시 (팀)", slug="bench-teams")
    unusable = make_password(None)
    cohort, _organizer = populate_cohort(organization, 1, unusable)
    _wishes(cohort)
    facilitator = Membership.objects.filter(cohort=cohort, role=Role.FACILITATOR).select_related("user").first().user
    participants = Membership.objects.filter(cohort=cohort, role=Role.PARTICIPANT).count()

    service = measure(
        lambda: services.teams_auto_form(cohort=cohort, actor=facilitator, seed=2025),
        repeat=10,
        count_queries=True,
    )
    rows = [
        Row(
            f"auto-formation service, replaces the draft ({service.queries} queries)",
            f"{participants} participants",
            service,
            "< 500 ms",
        )
    ]

    client = Client()
    client.force_login(facilitator)
    pages = [
        ("formation page", reverse("team_formation", args=[cohort.pk])),
        ("team list", reverse("team_list", args=[cohort.pk])),
    ]

    def page_timings():
        timings = {}
        for name, url in pages:

            def get(url=url):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            timings[name] = measure(get, repeat=20, warmup=2, count_queries=True)

        def one_move():
            """Someone of a full team, and the team with a free seat."""
            teams = list(Team.objects.filter(cohort=cohort).annotate(size=Count("members")).order_by("pk"))
            target = next(t for t in teams if t.size < cohort.team_size_max)
            row = TeamMembership.objects.filter(team__cohort=cohort).exclude(team=target).order_by("?").first()
            return row, str(target.pk)

        def post(case):
            row, target = case
            response = client.post(
                reverse("team_move", args=[cohort.pk]),
                {"membership": row.membership_id, "from_team": row.team_id, "version": row.version, "to_team": target},
                HTTP_HX_REQUEST="true",
            )
            assert response.status_code == 200

        # every team full (32 people in 8 × 4): free one seat first, so that each timed call is a move
        if not any(t.members.count() < cohort.team_size_max for t in Team.objects.filter(cohort=cohort)):
            row = TeamMembership.objects.filter(team__cohort=cohort).order_by("pk").first()
            services.team_member_remove(membership=row.membership, expected_team_id=row.team_id, actor=facilitator)
        timings["move (htmx)"] = measure(post, repeat=20, warmup=2, setup=one_move, count_queries=True)
        return timings

    alone = page_timings()
    for number in range(2, COHORTS_AT_SCALE + 1):
        other, _ = populate_cohort(organization, number, unusable)
        _wishes(other)
        services.teams_auto_form(cohort=other, actor=None, seed=number)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    at_scale = page_timings()
    people_total = COHORTS_AT_SCALE * COHORT_SIZE
    for name in alone:
        label = f"{name} ({alone[name].queries} queries)"
        rows.append(Row(label, f"1 cohort × {COHORT_SIZE}", alone[name], "< 200 ms"))
        rows.append(
            Row(
                f"{name} ({at_scale[name].queries} queries)",
                f"{COHORTS_AT_SCALE} cohorts × {COHORT_SIZE} ({people_total:,} people)",
                at_scale[name],
                "< 200 ms",
                alone[name],
                "1 cohort",
            )
        )
    return rows


def benchmarks() -> list[Row]:
    return former_benchmarks() + service_and_page_benchmarks()
