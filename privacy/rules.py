"""Who may read the access log: a cohort's organizers (their cohort), the privacy officer (everything).

The privacy officer is any account holding the model permission ``audit.view_accesslog`` (give it in the
admin, for example through a group named 개인정보 보호책임자); superusers hold it too.
"""

from __future__ import annotations

import rules

from learninggroup.rules import is_organizer


@rules.predicate
def is_privacy_officer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("audit.view_accesslog")


rules.add_perm("privacy.view_access_log", is_organizer)
rules.add_perm("privacy.change_retention", is_organizer)
