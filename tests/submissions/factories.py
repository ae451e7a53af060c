import factory

from submissions.models import Prompt, Submission, SubmissionSettings
from teams.models import Team, TeamMembership
from tests.factories import CohortFactory


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"{n}팀")
    topic = "민원 분류 챗봇"


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    team = factory.SubFactory(TeamFactory)
    cohort = factory.LazyAttribute(lambda o: o.team.cohort)
    title = "민원 분류 챗봇"
    summary = "민원 내용을 읽고 담당 부서를 추천합니다"
    background = "하루 300건이 넘는 민원을 담당자가 직접 분류합니다."
    description = "민원 본문을 넣으면 담당 부서와 유사 사례를 보여 줍니다."


class PromptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prompt

    submission = factory.SubFactory(SubmissionFactory)
    title = factory.Sequence(lambda n: f"민원 요약 프롬프트 {n}")
    purpose = "긴 민원을 세 줄로 요약"
    text = "다음 민원을 세 줄로 요약하고 담당 부서를 추천해 줘."
    tool = "ChatGPT (GPT-4o)"
    tags = ",민원,요약,"


class SubmissionSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionSettings

    cohort = factory.SubFactory(CohortFactory)
