"""Team pages through the test client: what each role sees and what changes in the database."""

import re

import pytest
from django.urls import reverse

from learninggroup.models import Role
from teams.models import FormationStatus, Team, TeamChangeLog, TeamFormation, TeamMembership, TeamPreference, Topic
from tests.factories import CohortFactory, MembershipFactory

from .factories import TeamPreferenceFactory, TopicFactory

HX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def move(client, cohort, membership, to, from_team=None, version=None, reason="", **extra):
    data = {
        "membership": membership.pk,
        "from_team": from_team.pk if from_team else "",
        "version": version or "",
        "to_team": to if isinstance(to, str) else to.pk,
        "reason": reason,
    }
    return client.post(reverse("team_move", args=[cohort.pk]), data, **extra)


# Team list and team page ---------------------------------------------------------------------


def test_members_see_the_final_teams_with_their_members(client, cohort, participant, make_team, finalized):
    mine = make_team(size=2, name="민원똑똑팀", topic="민원 분류 챗봇")
    TeamMembership.objects.create(team=mine, membership=participant.memberships.get())
    make_team(size=3, name="길잡이팀")
    finalized()
    client.force_login(participant)

    response = client.get(reverse("team_list", args=[cohort.pk]))

    page = text(response)
    assert [t.name for t in response.context["teams"]] == ["민원똑똑팀", "길잡이팀"]
    assert response.context["my_team_id"] == mine.pk
    assert "민원 분류 챗봇" in page and participant.name in page
    assert "나의 팀" in page


def test_before_finalizing_participants_see_a_notice_and_staff_the_draft(
    client, cohort, participant, facilitator, make_team
):
    make_team(size=3, name="1팀")
    client.force_login(participant)
    as_participant = client.get(reverse("team_list", args=[cohort.pk]))
    client.force_login(facilitator)
    as_facilitator = client.get(reverse("team_list", args=[cohort.pk]))

    assert as_participant.context["teams"] == []
    assert "팀을 편성하고 있습니다. 퍼실리테이터가 팀을 확정하면 여기에 표시됩니다." in text(as_participant)
    assert [t.name for t in as_facilitator.context["teams"]] == ["1팀"]
    assert "편성 중: 운영진에게만 보입니다" in text(as_facilitator)


def test_the_team_page_shows_members_with_their_roles_in_the_team(client, cohort, participant, make_team, finalized):
    team = make_team(size=2, name="민원똑똑팀", idea="민원을 자동으로 분류합니다.")
    leader = team.members.first().membership
    Team.objects.filter(pk=team.pk).update(leader=leader)
    TeamMembership.objects.create(team=team, membership=participant.memberships.get())
    finalized()
    client.force_login(participant)

    response = client.get(reverse("team_detail", args=[cohort.pk, team.pk]))

    page = text(response)
    rows = [(r["membership"].user.name, r["is_leader"]) for r in response.context["rows"]]
    assert sorted(rows) == sorted([(m.membership.user.name, m.membership == leader) for m in team.members.all()])
    assert "민원을 자동으로 분류합니다." in page
    assert "팀장" in page
    assert response.context["private"] is True
    assert "팀에 공유된 메모" in page
    assert "아직 제출물 작성을 시작하지 않았습니다." in page


def test_another_teams_page_is_visible_without_its_private_parts(client, cohort, participant, make_team, finalized):
    other = make_team(size=3)
    finalized()
    client.force_login(participant)

    response = client.get(reverse("team_detail", args=[cohort.pk, other.pk]))

    assert response.status_code == 200
    assert response.context["private"] is False
    assert "팀에 공유된 메모" not in text(response)


def test_a_team_of_another_cohort_is_404(client, cohort, participant, make_team, finalized):
    foreign = make_team(size=3, target=CohortFactory())
    finalized()
    client.force_login(participant)

    assert client.get(reverse("team_detail", args=[cohort.pk, foreign.pk])).status_code == 404


def test_a_draft_team_page_is_404_for_participants(client, cohort, participant, make_team):
    team = make_team(size=3)
    client.force_login(participant)

    assert client.get(reverse("team_detail", args=[cohort.pk, team.pk])).status_code == 404


@pytest.mark.parametrize("teams", [3, 10])
def test_the_team_list_runs_a_constant_number_of_queries(
    client, cohort, facilitator, make_team, add_participant, teams, django_assert_num_queries
):
    for _ in range(teams):
        make_team(size=4)
    add_participant()
    client.force_login(facilitator)

    with django_assert_num_queries(10):
        assert client.get(reverse("team_list", args=[cohort.pk])).status_code == 200


