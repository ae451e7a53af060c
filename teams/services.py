"""Every state change of teams: topics, wishes, automatic formation, moves, team details, finalizing."""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField, ProtectedError, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from learninggroup.models import Cohort, Membership, Role, User
from learninggroup.services import DomainError

from . import selectors
from .formation import FormationError, Person, Proposal, form_teams
from .models import (
    ChangeKind,
    FormationStatus,
    Team,
    TeamChangeLog,
    TeamFormation,
    TeamMembership,
    TeamPreference,
    Topic,
)


class TeamError(DomainError):
    """A rule of team formation refused the change; the message is for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class FinalizeError(TeamError):
    """Finalizing was refused; `problems` lists everything that stands in the way."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
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


# Topics --------------------------------------------------------------------------------------


@transaction.atomic
def topic_add(*, cohort: Cohort, name: str) -> Topic:
    name = " ".join((name or "").split())
    if not name:
        raise TeamError(_("Write the topic's name."))
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    if Topic.objects.filter(cohort=cohort, name=name).exists():
        raise TeamError(_("%(name)s is already on the list.") % {"name": name})
    last = Topic.objects.filter(cohort=cohort).order_by("-order").values_list("order", flat=True).first()
    topic = Topic(cohort=cohort, name=name, order=(last or 0) + 1)
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def topic_remove(*, topic: Topic) -> None:
    """Wishes for the topic are cleared; teams keep the topic's name as their own text."""
    topic.delete()


# Wishes --------------------------------------------------------------------------------------


@transaction.atomic
def preference_set(*, membership: Membership, topic: Topic | None, colleagues: Sequence[Membership]) -> TeamPreference:
    """A participant's topic wish and up to two colleagues, while teams are being formed."""
    formation = TeamFormation.objects.filter(cohort_id=membership.cohort_id).first()
    if formation is not None and formation.is_finalized:
        raise TeamError(_("The teams are finalized, so wishes can no longer be changed."))
    if membership.role != Role.PARTICIPANT or not membership.is_active:
        raise TeamError(_("Only participants state wishes for their team."))
    if topic is not None and topic.cohort_id != membership.cohort_id:
        raise TeamError(_("Choose one of this cohort's topics."))
    colleagues = list(colleagues)
    if len(colleagues) > 2:
        raise TeamError(_("Choose at most two colleagues."))
    if any(c.pk == membership.pk or c.user_id == membership.user_id for c in colleagues):
        raise TeamError(_("You cannot choose yourself."))
    if len({c.pk for c in colleagues}) != len(colleagues):
        raise TeamError(_("Choose two different colleagues."))
    for colleague in colleagues:
        if colleague.cohort_id != membership.cohort_id or colleague.role != Role.PARTICIPANT or not colleague.is_active:
            raise TeamError(_("Choose colleagues who are participants of this cohort."))
    preference, _created = TeamPreference.objects.get_or_create(membership=membership)
    preference.topic = topic
    preference.colleague1 = colleagues[0] if colleagues else None
    preference.colleague2 = colleagues[1] if len(colleagues) > 1 else None
    preference.full_clean()
    preference.save()
    return preference


# Automatic formation -------------------------------------------------------------------------


def _team_name(number: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Team %(number)d") % {"number": number}


@transaction.atomic
def teams_auto_form(*, cohort: Cohort, actor: User | None, seed: int | None = None) -> Proposal:
    """Replace the draft teams by the automatic former's proposal ("1팀", "2팀", …, topics by majority wish).

    Existing team rows are reused (renamed, emptied, refilled) so that anything pointing at them stays
    valid; surplus teams are deleted. The seed and the score report are kept on the formation.
    """
    formation = formation_lock(cohort=cohort)
    _require_draft(
        formation,
        _("The teams are finalized; automatic formation would replace them. Adjust them one move at a time."),
    )
    participants = list(selectors.participants_with_wishes(cohort=cohort))
    people = []
    for m in participants:
        wish = getattr(m, "team_preference", None)
        people.append(
            Person(
                id=m.pk,
                department=m.department,
                level=m.ai_level,
                topic=wish.topic_id if wish else None,
                wishes=tuple(wish.colleague_ids) if wish else (),
            )
        )
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2**31)
    try:
        proposal = form_teams(people, smallest=cohort.team_size_min, largest=cohort.team_size_max, seed=seed)
    except FormationError as exc:
        raise TeamError(exc.message) from exc

    topic_names = dict(Topic.objects.filter(cohort=cohort).values_list("pk", "name"))
    TeamMembership.objects.filter(team__cohort=cohort).delete()
    existing = list(Team.objects.filter(cohort=cohort).order_by("pk"))
    reused, surplus = existing[: len(proposal.teams)], existing[len(proposal.teams) :]
    if surplus:
        try:
            Team.objects.filter(pk__in=[t.pk for t in surplus]).delete()
        except ProtectedError as exc:
            raise TeamError(_("A team cannot be deleted because other records refer to it.")) from exc
    # Free the names first: "3팀" may belong to another reused row right now.
    Team.objects.filter(pk__in=[t.pk for t in reused]).update(
        name=Concat(Value("~"), Cast("pk", output_field=CharField()))
    )
    now = timezone.now()
    teams: list[Team] = []
    for number, proposed in enumerate(proposal.teams, start=1):
        fields = {
            "name": _team_name(number),
            "topic": topic_names.get(proposed.topic, ""),
            "idea": "",
            "leader": None,
        }
        if number <= len(reused):
            team = reused[number - 1]
            for key, value in fields.items():
                setattr(team, key, value)
            team.version += 1
            team.updated_at = now
        else:
            team = Team(cohort=cohort, **fields)
        teams.append(team)
    Team.objects.bulk_update(teams[: len(reused)], ["name", "topic", "idea", "leader", "version", "updated_at"])
    created = Team.objects.bulk_create(teams[len(reused) :])
    teams = teams[: len(reused)] + created
    TeamMembership.objects.bulk_create(
        TeamMembership(team=team, membership_id=member)
        for team, proposed in zip(teams, proposal.teams, strict=True)
        for member in proposed.members
    )
    formation.seed = seed
    formation.report = proposal.score.as_dict()
    formation.formed_at = now
    formation.formed_by = actor
    formation.save()
    return proposal


