"""The submissions app's cards: on a cohort's home page (SubmissionsConfig.home_cards) and on a team's page
(SubmissionsConfig.team_panels)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from learninggroup.models import Role
from learninggroup.plugins import Card
from teams.models import Team

from .deadlines import DeadlineState
from .models import DeadlineExtension, SubmissionStatus
from .selectors import settings_for, submission_status_for_team, team_id_for


def submission_card(*, cohort, user, roles) -> Card | None:
    """A participant in a team: the deadline as D-n and the button to the team's submission. Organizers and
    facilitators: how many teams have submitted, are drafting or have not started. Judges see nothing here."""
    staff = Role.ORGANIZER in roles or Role.FACILITATOR in roles
    team_id = team_id_for(cohort=cohort, user=user) if Role.PARTICIPANT in roles else None
    if team_id is None and not staff:
        return None
    deadline = settings_for(cohort=cohort).deadline
    context: dict = {"team_id": team_id, "staff": staff}
    if team_id is not None:
        extension = DeadlineExtension.objects.filter(team_id=team_id).values_list("until", flat=True).first()
        context["deadline"] = DeadlineState(deadline=deadline, extended_until=extension, now=timezone.now())
        context["status"] = submission_status_for_team(team=Team(pk=team_id, cohort=cohort))
    if staff:
        context["counts"] = Team.objects.filter(cohort=cohort).aggregate(
            teams=Count("pk"),
            submitted=Count("pk", filter=Q(submission__status=SubmissionStatus.SUBMITTED)),
        )
        context["cohort_deadline"] = deadline
    return Card("submissions/_home_submission.html", context)


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
