"""The submissions app's panel on a team's page (registered in SubmissionsConfig.team_panels)."""

from __future__ import annotations

from learninggroup.plugins import Card

from .models import SubmissionStatus
from .selectors import settings_for, submission_status_for_team


def team_submission_panel(*, team, user, private: bool) -> Card:
    """The team's submission: title, status and when it was saved or submitted (or that it has not started).
    The title links to the submission only when the viewer may open it (the team and staff; others once the
    gallery is open and the work is submitted)."""
    submission = submission_status_for_team(team=team)
    can_open = submission is not None and (
        private
        or (submission["status"] == SubmissionStatus.SUBMITTED and settings_for(cohort=team.cohort).gallery_open)
    )
    return Card("submissions/_team_submission.html", {"submission": submission, "can_open": can_open})
