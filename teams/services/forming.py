"""Forming the teams as a whole: the automatic former's proposal, and finalizing."""

from __future__ import annotations

import random

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, ProtectedError, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from learninggroup.models import Cohort, User

from .. import selectors
from ..formation import FormationError, Person, Proposal, form_teams
from ..models import FormationStatus, Team, TeamFormation, TeamMembership, Topic
from .common import FinalizeError, TeamError, _require_draft, formation_lock


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
