"""The submissions app's panel on a team's page (registered in SubmissionsConfig.team_panels)."""

from __future__ import annotations

from learninggroup.plugins import Card

from .selectors import submission_status_for_team


def team_submission_panel(*, team, user, private: bool) -> Card:
    """The team's submission: title, status and when it was saved or submitted (or that it has not started)."""
    return Card("submissions/_team_submission.html", {"submission": submission_status_for_team(team=team)})
