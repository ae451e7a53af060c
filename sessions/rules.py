"""Who may do what with sessions, per cohort (the roles come from learninggroup.rules)."""

import rules

from learninggroup.rules import is_facilitator, is_member, is_organizer, is_participant

is_session_staff = is_organizer | is_facilitator

rules.add_perm("learning_sessions.view_sessions", is_member)
rules.add_perm("learning_sessions.plan_sessions", is_session_staff)
rules.add_perm("learning_sessions.change_session", is_session_staff)
rules.add_perm("learning_sessions.take_attendance", is_session_staff)
rules.add_perm("learning_sessions.view_attendance", is_session_staff)
rules.add_perm("learning_sessions.write_notes", is_session_staff)
rules.add_perm("learning_sessions.read_all_notes", is_session_staff)
rules.add_perm("learning_sessions.change_settings", is_session_staff)
rules.add_perm("learning_sessions.check_in", is_participant)
