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