# Moving people -------------------------------------------------------------------------------


def _lock_teams(*teams: Team) -> dict[int, Team]:
    """Lock the teams' rows in id order (so two moves never wait on each other in a circle)."""
    ids = sorted({t.pk for t in teams})
    return {t.pk: t for t in Team.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


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


def _clear_leader(team: Team, membership: Membership) -> None:
    if team.leader_id == membership.pk:
        team.leader = None
        team.version += 1
        team.save(update_fields=["leader", "version", "updated_at"])


@transaction.atomic
def team_member_move(
    *,
    membership: Membership,
    to_team: Team,
    expected_team_id: int,
    actor: User | None,
    expected_version: int | None = None,
    reason: str = "",
) -> TeamMembership:
    """Move a participant from the team the mover saw them in to another team of the cohort.

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
    _clear_leader(from_team, membership)
    _log(
        formation=formation,
        kind=ChangeKind.MOVE,
        membership=membership,
        from_team=from_team,
        to_team=to_team,
        actor=actor,
        reason=reason,
    )
    return row


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
) -> None:
    """Take a participant out of their team (they become unassigned)."""
    formation = formation_lock(cohort=membership.cohort)
    row = _locked_row(
        membership, formation.cohort, expected_team_id=expected_team_id, expected_version=expected_version
    )
    team = _lock_teams(row.team)[row.team_id]
    row.delete()
    _clear_leader(team, membership)
    _log(
        formation=formation,
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
) -> None:
    """What the formation board asks: from no team into one (add), out of a team (remove), or between two."""
    if from_team_id is None:
        if to_team is None:
            raise TeamError(_("Choose the team to move to."))
        team_member_add(team=to_team, membership=membership, actor=actor, reason=reason)
    elif to_team is None:
        team_member_remove(
            membership=membership,
            expected_team_id=from_team_id,
            expected_version=expected_version,
            actor=actor,
            reason=reason,
        )
    else:
        team_member_move(
            membership=membership,
            to_team=to_team,
            expected_team_id=from_team_id,
            expected_version=expected_version,
            actor=actor,
            reason=reason,
        )


# Teams themselves ----------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise TeamError(_("Give the team a name."))
    return name


def _check_name_free(cohort: Cohort, name: str, exclude: int | None = None) -> None:
    taken = Team.objects.filter(cohort=cohort, name=name)
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise TeamError(_("There is already a team called %(name)s in this cohort.") % {"name": name})


@transaction.atomic
def team_create(*, cohort: Cohort, name: str, topic: str = "") -> Team:
    name = _clean_name(name)
    _check_name_free(cohort, name)
    team = Team(cohort=cohort, name=name, topic=" ".join((topic or "").split()))
    team.full_clean()
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError as exc:
        raise TeamError(_("There is already a team called %(name)s in this cohort.") % {"name": name}) from exc
    return team


@transaction.atomic
def team_update(
    *,
    team: Team,
    expected_version: int,
    name: str,
    topic: str,
    idea: str,
    leader: Membership | None,
) -> Team:
    """Rename a team, set its topic, short idea and leader. An edit from a stale form is refused."""
    team = _lock_teams(team)[team.pk]
    if team.version != expected_version:
        raise TeamError(
            _(
                "Someone else changed this team while you were editing. Your changes were not saved; "
                "the form now shows the current information."
            )
        )
    name = _clean_name(name)
    _check_name_free(team.cohort, name, exclude=team.pk)
    if leader is not None and not TeamMembership.objects.filter(team=team, membership=leader).exists():
        raise TeamError(_("The leader must be a member of the team."))
    team.name = name
    team.topic = " ".join((topic or "").split())
    team.idea = (idea or "").strip()
    team.leader = leader
    team.version += 1
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def team_delete(*, team: Team) -> None:
    team = _lock_teams(team)[team.pk]
    if TeamMembership.objects.filter(team=team).exists():
        raise TeamError(_("Only an empty team can be deleted. Move its members out first."))
    try:
        team.delete()
    except ProtectedError as exc:
        raise TeamError(_("A team cannot be deleted because other records refer to it.")) from exc


# Finalizing ----------------------------------------------------------------------------------


@transaction.atomic
def formation_finalize(*, cohort: Cohort, actor: User | None) -> TeamFormation:
    """Close the formation: every active participant in exactly one team, every team of legal size.

    Otherwise nothing changes and FinalizeError lists every problem. Later changes are logged.
    """
    formation = formation_lock(cohort=cohort)
    if formation.is_finalized:
        raise TeamError(_("The teams are already finalized."))
    problems = selectors.formation_problems(cohort=cohort)
    if problems:
        raise FinalizeError(problems)
    formation.status = FormationStatus.FINALIZED
    formation.finalized_at = timezone.now()
    formation.finalized_by = actor
    formation.full_clean()
    formation.save()
    return formation
