"""Every URL of the privacy app × every role (see tests/test_permissions.py)."""

from tests.permissions import ORGANIZER_ONLY, statuses


def _cohort(w):
    return {"pk": w["cohort"].pk}


def _none(w):
    return {}


# The installation-wide log is for the privacy officer (the audit.view_accesslog permission), not for roles.
PRIVACY_OFFICER_ONLY = statuses(302, 403, 403, 403, 403, 403)

ROWS = {
    "access_log": ("get", _cohort, ORGANIZER_ONLY),
    "access_log_csv": ("get", _cohort, ORGANIZER_ONLY),
    "access_log_all": ("get", _none, PRIVACY_OFFICER_ONLY),
    "access_log_all_csv": ("get", _none, PRIVACY_OFFICER_ONLY),
}

SIGNED_IN = statuses(302, 200, 200, 200, 200, 200)

ROWS.update(
    {
        "retention_settings": ("get", _cohort, ORGANIZER_ONLY),
        "my_data": ("get", _none, SIGNED_IN),
        "my_data_download": ("post", _none, SIGNED_IN),
    }
)