@pytest.mark.parametrize("teams", [3, 10])
def test_the_formation_board_runs_a_constant_number_of_queries(
    client, cohort, facilitator, make_team, add_participant, teams, django_assert_num_queries
):
    for _ in range(teams):
        make_team(size=4)
    add_participant()
    client.force_login(facilitator)

    with django_assert_num_queries(13):
        assert client.get(reverse("team_formation", args=[cohort.pk])).status_code == 200


@pytest.mark.parametrize("members", [2, 4])
def test_the_team_page_runs_a_constant_number_of_queries(
    client, cohort, participant, make_team, finalized, members, django_assert_num_queries
):
    finalized()
    team = make_team(size=members)
    TeamPreferenceFactory(membership=team.members.first().membership, topic=TopicFactory(cohort=cohort))
    client.force_login(participant)

    with django_assert_num_queries(12):  # the contests panel (published awards) and the access log INSERT
        assert client.get(reverse("team_detail", args=[cohort.pk, team.pk])).status_code == 200


@pytest.mark.parametrize("topics", [1, 12])
def test_the_topic_list_runs_a_constant_number_of_queries(
    client, cohort, facilitator, topics, django_assert_num_queries
):
    for _ in range(topics):
        TopicFactory(cohort=cohort)
    client.force_login(facilitator)

    with django_assert_num_queries(7):
        assert client.get(reverse("topic_list", args=[cohort.pk])).status_code == 200


# Formation page ------------------------------------------------------------------------------


def test_the_formation_page_shows_cards_with_department_level_and_warnings(
    client, cohort, facilitator, make_team, add_participant
):
    same = [add_participant(department="민원담당관", ai_level=5), add_participant(department="민원담당관", ai_level=1)]
    team = make_team(members=same, name="1팀")
    waiting = add_participant(user__name="박대기", department="교통정책과", ai_level=None)
    client.force_login(facilitator)

    response = client.get(reverse("team_formation", args=[cohort.pk]))

    page = text(response)
    card = page[page.index(f'id="team-{team.pk}"') :]
    card = card[: card.index("</section>")]
    assert "민원담당관 · AI 수준 5" in card
    assert "인원 부족: 2명입니다(최소 3명)." in card
    assert "민원담당관 소속이 2명입니다." in card
    assert "평균 AI 수준 3.00" in card
    unassigned = page[page.index('id="unassigned"') :]
    assert "박대기" in unassigned and "교통정책과 · AI 수준 미입력" in unassigned
    assert response.context["summary"].unassigned == 1
    assert waiting.pk in [m.pk for m in response.context["unassigned"]]


def test_the_formation_board_fragment_comes_alone_for_htmx(client, cohort, facilitator, make_team):
    make_team(size=3)
    client.force_login(facilitator)

    response = client.get(reverse("team_formation", args=[cohort.pk]), HTTP_HX_TARGET="formation-board", **HX)

    page = text(response)
    assert page.lstrip().startswith('<div id="formation-board"')
    assert "<html" not in page


def test_a_facilitator_moves_a_member_with_htmx_and_gets_only_the_changed_cards(client, cohort, facilitator, make_team):
    a, b, c = make_team(size=4), make_team(size=3), make_team(size=3)
    row = a.members.first()
    client.force_login(facilitator)

    response = move(client, cohort, row.membership, b, from_team=a, version=row.version, **HX)

    page = text(response)
    row.refresh_from_db()
    assert row.team == b
    assert "<html" not in page
    assert sorted(re.findall(r'<section id="(team-\d+|unassigned)"[^>]*hx-swap-oob="true"', page)) == sorted(
        [f"team-{a.pk}", f"team-{b.pk}", "unassigned"]
    )
    assert f"team-{c.pk}" not in page
    assert f"{row.membership.user.name} 님을 {b.name}(으)로 옮겼습니다." in page
    assert 'id="formation-summary" hx-swap-oob="true"' in page


def test_without_htmx_a_move_redirects_with_a_message(client, cohort, facilitator, make_team):
    a, b = make_team(size=4), make_team(size=3)
    person = a.members.first().membership
    client.force_login(facilitator)

    response = move(client, cohort, person, b, from_team=a, follow=True)

    assert response.redirect_chain == [(reverse("team_formation", args=[cohort.pk]), 302)]
    assert messages_of(response) == [f"{person.user.name} 님을 {b.name}(으)로 옮겼습니다."]


