"""The teams app's card on a cohort's home page (registered in TeamsConfig.home_cards)."""

from __future__ import annotations

from learninggroup.plugins import HomeCard

from .selectors import team_for_user


def team_card(*, cohort, user, roles) -> HomeCard:
    """The person's team and teammates, or where to state wishes while teams are being formed."""
    return HomeCard("teams/_home_team.html", {"team": team_for_user(cohort=cohort, user=user)})
