"""Who may do what with contests. Cohort-level permissions take the cohort; object permissions take the
contest, the assignment or the entry. A judge who is not assigned to an entry, or who has a conflict with it,
must not learn it exists: views answer 404 when `contests.score` is refused."""

import rules

from learninggroup.models import Role
from learninggroup.rules import cohort_roles, is_member, is_organizer, is_participant
from teams.models import TeamMembership

from .models import ContestStatus
from .services import has_active_conflict


@rules.predicate
def organizes_contest(user, contest) -> bool:
    return contest is not None and Role.ORGANIZER in cohort_roles(user, contest.cohort)


@rules.predicate
def may_see_contest(user, contest) -> bool:
    """Members see a contest once it is open for entries; a draft only its organizers."""
    if contest is None:
        return False
    roles = cohort_roles(user, contest.cohort)
    if not roles:
        return False
    return Role.ORGANIZER in roles or contest.status != ContestStatus.DRAFT


@rules.predicate
def judges_in_contest(user, contest) -> bool:
    return contest is not None and Role.JUDGE in cohort_roles(user, contest.cohort)


@rules.predicate
def owns_assignment(user, assignment) -> bool:
    """The assignment's judge, still a judge of the cohort, with no active conflict on the entry."""
    if assignment is None or not getattr(user, "is_authenticated", False):
        return False
    if assignment.judge.user_id != user.pk or not assignment.judge.is_active:
        return False
    return not has_active_conflict(entry_id=assignment.entry_id, judge_id=assignment.judge_id)


@rules.predicate
def organizes_assignment(user, assignment) -> bool:
    return assignment is not None and organizes_contest(user, assignment.round.contest)


@rules.predicate
def in_entry_team(user, entry) -> bool:
    if entry is None or not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_entry_team_ids", None)
    if cache is None:
        cache = set(
            TeamMembership.objects.filter(membership__user_id=user.pk, membership__is_active=True).values_list(
                "team_id", flat=True
            )
        )
        user._entry_team_ids = cache
    return entry.team_id in cache


@rules.predicate
def organizes_entry(user, entry) -> bool:
    return entry is not None and organizes_contest(user, entry.contest)


@rules.predicate
def entry_published(user, entry) -> bool:
    return entry is not None and entry.contest.status == ContestStatus.PUBLISHED


rules.add_perm("contests.view_contests", is_member)
rules.add_perm("contests.create_contest", is_organizer)
rules.add_perm("contests.vote", is_participant)
rules.add_perm("contests.view_contest", may_see_contest)
rules.add_perm("contests.manage_contest", organizes_contest)
rules.add_perm("contests.judge_contest", judges_in_contest)
rules.add_perm("contests.score", owns_assignment)
rules.add_perm("contests.manage_assignment", organizes_assignment)
rules.add_perm("contests.edit_entry_form", in_entry_team | organizes_entry)
rules.add_perm("contests.view_feedback", (in_entry_team & entry_published) | organizes_entry)
