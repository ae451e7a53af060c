"""Every state change of sessions: one function per use case, called by views, tasks and commands alike."""

from .attendance import (
    CheckInRefused,
    CheckInResult,
    attendance_check_in,
    attendance_mark,
    attendance_mark_unrecorded,
    check_in_window,
)
from .calendar import calendar_token_get_or_create, calendar_token_reset, reminder_preference_set
from .notes import note_create, note_delete, note_update
from .reminders import RunResult, attendance_warnings_send_due, reminders_send_due, session_change_notify
from .schedule import (
    PlanResult,
    session_cancel,
    session_create,
    session_move,
    session_settings_update,
    session_update,
    sessions_create_from_plan,
)

__all__ = [
    "CheckInRefused",
    "CheckInResult",
    "PlanResult",
    "RunResult",
    "attendance_check_in",
    "attendance_mark",
    "attendance_mark_unrecorded",
    "attendance_warnings_send_due",
    "calendar_token_get_or_create",
    "calendar_token_reset",
    "check_in_window",
    "note_create",
    "note_delete",
    "note_update",
    "reminder_preference_set",
    "reminders_send_due",
    "session_cancel",
    "session_change_notify",
    "session_create",
    "session_move",
    "session_settings_update",
    "session_update",
    "sessions_create_from_plan",
]
