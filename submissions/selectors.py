"""Read-side queries of this app."""


def submission_status_for_team(*, team):
    """The team's submission summary for the team page (None until submissions exist)."""
    return None
