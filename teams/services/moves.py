"""Moving people between teams, one at a time, safe against two facilitators moving the same person."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from learninggroup.models import Cohort, Membership, Role, User

from ..models import ChangeKind, Team, TeamMembership
from .common import TeamError, _lock_teams, _log, _name, formation_lock


def _check_room(team: Team, cohort: Cohort) -> None:
    size = TeamMembership.objects.filter(team=team).count()
    if size >= cohort.team_size_max:
        raise TeamError(
            _("%(team)s already has %(size)d members, the most a team may have. Move someone out first.")
            % {"team": team.name, "size": size}
        )


def _check_participant(membership: Membership, cohort: Cohort) -> None:
    if membership.cohort_id != cohort.pk or membership.role != Role.PARTICIPANT or not membership.is_active:
        raise TeamError(_("%(name)s is not an active participant of this cohort.") % {"name": _name(membership)})


def _stale(membership: Membership, row: TeamMembership | None) -> TeamError:
    if row is None:
        return TeamError(
            _(
                "%(name)s was changed by someone else a moment ago and is now in no team. "
                "Check the updated teams and try again."
            )
            % {"name": _name(membership)}
        )
    return TeamError(
        _(
            "%(name)s was moved by someone else a moment ago and is now in %(team)s. "
            "Check the updated teams and try again."
        )
        % {"name": _name(membership), "team": row.team.name}
    )


def _locked_row(
    membership: Membership, cohort: Cohort, *, expected_team_id: int, expected_version: int | None
) -> TeamMembership:
    """The participant's team row, locked, if it is still where the mover saw it; else TeamError."""
    row = (
        TeamMembership.objects.select_for_update()
        .select_related("team")
        .filter(membership=membership, team__cohort=cohort)
        .first()
    )
    if (
        row is None
        or row.team_id != expected_team_id
        or (expected_version is not None and row.version != expected_version)
    ):
        raise _stale(membership, row)
    return row


def _hand_on_leadership(team: Team, membership: Membership) -> Membership | None:
    """A leader who leaves hands the team on to the member who has been in it longest, so a team never loses
    its contact person by a move (the facilitator can choose another leader on the team's page). Returns the
    new leader, or None when the person did not lead the team or nobody is left in it."""
    if team.leader_id != membership.pk:
        return None
    successor = (
        TeamMembership.objects.filter(team=team)
        .exclude(membership=membership)
        .select_related("membership__user")
        .order_by("joined_at", "pk")
        .first()
    )
    team.leader = successor.membership if successor else None
    team.version += 1
    team.save(update_fields=["leader", "version", "updated_at"])
    return team.leader


def _left_team(
    formation, *, kind: str, membership: Membership, from_team: Team, to_team: Team | None, actor, reason: str
) -> Membership | None:
    """What a move and a removal share once the person's row has changed: leadership handed on, change logged."""
    successor = _hand_on_leadership(from_team, membership)
    _log(
        formation=formation,
        kind=kind,
        membership=membership,
        from_team=from_team,
        to_team=to_team,
        actor=actor,
        reason=reason,
    )
    return successor


@transaction.atomic
def team_member_move(
    *,
    membership: Membership,
    to_team: Team,
    expected_team_id: int,
    actor: User | None,
    expected_version: int | None = None,
    reason: str = "",
) -> Membership | None:
    """Move a participant from the team the mover saw them in to another team of the cohort. Returns the
    team's new leader when the person led the team they left (see _hand_on_leadership), else None.

    The participant's row is locked (select_for_update) and compared with what the mover saw (the team,
    and the version when given): of two facilitators moving the same person at once, the second is
    refused with a message. Nobody is ever in two teams (the database's one-to-one) nor in none (a move
    is one update of one row). Locks are taken in one order everywhere: formation, participant, teams.
    """
    if to_team.cohort_id != membership.cohort_id:
        raise TeamError(_("Choose a team of this cohort."))
    formation = formation_lock(cohort=to_team.cohort)
    cohort = formation.cohort
    row = _locked_row(membership, cohort, expected_team_id=expected_team_id, expected_version=expected_version)
    if row.team_id == to_team.pk:
        raise TeamError(_("%(name)s is already in %(team)s.") % {"name": _name(membership), "team": to_team.name})
    _check_participant(membership, cohort)
    locked = _lock_teams(row.team, to_team)
    from_team, to_team = locked[row.team_id], locked[to_team.pk]
    _check_room(to_team, cohort)
    row.team = to_team
    row.version += 1
    row.save(update_fields=["team", "version"])
    return _left_team(
        formation,
        kind=ChangeKind.MOVE,
        membership=membership,
        from_team=from_team,
        to_team=to_team,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def team_member_add(*, team: Team, membership: Membership, actor: User | None, reason: str = "") -> TeamMembership:
    """Put a participant who is in no team into `team`; refused above the cohort's largest team size."""
    formation = formation_lock(cohort=team.cohort)
    cohort = formation.cohort
    _check_participant(membership, cohort)
    team = _lock_teams(team)[team.pk]
    current = TeamMembership.objects.select_related("team").filter(membership=membership).first()
    if current is not None:
        raise TeamError(
            _("%(name)s is already in %(team)s. A participant can be in only one team.")
            % {"name": _name(membership), "team": current.team.name}
        )
    _check_room(team, cohort)
    try:
        with transaction.atomic():
            row = TeamMembership.objects.create(team=team, membership=membership)
    except IntegrityError as exc:  # put into another team at the same moment: the database said no
        raise TeamError(
            _("%(name)s was just put into another team. A participant can be in only one team.")
            % {"name": _name(membership)}
        ) from exc
    _log(
        formation=formation,
        kind=ChangeKind.ADD,
        membership=membership,
        from_team=None,
        to_team=team,
        actor=actor,
        reason=reason,
    )
    return row


@transaction.atomic
def team_member_remove(
    *,
    membership: Membership,
    expected_team_id: int,
    actor: User | None,
    expected_version: int | None = None,
    reason: str = "",
) -> Membership | None:
    """Take a participant out of their team (they become unassigned). Returns the team's new leader when the
    person led it (see _hand_on_leadership), else None."""
    formation = formation_lock(cohort=membership.cohort)
    row = _locked_row(
        membership, formation.cohort, expected_team_id=expected_team_id, expected_version=expected_version
    )
    team = _lock_teams(row.team)[row.team_id]
    row.delete()
    return _left_team(
        formation,
        kind=ChangeKind.REMOVE,
        membership=membership,
        from_team=team,
        to_team=None,
        actor=actor,
        reason=reason,
    )


def team_member_place(
    *,
    membership: Membership,
    from_team_id: int | None,
    to_team: Team | None,
    actor: User | None,
    expected_version: int | None = None,
    reason: str = "",
) -> Membership | None:
    """What the formation board asks: from no team into one (add), out of a team (remove), or between two.
    Returns the new leader of the team the person left when they led it, else None."""
    if from_team_id is None:
        if to_team is None:
            raise TeamError(_("Choose the team to move to."))
        team_member_add(team=to_team, membership=membership, actor=actor, reason=reason)
        return None
    if to_team is None:
        return team_member_remove(
            membership=membership,
            expected_team_id=from_team_id,
            expected_version=expected_version,
            actor=actor,
            reason=reason,
        )
    return team_member_move(
        membership=membership,
        to_team=to_team,
        expected_team_id=from_team_id,
        expected_version=expected_version,
        actor=actor,
        reason=reason,
    )
