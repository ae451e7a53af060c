"""Permissions as predicates over (user, cohort): a role belongs to a membership in a cohort."""

from __future__ import annotations

import rules

from .models import Membership, Role


def cohort_roles(user, cohort) -> frozenset[str]:
    """The active roles of a user in a cohort, looked up once per request and user object."""
    if cohort is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cache = getattr(user, "_cohort_roles", None)
    if cache is None:
        cache = {}
        user._cohort_roles = cache
    if cohort.pk not in cache:
        cache[cohort.pk] = frozenset(
            Membership.objects.filter(user_id=user.pk, cohort_id=cohort.pk, is_active=True).values_list(
                "role", flat=True
            )
        )
    return cache[cohort.pk]


@rules.predicate
def is_member(user, cohort) -> bool:
    return bool(cohort_roles(user, cohort))


@rules.predicate
def is_organizer(user, cohort) -> bool:
    return Role.ORGANIZER in cohort_roles(user, cohort)


@rules.predicate
def is_facilitator(user, cohort) -> bool:
    return Role.FACILITATOR in cohort_roles(user, cohort)


@rules.predicate
def is_participant(user, cohort) -> bool:
    return Role.PARTICIPANT in cohort_roles(user, cohort)


@rules.predicate
def is_judge(user, cohort) -> bool:
    return Role.JUDGE in cohort_roles(user, cohort)


is_staff_of_cohort = is_organizer | is_facilitator

rules.add_perm("learninggroup.view_cohort", is_member)
rules.add_perm("learninggroup.view_dashboard", is_staff_of_cohort)
rules.add_perm("learninggroup.view_roster", is_staff_of_cohort)
rules.add_perm("learninggroup.import_roster", is_organizer)
rules.add_perm("learninggroup.manage_invitations", is_organizer)
rules.add_perm("learninggroup.change_cohort", is_organizer)
rules.add_perm("learninggroup.publish_privacy_notice", is_organizer)
