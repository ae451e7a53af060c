from .access import LAST_COHORT_COOKIE
from .models import Cohort
from .rules import cohort_roles


def navigation(request) -> dict:
    """The cohort being viewed and the viewer's roles in it, for the cohort menu. Pages outside a cohort (the
    account and two-factor pages) show the cohort the person last opened, while they still belong to it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cohort = getattr(request, "cohort", None)
    last = request.COOKIES.get(LAST_COHORT_COOKIE, "")
    if cohort is None and last.isdigit():
        cohort = (
            Cohort.objects.select_related("organization")
            .filter(pk=int(last), memberships__user=user, memberships__is_active=True)
            .distinct()
            .first()
        )
    return {
        "nav_cohort": cohort,
        "nav_roles": cohort_roles(user, cohort) if cohort else frozenset(),
    }
