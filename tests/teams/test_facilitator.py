"""A team's facilitator: set by organizers and facilitators on the team's edit page, shown on the team page,
and only ever a facilitator of the team's cohort (contests use it for conflicts of interest)."""

import re

import pytest
from django.urls import reverse

from learninggroup.models import Membership, Role
from teams import services
from tests.factories import CohortFactory, MembershipFactory


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def _edit(team, **fields) -> dict:
    return {"version": team.version, "name": team.name, "topic": "", "idea": "", **fields}


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ORGANIZER])
def test_organizers_and_facilitators_set_the_teams_facilitator(
    client, cohort, make_member, facilitator, make_team, role
):
    team = make_team(size=3, name="민원팀")
    editor = facilitator if role == Role.FACILITATOR else make_member(Role.ORGANIZER, cohort)
    chosen = Membership.objects.get(cohort=cohort, user=facilitator, role=Role.FACILITATOR)
    client.force_login(editor)

    form = text(client.get(reverse("team_edit", args=[cohort.pk, team.pk])))
    response = client.post(reverse("team_edit", args=[cohort.pk, team.pk]), _edit(team, facilitator=chosen.pk))

    assert "퍼실리테이터" in form and facilitator.name in form
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.facilitator == chosen
    page = text(client.get(reverse("team_detail", args=[cohort.pk, team.pk])))
    assert f"퍼실리테이터 {facilitator.name}" in page
    # Clearing it
    client.post(reverse("team_edit", args=[cohort.pk, team.pk]), _edit(team, facilitator=""))
    team.refresh_from_db()
    assert team.facilitator is None


def test_only_an_active_facilitator_of_the_cohort_can_be_the_teams_facilitator(cohort, make_team):
    team = make_team(size=3)
    participant = team.members.first().membership
    elsewhere = MembershipFactory(cohort=CohortFactory(), role=Role.FACILITATOR)
    gone = MembershipFactory(cohort=cohort, role=Role.FACILITATOR, is_active=False)

    for wrong in (participant, elsewhere, gone):
        with pytest.raises(services.TeamError) as refused:
            services.team_update(
                team=team,
                expected_version=team.version,
                name=team.name,
                topic="",
                idea="",
                leader=None,
                facilitator=wrong,
            )
        assert refused.value.message == "팀 퍼실리테이터는 이 학습모임의 퍼실리테이터여야 합니다."
    team.refresh_from_db()
    assert team.facilitator is None


def test_the_form_offers_only_the_cohorts_facilitators(client, cohort, facilitator, make_team):
    team = make_team(size=3)
    other = MembershipFactory(cohort=CohortFactory(), role=Role.FACILITATOR)
    client.force_login(facilitator)

    response = client.post(reverse("team_edit", args=[cohort.pk, team.pk]), _edit(team, facilitator=other.pk))

    assert response.status_code == 400
    team.refresh_from_db()
    assert team.facilitator is None


def test_an_edit_that_leaves_the_facilitator_out_keeps_it(cohort, make_team, facilitator):
    team = make_team(size=3)
    chosen = Membership.objects.get(cohort=cohort, user=facilitator, role=Role.FACILITATOR)
    services.team_update(
        team=team, expected_version=1, name=team.name, topic="", idea="", leader=None, facilitator=chosen
    )
    team.refresh_from_db()

    services.team_update(team=team, expected_version=team.version, name="새이름", topic="", idea="", leader=None)

    team.refresh_from_db()
    assert (team.name, team.facilitator) == ("새이름", chosen)
