"""Each role sees its own submissions copy, and a team page links a submission only for who may open it."""

from django.urls import reverse

from submissions.models import SubmissionStatus
from teams.models import FormationStatus, TeamFormation

from .factories import SubmissionFactory, SubmissionSettingsFactory


def page(client, user, name, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs)).content.decode()


def test_a_judge_never_reads_our_team_copy_on_the_submissions_page(client, cohort, judge, team_a, member_a):
    html = page(client, judge, "submission_gallery", pk=cohort.pk)

    assert "우리 팀" not in html and "팀 제출물을 볼 수 있습니다" not in html
    assert "운영자가 갤러리를 열면 팀들이 제출한 결과물이 여기에 보입니다." in html


def test_the_team_page_links_the_submission_only_for_who_may_open_it(client, cohort, team_a, member_a, judge):
    TeamFormation.objects.create(cohort=cohort, status=FormationStatus.FINALIZED)
    submission = SubmissionFactory(team=team_a, title="민원 분류 챗봇", status=SubmissionStatus.SUBMITTED)
    link = reverse("submission_detail", kwargs={"pk": cohort.pk, "team_pk": team_a.pk})

    assert link in page(client, member_a, "team_detail", pk=cohort.pk, team_pk=team_a.pk)
    judge_sees = page(client, judge, "team_detail", pk=cohort.pk, team_pk=team_a.pk)
    assert submission.title in judge_sees and link not in judge_sees  # the gallery is closed

    SubmissionSettingsFactory(cohort=cohort, gallery_open=True)
    assert link in page(client, judge, "team_detail", pk=cohort.pk, team_pk=team_a.pk)


def test_a_404_is_the_projects_korean_page_with_the_way_back_also_in_development(client, cohort, judge, settings):
    settings.DEBUG = True
    client.force_login(judge)

    response = client.get(reverse("submission_detail", kwargs={"pk": cohort.pk, "team_pk": 999999}))

    assert response.status_code == 404
    html = response.content.decode()
    assert "페이지를 찾을 수 없습니다" in html and "없는 화면이거나 열 수 없는 화면입니다" in html
    assert reverse("home") in html
