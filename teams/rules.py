"""Who may do what with teams, per cohort (see learninggroup/rules.py for the predicates)."""

import rules

from learninggroup.rules import is_facilitator, is_member, is_organizer, is_participant

rules.add_perm("teams.view_teams", is_member)
rules.add_perm("teams.form_teams", is_organizer | is_facilitator)  # organizers run the cohort too
rules.add_perm("teams.manage_topics", is_organizer | is_facilitator)
rules.add_perm("teams.state_preferences", is_participant)
# Attendance and notes on a team's page: its own members and the cohort's staff.
rules.add_perm("teams.view_team_private", is_organizer | is_facilitator)
