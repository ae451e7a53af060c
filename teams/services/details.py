"""A team itself: created, renamed (topic, idea, leader) and deleted."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from learninggroup.models import Cohort, Membership, Role
from learninggroup.text import multi_line, single_line

from ..models import Team, TeamMembership
from .common import TeamError, _lock_teams


def _clean_name(name: str) -> str:
    name = " ".join(single_line(name).split())
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
    team = Team(cohort=cohort, name=name, topic=" ".join(single_line(topic).split()))
    team.full_clean()
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError as exc:
        raise TeamError(_("There is already a team called %(name)s in this cohort.") % {"name": name}) from exc
    return team


# `team_update(facilitator=KEEP)`: the team keeps the facilitator it has.
KEEP = object()


@transaction.atomic
def team_update(
    *,
    team: Team,
    expected_version: int,
    name: str,
    topic: str,
    idea: str,
    leader: Membership | None,
    facilitator: Membership | object | None = KEEP,
) -> Team:
    """Rename a team, set its topic, short idea, leader and facilitator (an active facilitator of the cohort).
    An edit from a stale form is refused."""
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
    if facilitator is not KEEP:
        if facilitator is not None and (
            facilitator.cohort_id != team.cohort_id or facilitator.role != Role.FACILITATOR or not facilitator.is_active
        ):
            raise TeamError(_("The team's facilitator must be a facilitator of this cohort."))
        team.facilitator = facilitator
    team.name = name
    team.topic = " ".join(single_line(topic).split())
    team.idea = multi_line(idea).strip()
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
