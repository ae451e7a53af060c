"""Builders for contests tests: submitted prototypes with a revision, judges, a contest with entries."""

from __future__ import annotations

from django.utils import timezone

from learninggroup.models import Role
from submissions.models import Submission, SubmissionRevision, SubmissionStatus
from tests.factories import MembershipFactory
from tests.submissions.factories import TeamFactory, TeamMembershipFactory


def team_with_members(cohort, name: str, departments=("민원담당관", "교통정책과", "복지정책과")):
    team = TeamFactory(cohort=cohort, name=name)
    members = []
    for department in departments:
        membership = MembershipFactory(cohort=cohort, role=Role.PARTICIPANT, department=department)
        TeamMembershipFactory(team=team, membership=membership)
        members.append(membership)
    return team, members


def submitted(team, title: str | None = None, *, actor=None) -> Submission:
    """The team's submission, submitted once (revision 1 frozen)."""
    now = timezone.now()
    title = title or f"{team.name}의 AI 시제품"
    submission = Submission.objects.create(
        team=team,
        cohort=team.cohort,
        title=title,
        summary="민원을 분류합니다",
        background="민원이 많습니다.",
        description="민원 본문을 넣으면 부서를 추천합니다.",
        ai_tools="ChatGPT",
        status=SubmissionStatus.SUBMITTED,
        submitted_at=now,
        version=1,
    )
    revise(submission, actor=actor)
    return submission


def revise(submission: Submission, *, actor=None) -> SubmissionRevision:
    number = (submission.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return SubmissionRevision.objects.create(
        submission=submission,
        number=number,
        created_by=actor,
        created_at=timezone.now(),
        snapshot={
            "version": submission.version,
            "fields": submission.field_values(),
            "attachments": [],
            "prompts": [{"title": "요약", "purpose": "요약", "text": "세 줄로 요약해 줘", "tool": "ChatGPT"}],
        },
    )


def judge(cohort, department: str = "감사위원회", **kwargs):
    return MembershipFactory(cohort=cohort, role=Role.JUDGE, department=department, **kwargs)


def judged_contest(cohort, organizer, *, entries: int, judges: int = 3, submit: bool = True, publish: bool = False):
    """An internal contest whose written round every judge scored (and submitted): returns (contest, judges)."""
    import datetime as dt

    from contests import services
    from contests.models import ContestKind, RoundKind

    contest = services.contest_create(
        cohort=cohort,
        kind=ContestKind.INTERNAL,
        name=f"채점된 대회 {entries}",
        actor=organizer,
        judging_closes_at=timezone.now() + dt.timedelta(days=5),
    )
    contest = services.contest_update(
        contest=contest,
        fields={"judges_weight": 100, "peer_weight": 0, "share_comments": True},
        actor=organizer,
    )
    presentation = contest.rounds.get(kind=RoundKind.PRESENTATION)
    presentation.weight = 0
    presentation.save()
    written = contest.rounds.get(kind=RoundKind.WRITTEN)
    departments = [("기획과", "재정과", "인사과"), ("홍보과", "감사과", "법무과")]
    for index in range(entries):
        team, _members = team_with_members(cohort, f"대회팀{entries}-{index}", departments[index % 2])
        services.entry_nominate(contest=contest, submission=submitted(team), actor=organizer)
    panel = [judge(cohort, department=f"외부기관{i}") for i in range(judges)]
    for membership in panel:
        services.panel_add(rnd=written, judge=membership)
    services.assignment_run(rnd=written)
    services.contest_set_status(contest=contest, status="open", actor=organizer)
    contest = services.contest_set_status(contest=contest, status="judging", actor=organizer)
    criteria = list(written.criteria.all())
    for number, assignment in enumerate(written.assignments.select_related("judge__user").order_by("pk")):
        user = assignment.judge.user
        services.assignment_confirm_no_conflict(assignment=assignment, actor=user)
        values = {c.pk: str(int(c.points) - (number * 7 + c.order) % 6) for c in criteria}
        services.sheet_save(
            assignment=assignment,
            values=values,
            comments={criteria[0].pk: f"의견 {number}"},
            note="비공개 메모",
            base_version=0,
            actor=user,
        )
        if submit:
            services.sheet_submit(assignment=assignment, actor=user)
    if publish:
        contest = services.contest_set_status(contest=contest, status="closed", actor=organizer)
        contest = services.contest_set_status(contest=contest, status="published", actor=organizer)
    return contest, panel
