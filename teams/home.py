"""The teams app's card on a cohort's home page (registered in TeamsConfig.home_cards)."""

from __future__ import annotations

from learninggroup.models import Role
from learninggroup.plugins import HomeCard

from .selectors import formation_state, formation_summary, open_teams, participant_membership, team_for_user


def team_card(*, cohort, user, roles) -> HomeCard | None:
    """A participant's team and teammates; while teams form, where to state wishes; after they are final, for
    someone not placed (who joined late), which teams have room and that a facilitator will place them.
    Facilitators see how many teams need attention. Nobody else gets a team card."""
    context: dict = {"is_participant": Role.PARTICIPANT in roles, "is_facilitator": Role.FACILITATOR in roles}
    if not context["is_participant"] and not context["is_facilitator"]:
        return None
    formation = formation_state(cohort=cohort)
    context["finalized"] = formation.is_finalized
    if context["is_participant"]:
        context["team"] = team_for_user(cohort=cohort, user=user)
        if context["team"] is None and formation.is_finalized and participant_membership(cohort=cohort, user=user):
            context["open_teams"] = open_teams(cohort=cohort)
    if context["is_facilitator"]:
        context["summary"] = formation_summary(cohort=cohort)
    return HomeCard("teams/_home_team.html", context)
