from .rules import cohort_roles
from .selectors import cohort_list_for_user


def navigation(request) -> dict:
    """The cohort being viewed, the viewer's roles in it, and the viewer's cohorts for the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cohort = getattr(request, "cohort", None)
    return {
        "nav_cohort": cohort,
        "nav_roles": cohort_roles(user, cohort) if cohort else frozenset(),
        "nav_cohorts": _lazy_cohorts(user),
    }


class _lazy_cohorts:
    """Fetched only if the template shows the cohort switcher."""

    def __init__(self, user):
        self.user = user
        self._items = None

    def __iter__(self):
        if self._items is None:
            self._items = cohort_list_for_user(user=self.user)
        return iter(self._items)

    def __len__(self):
        if self._items is None:
            self._items = cohort_list_for_user(user=self.user)
        return len(self._items)
