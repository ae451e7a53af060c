"""What every teams service shares: the app's errors, the formation lock, the change log, team locks."""

from __future__ import annotations

from learninggroup.errors import DomainError
from learninggroup.models import Cohort, Membership, User

from ..models import Team, TeamChangeLog, TeamFormation


class TeamError(DomainError):
    """A rule of team formation refused the change; ``message`` is for the person."""


class FinalizeError(TeamError):
    """Finalizing was refused; `problems` lists everything that stands in the way."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems), code="not_ready")
        self.problems = problems


def _name(membership: Membership) -> str:
    return membership.user.name or membership.user.email


# Formation state -----------------------------------------------------------------------------


def formation_lock(*, cohort: Cohort) -> TeamFormation:
    """The cohort's formation row, created on first use and locked for the rest of the transaction.

    Every change of who is in which team takes this lock first, so finalizing never races a move.
    """
    TeamFormation.objects.get_or_create(cohort=cohort)
    formation = TeamFormation.objects.select_for_update().get(cohort=cohort)
    formation.cohort = cohort
    return formation


def _require_draft(formation: TeamFormation, message: str) -> None:
    if formation.is_finalized:
        raise TeamError(message)


def _log(
    *,
    formation: TeamFormation,
    kind: str,
    membership: Membership,
    from_team: Team | None,
    to_team: Team | None,
    actor: User | None,
    reason: str,
) -> None:
    """After finalizing, every change of a participant's team is written down."""
    if not formation.is_finalized:
        return
    entry = TeamChangeLog(
        cohort_id=formation.cohort_id,
        kind=kind,
        membership=membership,
        from_team=from_team,
        to_team=to_team,
        from_team_name=from_team.name if from_team else "",
        to_team_name=to_team.name if to_team else "",
        reason=(reason or "").strip()[:300],
        actor=actor,
    )
    entry.full_clean()
    entry.save()


def _lock_teams(*teams: Team) -> dict[int, Team]:
    """Lock the teams' rows in id order (so two moves never wait on each other in a circle)."""
    ids = sorted({t.pk for t in teams})
    return {t.pk: t for t in Team.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
