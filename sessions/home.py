"""The sessions app's card on a cohort's home page (registered in SessionsConfig.home_cards)."""

from __future__ import annotations

from django.utils import timezone

from learninggroup.models import Role
from learninggroup.plugins import HomeCard

from .selectors import session_next_for_user


def next_session_card(*, cohort, user, roles) -> HomeCard | None:
    """The next session: for a participant with how to check in, for a facilitator or organizer with the
    attendance and QR buttons (today's session first). A judge has no sessions to attend."""
    staff = Role.FACILITATOR in roles or Role.ORGANIZER in roles
    if not staff and Role.PARTICIPANT not in roles:
        return None
    session = session_next_for_user(cohort=cohort, user=user)
    local_today = timezone.localdate(timezone=cohort.zone)
    today = session is not None and timezone.localdate(session.starts_at, cohort.zone) == local_today
    finished = session is None and cohort.ends_on is not None and cohort.ends_on < local_today
    return HomeCard(
        "sessions/_home_next_session.html",
        {
            "next_session": session,
            "today": today,
            "finished": finished,
            "staff": staff,
            "is_participant": Role.PARTICIPANT in roles,
        },
    )
