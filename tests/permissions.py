"""Shared vocabulary of the permission table (tests/test_permissions.py and tests/<app>/permission_rows.py)."""

ROLES = ("anonymous", "participant", "facilitator", "judge", "organizer", "other_organizer")


def statuses(anonymous, participant, facilitator, judge, organizer, other_organizer):
    return dict(zip(ROLES, (anonymous, participant, facilitator, judge, organizer, other_organizer), strict=True))


ORGANIZER_ONLY = statuses(302, 403, 403, 403, 200, 404)
COHORT_STAFF = statuses(302, 403, 200, 403, 200, 404)
ANY_MEMBER = statuses(302, 200, 200, 200, 200, 404)
