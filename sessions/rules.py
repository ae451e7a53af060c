"""Who may do what with sessions. Every permission takes the cohort (the roles come from learninggroup.rules);
which notes a person reads is the selectors' `notes_for_session`, by the same roles and the note's visibility."""

import rules

from learninggroup.rules import is_member, is_participant, is_staff_of_cohort

rules.add_perm("learning_sessions.view_sessions", is_member)
rules.add_perm("learning_sessions.plan_sessions", is_staff_of_cohort)
rules.add_perm("learning_sessions.change_session", is_staff_of_cohort)
rules.add_perm("learning_sessions.take_attendance", is_staff_of_cohort)
rules.add_perm("learning_sessions.view_attendance", is_staff_of_cohort)
rules.add_perm("learning_sessions.write_notes", is_staff_of_cohort)
rules.add_perm("learning_sessions.change_settings", is_staff_of_cohort)
rules.add_perm("learning_sessions.reset_cohort_feed", is_staff_of_cohort)
rules.add_perm("learning_sessions.check_in", is_participant)
