"""Who may see and resend a cohort's failed deliveries: its staff (organizers and facilitators)."""

import rules

from learninggroup.rules import is_staff_of_cohort

rules.add_perm("notifications.view_failed", is_staff_of_cohort)
rules.add_perm("notifications.resend", is_staff_of_cohort)
