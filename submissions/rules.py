"""Who may do what with submissions and prompts, per cohort. Which team's submission a person may read
or edit is decided by `selectors.Viewer` (team membership, the gallery switch)."""

import rules

from learninggroup.rules import is_facilitator, is_member, is_organizer, is_participant

rules.add_perm("submissions.view_gallery", is_member)
rules.add_perm("submissions.view_library", is_member)
rules.add_perm("submissions.view_all", is_organizer | is_facilitator)
rules.add_perm("submissions.edit_own", is_participant)  # and only the team's own, see Viewer.can_edit
rules.add_perm("submissions.manage", is_organizer)  # deadline, gallery switch, extensions
rules.add_perm("submissions.curate", is_organizer)  # marking prompts for the casebook
