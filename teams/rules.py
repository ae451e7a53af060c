"""Who may do what with teams. Cohort-wide permissions take the cohort; a team's own page takes the team."""

import rules

from learninggroup.rules import is_facilitator, is_member, is_organizer, is_participant, is_staff_of_cohort

from .models import TeamMembership


@rules.predicate
def is_member_of_team(user, team) -> bool:
    """The person is one of the team's members (the page's prefetched members when there are any)."""
    if not getattr(user, "is_authenticated", False):
        return False
    members = getattr(team, "member_list", None)
    if members is not None:
        return any(m.membership.user_id == user.pk for m in members)
    return TeamMembership.objects.filter(team=team, membership__user_id=user.pk, membership__is_active=True).exists()


@rules.predicate
def is_staff_of_teams_cohort(user, team) -> bool:
    return is_staff_of_cohort(user, team.cohort)


# The cohort (obj: Cohort)
rules.add_perm("teams.view_teams", is_member)
rules.add_perm("teams.view_draft_teams", is_staff_of_cohort)  # before the teams are final
rules.add_perm("teams.form_teams", is_organizer | is_facilitator)  # organizers run the cohort too
rules.add_perm("teams.manage_topics", is_organizer | is_facilitator)
rules.add_perm("teams.state_preferences", is_participant)
# One team (obj: Team): its members' attendance and the notes shared with it
rules.add_perm("teams.view_team_private", is_member_of_team | is_staff_of_teams_cohort)
