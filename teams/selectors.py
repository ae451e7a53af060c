"""Read-side queries of teams, with what their pages show already fetched (a fixed number of queries)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from learninggroup.models import Cohort, Membership, Role, User
from sessions.selectors import attendance_summary_for, notes_visible_to_team

from .models import Team, TeamChangeLog, TeamFormation, TeamMembership, TeamPreference, Topic

CHANGES_SHOWN = 30


def formation_state(*, cohort: Cohort) -> TeamFormation:
    """The cohort's formation, or an unsaved draft one when nobody has started forming yet."""
    return TeamFormation.objects.filter(cohort=cohort).first() or TeamFormation(cohort=cohort)


def topic_list(*, cohort: Cohort) -> QuerySet[Topic]:
    return Topic.objects.filter(cohort=cohort).order_by("order", "name")


def participants(*, cohort: Cohort) -> QuerySet[Membership]:
    """The cohort's active participants, the people teams are formed from."""
    return Membership.objects.active().filter(cohort=cohort, role=Role.PARTICIPANT)


def participants_to_place(*, cohort: Cohort) -> QuerySet[Membership]:
    """The active participants who have accepted their invitation: teams are formed from them; someone who
    has never signed in is not placed (and does not stop the teams being finalized)."""
    return Membership.objects.taking_part().filter(cohort=cohort, role=Role.PARTICIPANT)


def participants_with_wishes(*, cohort: Cohort) -> QuerySet[Membership]:
    return participants_to_place(cohort=cohort).select_related("team_preference").order_by("pk")


def participant_membership(*, cohort: Cohort, user: User) -> Membership | None:
    return participants(cohort=cohort).filter(user=user).select_related("user").first()


def _members_prefetch() -> Prefetch:
    return Prefetch(
        "members",
        queryset=TeamMembership.objects.select_related(
            "membership__user", "membership__team_preference__topic"
        ).order_by("membership__user__name", "pk"),
    )


def team_queryset(*, cohort: Cohort) -> QuerySet[Team]:
    """The cohort's teams in the order they were made, each with its members (two queries)."""
    return (
        Team.objects.filter(cohort=cohort)
        .select_related("leader__user", "facilitator__user")
        .prefetch_related(_members_prefetch())
        .order_by("pk")
    )


def team_warnings(*, team: Team, cohort: Cohort) -> list[str]:
    """What is wrong with a team as it stands: its size out of bounds, a department twice."""
    members = list(team.members.all())
    warnings = []
    size = len(members)
    if size < cohort.team_size_min:
        warnings.append(
            _("Too small: %(size)d members, at least %(smallest)d needed.")
            % {"size": size, "smallest": cohort.team_size_min}
        )
    elif size > cohort.team_size_max:
        warnings.append(
            _("Too large: %(size)d members, at most %(largest)d allowed.")
            % {"size": size, "largest": cohort.team_size_max}
        )
    departments = Counter(m.membership.department for m in members if m.membership.department)
    for department, count in sorted(departments.items()):
        if count > 1:
            warnings.append(_("%(count)d people from %(department)s.") % {"count": count, "department": department})
    return warnings


def _annotate(teams: list[Team], cohort: Cohort) -> list[Team]:
    for team in teams:
        team.member_list = list(team.members.all())
        team.size = len(team.member_list)
        team.warnings = team_warnings(team=team, cohort=cohort)
        team.mean_level = (
            sum(m.membership.ai_level or 3 for m in team.member_list) / team.size if team.member_list else None
        )
    return teams


def teams_by_id(*, cohort: Cohort, ids: list[int]) -> list[Team]:
    """Some teams of the board, annotated like formation_board's (for the cards an htmx move re-renders)."""
    return _annotate(list(team_queryset(cohort=cohort).filter(pk__in=ids)), cohort)


def team_options(*, cohort: Cohort) -> list[tuple[int, str]]:
    """(id, name) of the cohort's teams, for the "move to" selects."""
    return list(Team.objects.filter(cohort=cohort).order_by("pk").values_list("pk", "name"))


def team_id_of(*, membership: Membership) -> int | None:
    return TeamMembership.objects.filter(membership=membership).values_list("team_id", flat=True).first()


def unassigned(*, cohort: Cohort) -> QuerySet[Membership]:
    return (
        participants_to_place(cohort=cohort)
        .filter(team_membership__isnull=True)
        .select_related("user", "team_preference__topic")
        .order_by("user__name", "pk")
    )


@dataclass
class Summary:
    teams: int = 0
    placed: int = 0
    unassigned: int = 0
    teams_with_warnings: int = 0


def formation_summary(*, cohort: Cohort, unassigned_count: int | None = None) -> Summary:
    """Counts for the board's header: a few small queries whatever the number of teams."""
    rows = list(TeamMembership.objects.filter(team__cohort=cohort).values_list("team_id", "membership__department"))
    team_ids = list(Team.objects.filter(cohort=cohort).order_by().values_list("pk", flat=True))
    sizes: Counter = Counter(team_id for team_id, _d in rows)
    departments: Counter = Counter((team_id, d) for team_id, d in rows if d)
    clashing = {team_id for (team_id, _d), count in departments.items() if count > 1}
    bad_size = {t for t in team_ids if not cohort.team_size_min <= sizes.get(t, 0) <= cohort.team_size_max}
    return Summary(
        teams=len(team_ids),
        placed=len(rows),
        unassigned=unassigned(cohort=cohort).count() if unassigned_count is None else unassigned_count,
        teams_with_warnings=len(clashing | bad_size),
    )


