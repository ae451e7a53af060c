"""Who sees what: the viewer's team, the cohort's staff, the gallery switch, and the prompt library."""

import pytest

from submissions import selectors
from submissions.models import Prompt, SubmissionStatus

from .factories import PromptFactory, SubmissionFactory, SubmissionSettingsFactory


def viewer(cohort, user):
    return selectors.viewer_for(cohort=cohort, user=user)


@pytest.fixture
def drafts(team_a, team_b):
    return SubmissionFactory(team=team_a), SubmissionFactory(team=team_b)


def visible_teams(cohort, user):
    return sorted(team.name for team in selectors.gallery_teams(viewer=viewer(cohort, user)))


def test_participants_see_their_own_team_only_until_the_gallery_opens(cohort, drafts, member_a, member_b, team_b):
    assert visible_teams(cohort, member_a) == ["민원혁신팀"]

    SubmissionSettingsFactory(cohort=cohort, gallery_open=True)
    assert visible_teams(cohort, member_a) == ["민원혁신팀"]  # the other team's draft stays hidden

    drafts[1].status = SubmissionStatus.SUBMITTED
    drafts[1].save()
    assert visible_teams(cohort, member_a) == ["민원혁신팀", "스마트안내팀"]
    assert viewer(cohort, member_a).can_view(team_b.pk, SubmissionStatus.SUBMITTED) is True
    assert viewer(cohort, member_a).can_edit(team_b.pk) is False
    assert viewer(cohort, member_a).can_view_history(team_b.pk) is False


def test_staff_see_every_team_started_or_not(cohort, team_a, team_b, facilitator, organizer):
    SubmissionFactory(team=team_a)

    assert visible_teams(cohort, facilitator) == ["민원혁신팀", "스마트안내팀"]
    assert visible_teams(cohort, organizer) == ["민원혁신팀", "스마트안내팀"]
    assert viewer(cohort, facilitator).can_view_history(team_a.pk) is True


def test_judges_see_submitted_work_only_in_an_open_gallery(cohort, drafts, judge, team_a):
    drafts[0].status = SubmissionStatus.SUBMITTED
    drafts[0].save()
    assert visible_teams(cohort, judge) == []

    SubmissionSettingsFactory(cohort=cohort, gallery_open=True)
    assert visible_teams(cohort, judge) == ["민원혁신팀"]


def test_a_team_page_of_another_team_is_none_for_a_participant(cohort, drafts, member_a, team_b):
    assert member_a.has_perm("submissions.view_submission", team_b) is False
    assert member_a.has_perm("submissions.view_submission", drafts[0].team) is True


# The prompt library --------------------------------------------------------------------------


@pytest.fixture
def library(drafts):
    """Prompts of team B in every state; team A has one private prompt."""
    own, other = drafts
    return {
        "own_private": PromptFactory(submission=own, title="A 비공개"),
        "private": PromptFactory(submission=other, title="B 비공개"),
        "consented": PromptFactory(submission=other, title="B 공개 동의", consent_to_publish=True),
        "flagged": PromptFactory(
            submission=other,
            title="B 개인정보",
            consent_to_publish=True,
            pii_flagged=True,
            pii_findings=[{"kind": "phone"}],
        ),
        "casebook": PromptFactory(
            submission=other,
            title="B 사례집",
            consent_to_publish=True,
            for_casebook=True,
            casebook_category="민원 응대",
        ),
    }


def titles(cohort, user, **filters):
    return sorted(p.title for p in selectors.prompt_library(viewer=viewer(cohort, user), **filters))


def test_the_library_shows_own_prompts_and_others_casebook_prompts(cohort, library, member_a):
    assert titles(cohort, member_a) == ["A 비공개", "B 사례집"]


def test_an_open_gallery_adds_consented_clean_prompts_of_submitted_work(cohort, library, member_a, drafts):
    SubmissionSettingsFactory(cohort=cohort, gallery_open=True)
    assert titles(cohort, member_a) == ["A 비공개", "B 사례집"]  # team B has not submitted

    drafts[1].status = SubmissionStatus.SUBMITTED
    drafts[1].save()
    assert titles(cohort, member_a) == ["A 비공개", "B 공개 동의", "B 사례집"]  # never the private or flagged ones


def test_staff_see_every_prompt_and_judges_only_published_ones(cohort, library, organizer, judge):
    assert titles(cohort, organizer) == ["A 비공개", "B 개인정보", "B 공개 동의", "B 비공개", "B 사례집"]
    assert titles(cohort, judge) == ["B 사례집"]


def test_search_and_tag_filter(cohort, drafts, member_a):
    own = drafts[0]
    PromptFactory(submission=own, title="회의록 요약", text="녹취록을 요약", purpose="", tags=",회의록,")
    PromptFactory(submission=own, title="보도자료", text="초안 작성", purpose="민원 대응 홍보", tags=",민원인,")
    PromptFactory(submission=own, title="분류", text="민원을 분류해 줘", purpose="", tags=",민원,")

    assert titles(cohort, member_a, query="요약") == ["회의록 요약"]
    assert titles(cohort, member_a, query="민원") == ["보도자료", "분류"]
    assert titles(cohort, member_a, tag="민원") == ["분류"]  # exact tags: "민원인" does not match
    assert titles(cohort, member_a, tag="%") == []
    assert selectors.prompt_tags(viewer=viewer(cohort, member_a)) == [("민원", 1), ("민원인", 1), ("회의록", 1)]


def test_casebook_only(cohort, library, organizer):
    assert titles(cohort, organizer, casebook=True) == ["B 사례집"]


def test_status_for_the_team_page(team_a, team_b):
    SubmissionFactory(team=team_a, title="민원 분류 챗봇", status=SubmissionStatus.SUBMITTED)

    status = selectors.submission_status_for_team(team=team_a)

    assert (status["status"], status["title"], status["url"]) == (
        "submitted",
        "민원 분류 챗봇",
        f"/cohorts/{team_a.cohort_id}/submissions/teams/{team_a.pk}/",
    )
    assert str(status["status_label"]) == "제출 완료"
    assert selectors.submission_status_for_team(team=team_b) is None
    assert Prompt.objects.count() == 0
