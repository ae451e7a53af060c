"""The contests app's cards on other pages and its calendar deadlines (registered in ContestsConfig)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from learninggroup.models import Role
from learninggroup.plugins import Card, Deadline

from . import selectors


def judging_card(*, cohort, user, roles) -> Card | None:
    """For a judge: the scoresheets still to finish in the cohort's judging contests ("n / m 완료")."""
    if Role.JUDGE not in roles:
        return None
    desks = selectors.judge_open_desks(cohort=cohort, user=user)
    return Card("contests/_home_judging.html", {"desks": desks})


def team_awards_panel(*, team, user, private: bool) -> Card | None:
    """On a team's page: the team's entries in published contests, with their award."""
    entries = selectors.team_published_entries(team=team)
    if not entries:
        return None
    rows = [(entry, user.has_perm("contests.view_feedback", entry)) for entry in entries]
    return Card("contests/_team_awards.html", {"rows": rows})


def judging_deadlines(*, cohort, user) -> list[Deadline]:
    """The close of judging of each contest where the person judges (while it is judging), and the entry
    deadline of each Ministry contest their team entered (while entries are open)."""
    found = []
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        for contest in selectors.judging_contests_for(cohort=cohort, user=user):
            found.append(
                Deadline(
                    uid=f"contest-judging-{contest.pk}-judge-{user.pk}",
                    summary=_("Judging closes · %(contest)s") % {"contest": contest.name},
                    due_at=contest.judging_closes_at,
                    url=settings.SITE_URL + reverse("judge_desk", args=[cohort.pk, contest.pk]),
                    description=_("Submit your scoresheets by this time."),
                )
            )
        for contest in selectors.entry_deadlines_for(cohort=cohort, user=user):
            found.append(
                Deadline(
                    uid=f"contest-entry-{contest.pk}-user-{user.pk}",
                    summary=_("Entry deadline · %(contest)s") % {"contest": contest.name},
                    due_at=contest.entry_deadline,
                    url=settings.SITE_URL + reverse("contest_detail", args=[cohort.pk, contest.pk]),
                    description=_("The entry form can be edited until this time."),
                )
            )
    return found
