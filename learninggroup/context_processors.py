from .rules import cohort_roles


def navigation(request) -> dict:
    """The cohort being viewed and the viewer's roles in it, for the cohort menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cohort = getattr(request, "cohort", None)
    return {
        "nav_cohort": cohort,
        "nav_roles": cohort_roles(user, cohort) if cohort else frozenset(),
    }