def test_taking_out_a_teams_leader_says_who_leads_it_now(client, cohort, facilitator, make_team):
    team = make_team(size=3)
    longest, leader = team.members.order_by("joined_at", "pk")[0].membership, team.members.order_by("-pk")[0]
    Team.objects.filter(pk=team.pk).update(leader=leader.membership)
    client.force_login(facilitator)

    response = move(client, cohort, leader.membership, "none", from_team=team, follow=True)

    name = leader.membership.user.name
    assert messages_of(response) == [
        f"{name} 님을 팀에서 제외했습니다. {name} 님이 빠진 팀의 팀장은 이제 {longest.user.name} 님입니다. "
        "팀 화면에서 다른 팀장을 정할 수 있습니다."
    ]
    team.refresh_from_db()
    assert team.leader == longest


def test_moving_into_a_full_team_shows_the_refusal(client, cohort, facilitator, make_team):
    full, other = make_team(size=4), make_team(size=3)
    person = other.members.first().membership
    client.force_login(facilitator)

    response = move(client, cohort, person, full, from_team=other, **HX)

    assert f"{full.name}은(는) 이미 4명으로 최대 인원입니다. 먼저 다른 팀원을 옮기세요." in text(response)
    assert TeamMembership.objects.get(membership=person).team == other


def test_a_stale_move_tells_the_second_facilitator_and_refreshes_the_real_team(
    client, cohort, facilitator, second_facilitator, make_team
):
    a, b, c = make_team(size=4), make_team(size=3), make_team(size=3)
    row = a.members.first()
    client.force_login(facilitator)
    move(client, cohort, row.membership, b, from_team=a, version=row.version, **HX)
    client.force_login(second_facilitator)

    response = move(client, cohort, row.membership, c, from_team=a, version=row.version, **HX)

    page = text(response)
    assert f"방금 다른 사람이 {row.membership.user.name} 님을 {b.name}(으)로 옮겼습니다." in page
    assert f'<section id="team-{b.pk}"' in page
    assert list(TeamMembership.objects.filter(membership=row.membership).values_list("team", flat=True)) == [b.pk]


def test_putting_someone_already_in_a_team_into_another_is_a_clear_form_error(client, cohort, facilitator, make_team):
    a, b = make_team(size=3), make_team(size=3)
    person = a.members.first().membership
    client.force_login(facilitator)

    response = move(client, cohort, person, b, from_team=None, **HX)  # a page that still showed them unassigned

    assert f"{person.user.name} 님은 이미 {a.name} 소속입니다. 참여자는 한 팀에만 속할 수 있습니다." in text(response)
    assert TeamMembership.objects.get(membership=person).team == a


def test_a_move_without_a_chosen_team_is_refused(client, cohort, facilitator, make_team):
    a = make_team(size=3)
    person = a.members.first().membership
    client.force_login(facilitator)

    response = move(client, cohort, person, "", from_team=a, **HX)

    assert "이동할 팀을 고르세요." in text(response)
    assert TeamMembership.objects.get(membership=person).team == a


def test_taking_someone_out_and_putting_them_back(client, cohort, facilitator, make_team):
    a = make_team(size=4)
    person = a.members.first().membership
    client.force_login(facilitator)

    move(client, cohort, person, "none", from_team=a, **HX)
    out = TeamMembership.objects.filter(membership=person).exists()
    move(client, cohort, person, a, **HX)

    assert out is False
    assert TeamMembership.objects.get(membership=person).team == a


def test_a_participant_cannot_move_themselves(client, cohort, participant, make_team):
    a, b = make_team(size=3), make_team(size=3)
    me = participant.memberships.get()
    TeamMembership.objects.create(team=a, membership=me)
    client.force_login(participant)

    response = move(client, cohort, me, b, from_team=a)

    assert response.status_code == 403
    assert TeamMembership.objects.get(membership=me).team == a


@pytest.mark.parametrize("extra_teams", [0, 8])
def test_a_move_answer_runs_a_constant_number_of_queries(
    client, cohort, facilitator, make_team, extra_teams, django_assert_num_queries
):
    TeamFormation.objects.create(cohort=cohort)
    for _ in range(extra_teams):
        make_team(size=4)
    a, b = make_team(size=4), make_team(size=3)
    person = a.members.first().membership
    client.force_login(facilitator)

    with django_assert_num_queries(23):
        move(client, cohort, person, b, from_team=a, **HX)


