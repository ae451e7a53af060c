"""Read-side queries of this app."""


def team_for_user(*, cohort, user):
    """The person's team in the cohort, for their home page (None until teams exist)."""
    return None