def change_log(*, cohort: Cohort, limit: int = CHANGES_SHOWN) -> list[TeamChangeLog]:
    return list(
        TeamChangeLog.objects.filter(cohort=cohort)
        .select_related("actor", "membership__user")
        .order_by("-at", "-pk")[:limit]
    )


def formation_board(*, cohort: Cohort) -> dict:
    """Everything the facilitator's formation page shows, in a fixed number of queries."""
    teams = _annotate(list(team_queryset(cohort=cohort)), cohort)
    waiting = list(unassigned(cohort=cohort))
    return {
        "formation": formation_state(cohort=cohort),
        "teams": teams,
        "team_options": [(team.pk, team.name) for team in teams],
        "unassigned": waiting,
        "summary": Summary(
            teams=len(teams),
            placed=sum(team.size for team in teams),
            unassigned=len(waiting),
            teams_with_warnings=sum(1 for team in teams if team.warnings),
        ),
        "changes": change_log(cohort=cohort),
        "topic_count": Topic.objects.filter(cohort=cohort).count(),
    }


def formation_problems(*, cohort: Cohort) -> list[str]:
    """What stands in the way of finalizing; empty when every active participant is in one team of legal size."""
    problems = []
    teams = _annotate(list(team_queryset(cohort=cohort)), cohort)
    if not teams:
        problems.append(_("There are no teams yet."))
    for person in unassigned(cohort=cohort):
        problems.append(_("%(name)s is not in any team.") % {"name": person.user.name})
    for team in teams:
        if not cohort.team_size_min <= team.size <= cohort.team_size_max:
            problems.append(
                _("%(team)s has %(size)d members; a team must have %(smallest)d–%(largest)d.")
                % {
                    "team": team.name,
                    "size": team.size,
                    "smallest": cohort.team_size_min,
                    "largest": cohort.team_size_max,
                }
            )
        for member in team.member_list:
            membership = member.membership
            if membership.role != Role.PARTICIPANT or not membership.is_active:
                problems.append(
                    _("%(name)s is no longer an active participant but is still in %(team)s.")
                    % {"name": membership.user.name, "team": team.name}
                )
    return problems


# Pages for everyone --------------------------------------------------------------------------


def team_list(*, cohort: Cohort) -> list[Team]:
    return _annotate(list(team_queryset(cohort=cohort)), cohort)


def team_detail(*, cohort: Cohort, team_pk: int) -> Team | None:
    """One team of the cohort with its members, or None (also for another cohort's team)."""
    team = team_queryset(cohort=cohort).filter(pk=team_pk).first()
    if team is not None:
        team.cohort = cohort  # the permission predicates ask it, without another query
        _annotate([team], cohort)
    return team


def team_attendance(*, cohort: Cohort, team: Team) -> dict:
    """Attendance per member from the sessions app: {membership id: {present, late, excused, absent, rate}}."""
    return attendance_summary_for(cohort=cohort, memberships=[m.membership for m in team.member_list])


def team_notes(*, team: Team) -> list:
    """The facilitators' notes the team may read, from the sessions app."""
    return list(notes_visible_to_team(team=team))


def team_member_choices(*, team: Team) -> QuerySet[Membership]:
    """The team's members by name, for choosing its leader."""
    return Membership.objects.filter(team_membership__team=team).select_related("user").order_by("user__name")


def facilitator_choices(*, cohort: Cohort) -> QuerySet[Membership]:
    """The cohort's active facilitators by name, for choosing a team's facilitator."""
    return (
        Membership.objects.filter(cohort=cohort, role=Role.FACILITATOR, is_active=True)
        .select_related("user")
        .order_by("user__name")
    )


def preference_for(*, membership: Membership) -> TeamPreference | None:
    return TeamPreference.objects.filter(membership=membership).select_related("topic").first()


def colleague_choices(*, cohort: Cohort, exclude: Membership | None = None) -> QuerySet[Membership]:
    qs = participants(cohort=cohort).select_related("user").order_by("user__name", "pk")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs


@dataclass
class HomeTeam:
    team: Team
    teammates: list[Membership] = field(default_factory=list)


def open_teams(*, cohort: Cohort) -> list[Team]:
    """The finalized cohort's teams that still have room, with their leader, for someone who joined late."""
    teams = _annotate(list(team_queryset(cohort=cohort)), cohort)
    return [team for team in teams if team.size < cohort.team_size_max]


def team_for_user(*, cohort, user):
    """The person's team in the cohort and their teammates, for their home page (one query).

    None until the person is in a team and the teams are finalized (a draft is still changing).
    """
    rows = list(
        TeamMembership.objects.filter(
            team__cohort=cohort,
            team__members__membership__user=user,
            team__cohort__team_formation__status="finalized",
        )
        .select_related("team", "membership__user")
        .order_by("membership__user__name", "pk")
    )
    if not rows:
        return None
    return HomeTeam(team=rows[0].team, teammates=[r.membership for r in rows if r.membership.user_id != user.pk])