def test_a_member_of_another_cohort_cannot_be_moved_here(client, cohort, facilitator, make_team):
    a = make_team(size=3)
    foreign = make_team(size=3, target=CohortFactory())
    client.force_login(facilitator)

    response = move(client, cohort, foreign.members.first().membership, a, from_team=foreign, **HX)

    assert "이 기수의 구성원이 아닙니다." in text(response)
    assert a.members.count() == 3


def test_auto_formation_from_the_page(client, cohort, facilitator, add_participant):
    for _ in range(7):
        add_participant()
    client.force_login(facilitator)

    response = client.post(reverse("team_auto_form", args=[cohort.pk]), **HX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("team_formation", args=[cohort.pk])
    assert sorted(t.members.count() for t in Team.objects.filter(cohort=cohort)) == [3, 4]
    page = text(client.get(reverse("team_formation", args=[cohort.pk])))
    assert "참여자 7명으로 2개 팀을 편성했습니다." in page
    assert "마지막 자동 편성 결과" in page


def test_auto_formation_of_an_impossible_count_shows_the_reason(client, cohort, facilitator, add_participant):
    for _ in range(5):
        add_participant()
    client.force_login(facilitator)

    response = client.post(reverse("team_auto_form", args=[cohort.pk]), follow=True)

    assert messages_of(response) == [
        "참여자 5명은 3–4명 팀으로 나눌 수 없습니다. 기수 설정에서 팀 인원 범위를 바꾸거나 참여자를 추가·제외하세요."
    ]
    assert not Team.objects.filter(cohort=cohort).exists()


def test_finalizing_with_an_unassigned_participant_lists_the_problem(
    client, cohort, facilitator, make_team, add_participant
):
    make_team(size=3)
    add_participant(user__name="김대기")
    client.force_login(facilitator)

    response = client.post(reverse("team_finalize", args=[cohort.pk]), follow=True)

    assert messages_of(response) == [
        "아직 팀을 확정할 수 없습니다.",
        "김대기 님이 어느 팀에도 배정되지 않았습니다.",
    ]
    assert not TeamFormation.objects.filter(status=FormationStatus.FINALIZED).exists()


def test_finalizing_then_changes_are_logged_and_shown(client, cohort, facilitator, make_team):
    a, b = make_team(size=4, name="가팀"), make_team(size=3, name="나팀")
    client.force_login(facilitator)
    client.post(reverse("team_finalize", args=[cohort.pk]))
    person = a.members.first().membership

    move(client, cohort, person, b, from_team=a, reason="일정 조정", **HX)

    entry = TeamChangeLog.objects.get()
    assert (entry.from_team_name, entry.to_team_name, entry.actor) == ("가팀", "나팀", facilitator)
    assert entry.reason == "일정 조정"
    page = text(client.get(reverse("team_formation", args=[cohort.pk])))
    assert "확정 이후 변경 기록" in page and "일정 조정" in page
    assert "자동 편성" not in page


def test_creating_editing_and_deleting_teams(client, cohort, facilitator, make_team):
    client.force_login(facilitator)
    client.post(reverse("team_create", args=[cohort.pk]), {"name": "새팀"})
    team = Team.objects.get(cohort=cohort, name="새팀")
    full = make_team(size=3)
    leader = full.members.first().membership

    edit = client.post(
        reverse("team_edit", args=[cohort.pk, full.pk]),
        {"version": 1, "name": "민원똑똑팀", "topic": "민원 분류 챗봇", "idea": "분류", "leader": leader.pk},
    )
    client.post(reverse("team_delete", args=[cohort.pk, team.pk]))

    full.refresh_from_db()
    assert edit.status_code == 302
    assert (full.name, full.topic, full.leader) == ("민원똑똑팀", "민원 분류 챗봇", leader)
    assert list(Team.objects.filter(cohort=cohort)) == [full]


def test_an_edit_from_a_stale_form_shows_the_current_information(client, cohort, facilitator, make_team):
    team = make_team(size=3, name="원래팀")
    Team.objects.filter(pk=team.pk).update(name="바뀐팀", version=2)
    client.force_login(facilitator)

    response = client.post(
        reverse("team_edit", args=[cohort.pk, team.pk]), {"version": 1, "name": "내팀", "topic": "", "idea": ""}
    )

    assert response.status_code == 400
    assert "수정하는 동안 다른 사람이 이 팀 정보를 바꿨습니다." in text(response)
    assert response.context["form"]["name"].value() == "바뀐팀"
    team.refresh_from_db()
    assert team.name == "바뀐팀"


# Wishes and topics ---------------------------------------------------------------------------


def test_a_participant_states_wishes(client, cohort, participant, add_participant):
    topic = TopicFactory(cohort=cohort, name="회의록 자동 요약")
    colleague = add_participant()
    client.force_login(participant)

    page = text(client.get(reverse("team_preferences", args=[cohort.pk])))
    response = client.post(
        reverse("team_preferences", args=[cohort.pk]), {"topic": topic.pk, "colleague1": colleague.pk}, follow=True
    )

    assert "회의록 자동 요약" in page and colleague.user.name in page
    assert participant.name not in page.split('name="colleague1"')[1].split("</select>")[0]
    assert messages_of(response) == ["희망 사항을 저장했습니다. 감사합니다."]
    preference = TeamPreference.objects.get(membership__user=participant)
    assert (preference.topic, preference.colleague1, preference.colleague2) == (topic, colleague, None)


def test_the_same_colleague_twice_is_a_form_error(client, cohort, participant, add_participant):
    colleague = add_participant()
    client.force_login(participant)

    response = client.post(
        reverse("team_preferences", args=[cohort.pk]), {"colleague1": colleague.pk, "colleague2": colleague.pk}
    )

    assert response.status_code == 400
    assert "서로 다른 두 동료를 고르세요." in text(response)
    assert not TeamPreference.objects.exists()


def test_wishes_are_read_only_after_finalizing(client, cohort, participant, finalized):
    finalized()
    client.force_login(participant)

    page = text(client.get(reverse("team_preferences", args=[cohort.pk])))

    assert "팀이 확정되어 희망 사항을 더 이상 바꿀 수 없습니다." in page
    assert 'name="colleague1"' not in page


def test_staff_manage_topics(client, cohort, organizer):
    client.force_login(organizer)

    client.post(reverse("topic_list", args=[cohort.pk]), {"name": "민원 분류 챗봇"})
    twice = client.post(reverse("topic_list", args=[cohort.pk]), {"name": "민원 분류 챗봇"})
    topic = Topic.objects.get(cohort=cohort)
    removed = client.post(reverse("topic_delete", args=[cohort.pk, topic.pk]), **HX)

    assert twice.status_code == 400
    assert "‘민원 분류 챗봇’ 주제는 이미 목록에 있습니다." in text(twice)
    assert removed["HX-Redirect"] == reverse("topic_list", args=[cohort.pk])
    assert not Topic.objects.filter(cohort=cohort).exists()


def test_a_topic_of_another_cohort_cannot_be_deleted(client, cohort, organizer):
    foreign = TopicFactory(cohort=CohortFactory())
    client.force_login(organizer)

    assert client.post(reverse("topic_delete", args=[cohort.pk, foreign.pk])).status_code == 404
    assert Topic.objects.filter(pk=foreign.pk).exists()


# Home card -----------------------------------------------------------------------------------


def test_the_home_card_shows_the_team_topic_and_teammates(client, cohort, participant, make_team, finalized):
    team = make_team(size=2, name="민원똑똑팀", topic="민원 분류 챗봇")
    TeamMembership.objects.create(team=team, membership=participant.memberships.get())
    finalized()
    client.force_login(participant)

    page = text(client.get(reverse("cohort_home", args=[cohort.pk])))

    card = page[page.index('id="team-h"') :]
    card = card[: card.index("</section>")]
    assert "민원똑똑팀" in card and "민원 분류 챗봇" in card
    for row in team.members.exclude(membership__user=participant):
        assert row.membership.user.name in card
    assert participant.name not in card


def test_the_home_card_invites_wishes_before_teams_exist(client, cohort, participant):
    client.force_login(participant)

    page = text(client.get(reverse("cohort_home", args=[cohort.pk])))

    assert "팀을 편성하는 중입니다." in page
    assert reverse("team_preferences", args=[cohort.pk]) in page


def test_a_judge_has_no_wishes_page(client, cohort):
    judge = MembershipFactory(cohort=cohort, role=Role.JUDGE).user
    client.force_login(judge)

    assert client.get(reverse("team_preferences", args=[cohort.pk])).status_code == 403
