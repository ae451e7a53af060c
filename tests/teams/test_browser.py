"""In a real browser: a facilitator forms the demo cohort's teams, adjusts two members, and finalizes."""

import io

import pytest
from django.core.management import call_command

from learninggroup.demo import CURRENT_NAME
from learninggroup.models import Cohort, Membership
from teams.models import FormationStatus, Team, TeamFormation, TeamMembership
from tests.browser import BROWSER_MARKS, sign_in

pytestmark = BROWSER_MARKS


@pytest.fixture
def forming_demo(transactional_db):
    """The demo cohort as it was before its teams were formed: wishes stated, no teams."""
    call_command("seed_demo", stdout=io.StringIO())
    cohort = Cohort.objects.get(name=CURRENT_NAME)
    Team.objects.filter(cohort=cohort).delete()
    TeamFormation.objects.filter(cohort=cohort).delete()
    # one of the 32 who accepted the invitation has left, so that the former makes one team of three
    Membership.objects.filter(cohort=cohort, user__email="participant31@busan.example").update(is_active=False)
    return cohort


def card(page, team):
    return page.locator(f"#team-{team.pk}")


def test_a_facilitator_forms_adjusts_and_finalizes_the_demo_teams(page, live_server, forming_demo):
    cohort = forming_demo
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, "facilitator1@busan.example")
    page.wait_for_url(f"{live_server.url}/cohorts/*/dashboard/")
    page.get_by_role("link", name="팀", exact=True).first.click()
    page.get_by_role("link", name="팀 편성").first.click()
    page.wait_for_url(f"{live_server.url}/cohorts/{cohort.pk}/teams/formation/")
    assert page.locator("#unassigned .member").count() == 31  # everyone active who accepted the invitation

    page.get_by_role("button", name="자동 편성").click()
    page.wait_for_selector(".message-success")

    assert "참여자 31명으로 8개 팀을 편성했습니다." in page.locator(".messages").inner_text()
    assert page.locator("#formation-board .team-card:not(#unassigned)").count() == 8
    assert page.locator("#unassigned .member").count() == 0
    teams = list(Team.objects.filter(cohort=cohort).order_by("pk"))
    small = next(t for t in teams if t.members.count() == 3)
    first, second = [t for t in teams if t != small and t.members.count() == 4][:2]
    page.evaluate("window.__sameDocument = true")

    # 1. by the "move to" select: someone of the first team into the team of three
    mover = first.members.select_related("membership__user").first().membership
    item = card(page, first).locator(f'[data-membership="{mover.pk}"]')
    item.get_by_label(f"{mover.user.name} 님을 옮길 팀").select_option(str(small.pk))
    item.get_by_role("button", name="이동").click()
    page.wait_for_selector(f'#team-{small.pk} [data-membership="{mover.pk}"]')

    assert f"{mover.user.name} 님을 {small.name}(으)로 옮겼습니다." in page.locator("#formation-message").inner_text()
    assert card(page, first).locator(".badge").first.inner_text() == "3/4명"

    # 2. by drag and drop: someone of the second team onto the first (now three)
    dragged = second.members.select_related("membership__user").first().membership
    card(page, second).locator(f'[data-membership="{dragged.pk}"] .member-name').drag_to(
        card(page, first).locator(".team-card-head")
    )
    page.wait_for_selector(f'#team-{first.pk} [data-membership="{dragged.pk}"]')

    assert page.evaluate("window.__sameDocument") is True  # htmx swapped the cards; no reload
    assert TeamMembership.objects.get(membership=mover).team == small
    assert TeamMembership.objects.get(membership=dragged).team == first

    page.get_by_role("button", name="팀 확정").click()
    page.wait_for_selector("h1 .badge-ok")

    assert "팀을 확정했습니다." in page.locator(".messages").inner_text()
    formation = TeamFormation.objects.get(cohort=cohort)
    assert formation.status == FormationStatus.FINALIZED
    assert sorted(t.members.count() for t in Team.objects.filter(cohort=cohort)) == [3] + [4] * 7
    assert TeamMembership.objects.filter(team__cohort=cohort).count() == 31
