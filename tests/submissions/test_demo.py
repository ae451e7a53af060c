import io

from django.core.management import call_command
from django.utils import timezone

from learninggroup.demo import PILOT
from learninggroup.models import Cohort
from submissions.demo import seed
from submissions.models import Attachment, Prompt, Submission, SubmissionRevision, SubmissionSettings

from .conftest import join
from .factories import TeamFactory


def counts():
    return [m.objects.count() for m in (Submission, Attachment, Prompt, SubmissionRevision, SubmissionSettings)]


def test_without_teams_the_seed_does_nothing(cohort):
    seed(cohort=cohort)

    assert counts() == [0, 0, 0, 0, 0]


def _three_teams(cohort):
    for topic in ["민원 분류 챗봇", "시 홈페이지 AI 안내 도우미", "복지 사업 안내 챗봇"]:
        team = TeamFactory(cohort=cohort, topic=topic)
        join(team)
        join(team)


def test_each_team_gets_a_submission_files_and_prompts_once(cohort, organizer):
    _three_teams(cohort)

    seed(cohort=cohort)
    first = counts()
    seed(cohort=cohort)

    assert counts() == first
    # a cohort in progress: one team has submitted (twice), the others are drafting
    assert sorted(Submission.objects.values_list("status", flat=True)) == ["draft", "draft", "submitted"]
    minwon = Submission.objects.get(team__topic="민원 분류 챗봇")
    assert minwon.title == "민원 자동 분류·유사사례 안내 챗봇 「민원똑똑」"
    assert minwon.revisions.count() == 2
    assert Prompt.objects.filter(pii_flagged=True).count() == 1
    assert Prompt.objects.filter(for_casebook=True).count() == 0
    assert set(Attachment.objects.values_list("content_type", flat=True)) == {"image/png", "application/pdf"}
    assert SubmissionSettings.objects.get().deadline > timezone.now()


def test_the_pilots_teams_all_submitted_before_its_deadline_and_some_prompts_are_in_the_casebook(cohort, organizer):
    Cohort.objects.filter(pk=cohort.pk).update(name=PILOT["name"])
    cohort.refresh_from_db()
    _three_teams(cohort)

    seed(cohort=cohort)

    assert sorted(Submission.objects.values_list("status", flat=True)) == ["submitted"] * 3
    assert Submission.objects.get(team__topic="복지 사업 안내 챗봇").description.startswith("나이, 가구 형태")
    assert Prompt.objects.filter(for_casebook=True).count() == 3
    deadline = SubmissionSettings.objects.get().deadline
    assert deadline.year == 2025
    assert all(s.submitted_at < deadline for s in Submission.objects.all())


def test_the_whole_demo_seeds_twice_without_change(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == first
