"""The teams part of the demo seed: the Busan pilot's nine finalized teams."""

import io

from django.core.management import call_command

from learninggroup.demo import CURRENT_NAME, LATE_JOINER, PILOT
from learninggroup.models import Invitation, Membership
from teams.demo import TOPICS
from teams.models import FormationStatus, Team, TeamFormation, TeamMembership, TeamPreference, Topic


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_pilot_has_eight_finalized_teams_of_the_2025_topics(db):
    seed()

    formation = TeamFormation.objects.get(cohort__name=PILOT["name"])
    cohort = formation.cohort
    teams = list(Team.objects.filter(cohort=cohort).select_related("leader").prefetch_related("members"))
    names = {name for name, _idea in TOPICS.values() if name}
    assert formation.status == FormationStatus.FINALIZED
    assert formation.report["department_clashes"] == 0
    assert formation.finalized_at.year == 2025
    assert sorted(len(t.members.all()) for t in teams) == [4] * 8
    assert {t.name for t in teams} <= names and len({t.name for t in teams}) == 8
    assert len({t.topic for t in teams}) == 8
    assert all(t.idea for t in teams)
    assert all(t.leader_id in {m.membership_id for m in t.members.all()} for t in teams)
    pending = Invitation.objects.filter(cohort=cohort, accepted_at__isnull=True).values("user")
    participants = set(
        Membership.objects.filter(cohort=cohort, role="participant")
        .exclude(user__in=pending)
        .values_list("pk", flat=True)
    )
    assert (
        set(TeamMembership.objects.filter(team__cohort=cohort).values_list("membership_id", flat=True)) == participants
    )
    assert list(Topic.objects.filter(cohort=cohort).order_by("order").values_list("name", flat=True)) == list(TOPICS)
    assert TeamPreference.objects.filter(membership__cohort=cohort).count() == 32  # everyone who has signed in


def test_seeding_teams_again_changes_nothing(db):
    seed()
    before = sorted(TeamMembership.objects.values_list("team__name", "membership_id"))
    counts = [m.objects.count() for m in (Team, TeamMembership, TeamPreference, Topic, TeamFormation)]

    seed()

    assert sorted(TeamMembership.objects.values_list("team__name", "membership_id")) == before
    assert [m.objects.count() for m in (Team, TeamMembership, TeamPreference, Topic, TeamFormation)] == counts


def test_every_team_of_the_current_cohort_keeps_a_leader_after_the_late_joiner_is_taken_out(db):
    seed()

    teams = list(Team.objects.filter(cohort__name=CURRENT_NAME).prefetch_related("members"))
    assert teams and all(t.leader_id in {m.membership_id for m in t.members.all()} for t in teams)
    assert not TeamMembership.objects.filter(
        team__cohort__name=CURRENT_NAME, membership__user__email=f"{LATE_JOINER}@busan.example"
    ).exists()
