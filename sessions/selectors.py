"""Read-side queries of this app."""


def session_next_for_user(*, cohort, user):
    """The next session the person is expected at, for their home page (None until sessions exist)."""
    return None
