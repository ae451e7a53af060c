from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PLAN_ERRORS = {
    "window_reversed": _("The last date cannot be before the first date."),
    "window_too_long": _("Plan at most one year at a time."),
    "no_weekdays": _("Choose at least one weekday."),
    "bad_count": _("Choose between 1 and 60 sessions."),
    "ends_before_start": _("A session must end after it starts."),
}

CHECK_IN_REFUSALS = {
    "forged": _("This check-in code is not valid. Scan the code on the facilitator's screen again."),
    "expired": _("This check-in code has expired: the code changes every minute. Scan the code on the screen again."),
    "other_session": _("This code belongs to another session. Scan the code shown for this session."),
    "cancelled": _("This session was cancelled, so there is nothing to check in to."),
    "too_early": _("Check-in opens 30 minutes before the session starts."),
    "ended": _("The session has ended, so check-in is closed. Ask your facilitator to record your attendance."),
    "not_participant": _("Only the cohort's participants check in."),
    "missing": _("This check-in link is incomplete. Scan the code on the facilitator's screen."),
}
