"""Who may export what: organizers everything, facilitators the attendance; nobody else learns exports exist."""

import rules

from learninggroup.rules import is_organizer, is_staff_of_cohort

rules.add_perm("exports.view_exports", is_staff_of_cohort)
rules.add_perm("exports.export_attendance", is_staff_of_cohort)
rules.add_perm("exports.export_contest", is_organizer)
rules.add_perm("exports.export_casebook", is_organizer)
rules.add_perm("exports.manage_certificates", is_organizer)
