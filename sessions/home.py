"""The sessions app's card on a cohort's home page (registered in SessionsConfig.home_cards)."""

from __future__ import annotations

from learninggroup.plugins import HomeCard

from .selectors import session_next_for_user


def next_session_card(*, cohort, user, roles) -> HomeCard:
    """The next session the person is expected at."""
    return HomeCard(
        "sessions/_home_next_session.html", {"next_session": session_next_for_user(cohort=cohort, user=user)}
    )
