import io

from django.core.management import call_command

from submissions.demo import seed
from submissions.models import Attachment, Prompt, Submission, SubmissionRevision, SubmissionSettings

from .conftest import join
from .factories import TeamFactory


def counts():
    return [m.objects.count() for m in (Submission, Attachment, Prompt, SubmissionRevision, SubmissionSettings)]


def test_without_teams_the_seed_does_nothing(cohort):
    seed(cohort=cohort)

    assert counts() == [0, 0, 0, 0, 0]


def test_each_team_gets_a_submission_files_and_prompts_once(cohort, organizer):
    topics = ["민원 분류 챗봇", "시 홈페이지 AI 안내 도우미", "복지 사업 안내 챗봇"]
    for topic in topics:
        team = TeamFactory(cohort=cohort, topic=topic)
        join(team)
        join(team)

    seed(cohort=cohort)
    first = counts()
    seed(cohort=cohort)

    assert counts() == first
    assert sorted(Submission.objects.values_list("status", flat=True)) == ["draft", "submitted", "submitted"]
    minwon = Submission.objects.get(team__topic="민원 분류 챗봇")
    assert minwon.title == "민원 자동 분류·유사사례 안내 챗봇 「민원똑똑」"
    assert minwon.revisions.count() == 2
    assert Prompt.objects.filter(pii_flagged=True).count() == 1
    assert Prompt.objects.filter(for_casebook=True).count() == 3
    assert set(Attachment.objects.values_list("content_type", flat=True)) == {"image/png", "application/pdf"}
    assert SubmissionSettings.objects.get().deadline is not None


def test_the_whole_demo_seeds_twice_without_change(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == first
