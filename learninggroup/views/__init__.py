"""The root's pages, one module per concern."""

from .cohorts import cohort_create, cohort_dashboard, cohort_home, cohort_list, cohort_settings, home
from .emblem import cohort_emblem, emblem_settings
from .roster import invitation_resend, membership_active, roster, roster_import, roster_template
from .site import healthz, invitation_accept, privacy_accept, privacy_notice_new, privacy_policy, set_language

__all__ = [
    "cohort_create",
    "cohort_dashboard",
    "cohort_emblem",
    "cohort_home",
    "cohort_list",
    "cohort_settings",
    "emblem_settings",
    "healthz",
    "home",
    "invitation_accept",
    "invitation_resend",
    "membership_active",
    "privacy_accept",
    "privacy_notice_new",
    "privacy_policy",
    "roster",
    "roster_import",
    "roster_template",
    "set_language",
]
