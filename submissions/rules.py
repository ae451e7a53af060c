"""Who may do what with submissions and prompts.

Cohort-wide permissions take the cohort; object permissions take the team whose submission it is (or the
prompt). The object predicates ask the cohort's `selectors.Viewer` (team membership, the gallery switch), which
a page builds once per request (`views.common._viewer`) and the predicates reuse.
"""

import rules

from learninggroup.models import Cohort
from learninggroup.rules import is_member, is_organizer, is_participant

from .selectors import Viewer, submission_of, viewer_for

VIEWERS = "_submission_viewers"  # on the user object: {cohort id: Viewer} for this request


def remember_viewer(user, viewer: Viewer) -> Viewer:
    """Keep the page's viewer on the user, so the predicates below ask it instead of building their own."""
    cache = getattr(user, VIEWERS, None)
    if cache is None:
        cache = {}
        setattr(user, VIEWERS, cache)
    cache[viewer.cohort.pk] = viewer
    return viewer


def _viewer(user, cohort_id: int) -> Viewer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    found = getattr(user, VIEWERS, {}).get(cohort_id)
    if found is None:
        cohort = Cohort.objects.filter(pk=cohort_id).first()
        if cohort is None:
            return None
        found = remember_viewer(user, viewer_for(cohort=cohort, user=user))
    return found


def _status(team) -> str | None:
    submission = submission_of(team)
    return submission.status if submission else None


@rules.predicate
def can_read_submission(user, team) -> bool:
    """The team's own members and the cohort's staff; others once the gallery is open and it is submitted."""
    viewer = _viewer(user, team.cohort_id)
    return viewer is not None and viewer.can_view(team.pk, _status(team))


@rules.predicate
def is_own_team(user, team) -> bool:
    viewer = _viewer(user, team.cohort_id)
    return viewer is not None and viewer.can_edit(team.pk)


@rules.predicate
def can_read_history(user, team) -> bool:
    """Drafts, revisions and replaced files: the team's own members and the cohort's staff."""
    viewer = _viewer(user, team.cohort_id)
    return viewer is not None and viewer.can_view_history(team.pk)


@rules.predicate
def is_own_teams_prompt(user, prompt) -> bool:
    viewer = _viewer(user, prompt.submission.cohort_id)
    return viewer is not None and viewer.can_edit(prompt.submission.team_id)


# The cohort (obj: Cohort)
rules.add_perm("submissions.view_gallery", is_member)
rules.add_perm("submissions.view_library", is_member)
rules.add_perm("submissions.edit_own", is_participant)  # the "my submission" shortcut
rules.add_perm("submissions.manage", is_organizer)  # deadline, gallery switch, extensions
rules.add_perm("submissions.curate", is_organizer)  # marking prompts for the casebook
# One team's submission (obj: Team)
rules.add_perm("submissions.view_submission", can_read_submission)
rules.add_perm("submissions.view_history", can_read_history)
rules.add_perm("submissions.edit_submission", is_own_team)
# One prompt (obj: Prompt, with its submission)
rules.add_perm("submissions.edit_prompt", is_own_teams_prompt)
