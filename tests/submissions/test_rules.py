"""The submissions permissions: cohort-wide ones take the cohort, a submission's take its team, a prompt's the
prompt. Each user object is fresh, as in a request (the predicates keep the viewer on it)."""

import rules
from django.contrib.auth import get_user_model

from submissions.models import SubmissionStatus

from .factories import PromptFactory, SubmissionFactory, SubmissionSettingsFactory


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def perms(user, obj, *names):
    user = fresh(user)
    return tuple(user.has_perm(f"submissions.{name}", obj) for name in names)


def test_a_draft_is_read_and_edited_by_its_team_read_by_staff_and_unknown_to_others(
    cohort, team_a, member_a, member_b, facilitator, organizer, judge
):
    SubmissionFactory(team=team_a)
    names = ("view_submission", "view_history", "edit_submission")

    assert perms(member_a, team_a, *names) == (True, True, True)
    assert perms(facilitator, team_a, *names) == (True, True, False)
    assert perms(organizer, team_a, *names) == (True, True, False)
    assert perms(member_b, team_a, *names) == (False, False, False)
    assert perms(judge, team_a, *names) == (False, False, False)


def test_an_open_gallery_shows_a_submitted_one_but_never_its_history(cohort, team_a, member_b, judge):
    SubmissionFactory(team=team_a, status=SubmissionStatus.SUBMITTED)
    SubmissionSettingsFactory(cohort=cohort, gallery_open=True)

    assert perms(member_b, team_a, "view_submission", "view_history", "edit_submission") == (True, False, False)
    assert perms(judge, team_a, "view_submission", "view_history", "edit_submission") == (True, False, False)


def test_only_the_teams_own_members_edit_its_prompts(cohort, team_a, member_a, teammate_a, facilitator):
    prompt = PromptFactory(submission=SubmissionFactory(team=team_a))

    assert perms(member_a, prompt, "edit_prompt") == (True,)
    assert perms(teammate_a, prompt, "edit_prompt") == (True,)
    assert perms(facilitator, prompt, "edit_prompt") == (False,)


def test_the_dead_rule_is_gone():
    assert rules.perm_exists("submissions.view_all") is False
