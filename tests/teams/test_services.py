"""Team services: the specification of wishes, automatic formation, moves, team details and finalizing."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from learninggroup.models import Role
from teams import services
from teams.models import (
    ChangeKind,
    FormationStatus,
    Team,
    TeamChangeLog,
    TeamFormation,
    TeamMembership,
    TeamPreference,
    Topic,
)
from tests.factories import CohortFactory, MembershipFactory

from .factories import TeamMembershipFactory, TeamPreferenceFactory, TopicFactory

# Wishes --------------------------------------------------------------------------------------


def test_a_participant_states_a_topic_and_two_colleagues(cohort, add_participant):
    me, first, second = add_participant(), add_participant(), add_participant()
    topic = TopicFactory(cohort=cohort, name="민원 분류 챗봇")

    preference = services.preference_set(membership=me, topic=topic, colleagues=[first, second])

    preference.refresh_from_db()
    assert (preference.topic, preference.colleague1, preference.colleague2) == (topic, first, second)


def test_stating_wishes_again_replaces_them(cohort, add_participant):
    me, first = add_participant(), add_participant()
    services.preference_set(membership=me, topic=TopicFactory(cohort=cohort), colleagues=[first])

    services.preference_set(membership=me, topic=None, colleagues=[])

    preference = me.team_preference
    preference.refresh_from_db()
    assert (preference.topic, preference.colleague1, preference.colleague2) == (None, None, None)


@pytest.mark.parametrize(
    "case,message",
    [
        ("three", "동료는 최대 두 명까지 고를 수 있습니다."),
        ("self", "자기 자신은 고를 수 없습니다."),
        ("twice", "서로 다른 두 동료를 고르세요."),
        ("other_cohort", "이 기수에 참여하는 동료를 고르세요."),
        ("facilitator", "이 기수에 참여하는 동료를 고르세요."),
        ("inactive", "이 기수에 참여하는 동료를 고르세요."),
    ],
)
def test_wished_colleagues_are_at_most_two_other_participants_of_the_cohort(cohort, add_participant, case, message):
    me = add_participant()
    colleagues = {
        "three": [add_participant(), add_participant(), add_participant()],
        "self": [me],
        "twice": [add_participant()] * 2,
        "other_cohort": [add_participant(CohortFactory())],
        "facilitator": [MembershipFactory(cohort=cohort, role=Role.FACILITATOR)],
        "inactive": [add_participant(is_active=False)],
    }[case]

    with pytest.raises(services.TeamError) as caught:
        services.preference_set(membership=me, topic=None, colleagues=colleagues)

    assert caught.value.message == message
    assert not TeamPreference.objects.filter(membership=me).exists()


def test_a_topic_of_another_cohort_is_refused(add_participant):
    with pytest.raises(services.TeamError) as caught:
        services.preference_set(membership=add_participant(), topic=TopicFactory(), colleagues=[])

    assert caught.value.message == "이 기수의 주제 목록에서 고르세요."


def test_wishes_are_closed_once_the_teams_are_final(add_participant, finalized):
    me = add_participant()
    finalized()

    with pytest.raises(services.TeamError) as caught:
        services.preference_set(membership=me, topic=None, colleagues=[])

    assert caught.value.message == "팀이 확정되어 희망 사항을 더 이상 바꿀 수 없습니다."


def test_only_participants_state_wishes(cohort):
    judge = MembershipFactory(cohort=cohort, role=Role.JUDGE)

    with pytest.raises(services.TeamError):
        services.preference_set(membership=judge, topic=None, colleagues=[])


def test_the_database_refuses_wishing_oneself(add_participant):
    me = add_participant()

    with pytest.raises(IntegrityError), transaction.atomic():
        TeamPreferenceFactory(membership=me, colleague1=me)


# Topics --------------------------------------------------------------------------------------


def test_topics_are_added_in_order_and_trimmed(cohort):
    services.topic_add(cohort=cohort, name="  민원 분류   챗봇 ")
    services.topic_add(cohort=cohort, name="회의록 자동 요약")

    assert list(Topic.objects.filter(cohort=cohort).values_list("name", "order")) == [
        ("민원 분류 챗봇", 1),
        ("회의록 자동 요약", 2),
    ]


def test_a_topic_twice_or_empty_is_refused(cohort):
    services.topic_add(cohort=cohort, name="민원 분류 챗봇")

    with pytest.raises(services.TeamError) as twice:
        services.topic_add(cohort=cohort, name="민원 분류 챗봇")
    with pytest.raises(services.TeamError) as empty:
        services.topic_add(cohort=cohort, name="   ")

    assert twice.value.message == "‘민원 분류 챗봇’ 주제는 이미 목록에 있습니다."
    assert empty.value.message == "주제 이름을 입력하세요."


def test_removing_a_topic_clears_the_wishes_for_it(cohort, add_participant):
    topic = TopicFactory(cohort=cohort)
    preference = TeamPreferenceFactory(membership=add_participant(), topic=topic)

    services.topic_remove(topic=topic)

    preference.refresh_from_db()
    assert preference.topic is None


# Automatic formation -------------------------------------------------------------------------


def _pilot(cohort, add_participant, count=35):
    names = ("민원 분류 챗봇", "회의록 자동 요약", "교통 민원 분석")
    topics = [TopicFactory(cohort=cohort, name=name) for name in names]
    people = [add_participant(ai_level=None if i % 8 == 0 else 1 + i % 5) for i in range(count)]
    for i, person in enumerate(people):
        TeamPreferenceFactory(membership=person, topic=topics[i % 3])
    return people, topics


def test_auto_formation_places_35_participants_in_nine_teams(cohort, add_participant, facilitator):
    people, _topics = _pilot(cohort, add_participant)
    MembershipFactory(cohort=cohort, role=Role.PARTICIPANT, is_active=False)  # left the cohort
    MembershipFactory(cohort=cohort, role=Role.JUDGE)

    proposal = services.teams_auto_form(cohort=cohort, actor=facilitator, seed=7)

    teams = list(Team.objects.filter(cohort=cohort).order_by("pk"))
    assert [t.name for t in teams] == [f"{n}팀" for n in range(1, 10)]
    assert sorted(t.members.count() for t in teams) == [3] + [4] * 8
    placed = sorted(TeamMembership.objects.filter(team__cohort=cohort).values_list("membership_id", flat=True))
    assert placed == sorted(p.pk for p in people)
    assert {t.topic for t in teams} == {"민원 분류 챗봇", "회의록 자동 요약", "교통 민원 분석"}
    formation = TeamFormation.objects.get(cohort=cohort)
    assert (formation.status, formation.seed, formation.formed_by) == (FormationStatus.DRAFT, 7, facilitator)
    assert formation.report == proposal.score.as_dict()
    assert formation.report["department_clashes"] == 0


def test_forming_again_replaces_the_draft_and_reuses_team_rows(cohort, add_participant, facilitator, make_team):
    _pilot(cohort, add_participant, count=12)
    old = make_team(name="민원똑똑팀")
    spare = make_team(name="남는팀")
    services.teams_auto_form(cohort=cohort, actor=facilitator, seed=1)
    first = list(Team.objects.filter(cohort=cohort).order_by("pk").values_list("pk", flat=True))

    services.teams_auto_form(cohort=cohort, actor=facilitator, seed=2)

    teams = list(Team.objects.filter(cohort=cohort).order_by("pk"))
    assert [t.pk for t in teams] == first
    assert old.pk == first[0] and spare.pk == first[1]
    assert [t.name for t in teams] == ["1팀", "2팀", "3팀"]
    assert TeamMembership.objects.filter(team__cohort=cohort).count() == 12


def test_surplus_draft_teams_are_deleted(cohort, add_participant, facilitator, make_team):
    _pilot(cohort, add_participant, count=6)
    for _ in range(4):
        make_team()

    services.teams_auto_form(cohort=cohort, actor=facilitator, seed=1)

    assert Team.objects.filter(cohort=cohort).count() == 2


def test_a_count_no_split_allows_is_refused_and_nothing_changes(cohort, add_participant, facilitator, make_team):
    team = make_team(size=3)
    add_participant()
    add_participant()  # five participants, bounds 3–4

    with pytest.raises(services.TeamError) as caught:
        services.teams_auto_form(cohort=cohort, actor=facilitator)

    assert caught.value.message == (
        "참여자 5명은 3–4명 팀으로 나눌 수 없습니다. 기수 설정에서 팀 인원 범위를 바꾸거나 참여자를 추가·제외하세요."
    )
    assert list(Team.objects.filter(cohort=cohort)) == [team]
    assert team.members.count() == 3


def test_auto_formation_is_closed_after_finalizing(cohort, add_participant, facilitator, finalized):
    _pilot(cohort, add_participant, count=6)
    finalized()

    with pytest.raises(services.TeamError):
        services.teams_auto_form(cohort=cohort, actor=facilitator)

    assert not Team.objects.filter(cohort=cohort).exists()


def test_mutual_wishes_are_kept_together(cohort, add_participant, facilitator):
    people = [add_participant() for _ in range(12)]
    TeamPreferenceFactory(membership=people[0], colleague1=people[5])
    TeamPreferenceFactory(membership=people[5], colleague1=people[0])

    services.teams_auto_form(cohort=cohort, actor=facilitator, seed=3)

    assert people[0].team_membership.team_id == TeamMembership.objects.get(membership=people[5]).team_id


def test_the_same_seed_forms_the_same_teams(cohort, add_participant, facilitator):
    _pilot(cohort, add_participant, count=14)

    def layout():
        return sorted(
            tuple(sorted(t.members.values_list("membership_id", flat=True))) for t in Team.objects.filter(cohort=cohort)
        )

    services.teams_auto_form(cohort=cohort, actor=facilitator, seed=99)
    first = layout()
    services.teams_auto_form(cohort=cohort, actor=facilitator, seed=99)

    assert layout() == first


# Moving people -------------------------------------------------------------------------------


def test_a_facilitator_moves_a_participant(cohort, make_team, facilitator):
    a, b = make_team(size=4), make_team(size=3)
    row = a.members.first()

    services.team_member_move(membership=row.membership, to_team=b, expected_team_id=a.pk, actor=facilitator)

    row.refresh_from_db()
    assert (row.team, row.version) == (b, 2)
    assert (a.members.count(), b.members.count()) == (3, 4)
    assert not TeamChangeLog.objects.exists()  # a draft is not logged


def test_a_fifth_person_is_refused_by_a_team_of_bounds_3_to_4(cohort, make_team, facilitator, add_participant):
    full, other = make_team(size=4), make_team(size=3)
    mover = other.members.first().membership

    with pytest.raises(services.TeamError) as moved:
        services.team_member_move(membership=mover, to_team=full, expected_team_id=other.pk, actor=facilitator)
    with pytest.raises(services.TeamError) as added:
        services.team_member_add(team=full, membership=add_participant(), actor=facilitator)

    message = f"{full.name}은(는) 이미 4명으로 최대 인원입니다. 먼저 다른 팀원을 옮기세요."
    assert (moved.value.message, added.value.message) == (message, message)
    assert (full.members.count(), other.members.count()) == (4, 3)


def test_a_sixth_person_is_refused_by_a_team_of_five_when_the_bounds_are_3_to_4(
    cohort, make_team, facilitator, add_participant
):
    big = make_team(size=5)  # formed when the bounds were 3–5

    with pytest.raises(services.TeamError) as caught:
        services.team_member_add(team=big, membership=add_participant(), actor=facilitator)

    assert caught.value.message == f"{big.name}은(는) 이미 5명으로 최대 인원입니다. 먼저 다른 팀원을 옮기세요."
    assert big.members.count() == 5


def test_below_the_smallest_size_is_allowed_in_a_draft(cohort, make_team, facilitator):
    a, b = make_team(size=3), make_team(size=3)

    services.team_member_move(
        membership=a.members.first().membership, to_team=b, expected_team_id=a.pk, actor=facilitator
    )

    assert (a.members.count(), b.members.count()) == (2, 4)


def test_the_database_keeps_a_participant_in_one_team(cohort, make_team):
    a, b = make_team(size=1), make_team()

    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembership.objects.create(team=b, membership=a.members.get().membership)


def test_adding_someone_who_is_in_a_team_is_refused_with_a_message(cohort, make_team, facilitator):
    a, b = make_team(size=3), make_team(size=3)
    person = a.members.first().membership

    with pytest.raises(services.TeamError) as caught:
        services.team_member_add(team=b, membership=person, actor=facilitator)

    assert caught.value.message == (
        f"{person.user.name} 님은 이미 {a.name} 소속입니다. 참여자는 한 팀에만 속할 수 있습니다."
    )
    assert TeamMembership.objects.get(membership=person).team == a


def test_the_second_of_two_facilitators_moving_the_same_person_is_told(
    cohort, make_team, facilitator, second_facilitator
):
    a, b, c = make_team(size=4), make_team(size=3), make_team(size=3)
    person = a.members.first().membership
    seen_version = person.team_membership.version  # both loaded the page

    services.team_member_move(
        membership=person, to_team=b, expected_team_id=a.pk, expected_version=seen_version, actor=facilitator
    )
    with pytest.raises(services.TeamError) as caught:
        services.team_member_move(
            membership=person, to_team=c, expected_team_id=a.pk, expected_version=seen_version, actor=second_facilitator
        )

    assert caught.value.message == (
        f"방금 다른 사람이 {person.user.name} 님을 {b.name}(으)로 옮겼습니다. 바뀐 팀 구성을 확인한 뒤 다시 시도하세요."
    )
    assert list(TeamMembership.objects.filter(membership=person).values_list("team", flat=True)) == [b.pk]


def test_a_move_from_a_stale_page_is_refused_even_when_the_person_came_back(cohort, make_team, facilitator):
    a, b = make_team(size=4), make_team(size=3)
    person = a.members.first().membership
    services.team_member_move(membership=person, to_team=b, expected_team_id=a.pk, actor=facilitator)
    services.team_member_move(membership=person, to_team=a, expected_team_id=b.pk, actor=facilitator)

    with pytest.raises(services.TeamError):
        services.team_member_move(
            membership=person, to_team=b, expected_team_id=a.pk, expected_version=1, actor=facilitator
        )

    assert TeamMembership.objects.get(membership=person).team == a


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_facilitators_moving_the_same_person_at_the_same_moment(make_team, facilitator, second_facilitator):
    a, b, c = make_team(size=4), make_team(size=3), make_team(size=3)
    person = a.members.first().membership
    barrier = threading.Barrier(2)
    outcomes = {}

    def move(actor, target):
        try:
            barrier.wait()
            services.team_member_move(membership=person, to_team=target, expected_team_id=a.pk, actor=actor)
            outcomes[target.pk] = "moved"
        except services.TeamError as exc:
            outcomes[target.pk] = exc.message
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(facilitator, b)),
        threading.Thread(target=move, args=(second_facilitator, c)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    rows = list(TeamMembership.objects.filter(membership=person).values_list("team", flat=True))
    assert len(rows) == 1
    winner = rows[0]
    loser = c.pk if winner == b.pk else b.pk
    winner_name = Team.objects.get(pk=winner).name
    assert outcomes[winner] == "moved"
    assert outcomes[loser] == (
        f"방금 다른 사람이 {person.user.name} 님을 {winner_name}(으)로 옮겼습니다. "
        "바뀐 팀 구성을 확인한 뒤 다시 시도하세요."
    )


def test_moving_into_the_same_team_or_a_foreign_one_is_refused(cohort, make_team, facilitator):
    a = make_team(size=3)
    foreign = make_team(target=CohortFactory())
    person = a.members.first().membership

    with pytest.raises(services.TeamError):
        services.team_member_move(membership=person, to_team=a, expected_team_id=a.pk, actor=facilitator)
    with pytest.raises(services.TeamError):
        services.team_member_move(membership=person, to_team=foreign, expected_team_id=a.pk, actor=facilitator)

    assert TeamMembership.objects.get(membership=person).team == a


def test_removing_a_leader_hands_the_team_on_to_the_longest_standing_member(cohort, make_team, facilitator):
    team = make_team(size=3)
    first, _, leader = [m.membership for m in team.members.order_by("joined_at", "pk")]
    Team.objects.filter(pk=team.pk).update(leader=leader)

    new_leader = services.team_member_remove(membership=leader, expected_team_id=team.pk, actor=facilitator)

    team.refresh_from_db()
    assert (new_leader, team.leader, team.version) == (first, first, 2)
    assert not TeamMembership.objects.filter(membership=leader).exists()


def test_a_late_joiner_who_led_a_team_leaves_it_with_a_leader(
    cohort, make_team, add_participant, facilitator, finalized
):
    team = make_team(size=3)
    finalized()
    late = add_participant()
    services.team_member_add(team=team, membership=late, actor=facilitator)
    Team.objects.filter(pk=team.pk).update(leader=late)
    longest = team.members.order_by("joined_at", "pk").first().membership

    services.team_member_place(membership=late, from_team_id=team.pk, to_team=None, actor=facilitator)

    team.refresh_from_db()
    assert team.leader == longest
    assert sorted(TeamChangeLog.objects.filter(membership=late).values_list("kind", flat=True)) == ["add", "remove"]


def test_moving_a_leader_hands_on_the_team_they_leave_and_not_the_one_they_join(cohort, make_team, facilitator):
    a, b = make_team(size=3), make_team(size=2)
    leader = a.members.order_by("-pk").first().membership
    Team.objects.filter(pk=a.pk).update(leader=leader)

    new_leader = services.team_member_move(membership=leader, to_team=b, expected_team_id=a.pk, actor=facilitator)

    a.refresh_from_db()
    b.refresh_from_db()
    assert new_leader == a.leader == a.members.order_by("joined_at", "pk").first().membership
    assert b.leader is None


def test_the_last_member_leaving_leaves_no_leader_and_a_member_who_did_not_lead_changes_nothing(
    cohort, make_team, facilitator
):
    alone, pair = make_team(size=1), make_team(size=2)
    last = alone.members.get().membership
    Team.objects.filter(pk=alone.pk).update(leader=last)
    leader, other = [m.membership for m in pair.members.order_by("pk")]
    Team.objects.filter(pk=pair.pk).update(leader=leader)

    assert services.team_member_remove(membership=last, expected_team_id=alone.pk, actor=facilitator) is None
    assert services.team_member_remove(membership=other, expected_team_id=pair.pk, actor=facilitator) is None

    alone.refresh_from_db()
    pair.refresh_from_db()
    assert (alone.leader, pair.leader, pair.version) == (None, leader, 1)


def test_after_finalizing_every_change_is_logged(cohort, make_team, facilitator, add_participant, finalized):
    a, b = make_team(size=4, name="민원똑똑팀"), make_team(size=3, name="길잡이팀")
    person = a.members.first().membership
    newcomer = add_participant()
    finalized()

    services.team_member_move(
        membership=person, to_team=b, expected_team_id=a.pk, actor=facilitator, reason="업무 일정 조정"
    )
    services.team_member_remove(membership=person, expected_team_id=b.pk, actor=facilitator, reason="휴직")
    services.team_member_add(team=a, membership=newcomer, actor=facilitator)

    log = [
        (e.kind, e.membership, e.from_team_name, e.to_team_name, e.actor, e.reason)
        for e in TeamChangeLog.objects.filter(cohort=cohort).order_by("pk")
    ]
    assert log == [
        (ChangeKind.MOVE, person, "민원똑똑팀", "길잡이팀", facilitator, "업무 일정 조정"),
        (ChangeKind.REMOVE, person, "길잡이팀", "", facilitator, "휴직"),
        (ChangeKind.ADD, newcomer, "", "민원똑똑팀", facilitator, ""),
    ]
    assert all(e.at is not None for e in TeamChangeLog.objects.all())


def test_an_inactive_person_can_be_removed_but_not_moved(cohort, make_team, facilitator):
    a, b = make_team(size=3), make_team(size=3)
    person = a.members.first().membership
    person.is_active = False
    person.save()

    with pytest.raises(services.TeamError):
        services.team_member_move(membership=person, to_team=b, expected_team_id=a.pk, actor=facilitator)
    services.team_member_remove(membership=person, expected_team_id=a.pk, actor=facilitator)

    assert not TeamMembership.objects.filter(membership=person).exists()


# Teams themselves ----------------------------------------------------------------------------


def test_a_team_is_renamed_and_given_topic_idea_and_leader(cohort, make_team):
    team = make_team(size=3)
    leader = team.members.first().membership

    services.team_update(
        team=team, expected_version=1, name=" 민원똑똑팀 ", topic="민원 분류 챗봇", idea="민원 자동 분류", leader=leader
    )

    team.refresh_from_db()
    assert (team.name, team.topic, team.idea, team.leader, team.version) == (
        "민원똑똑팀",
        "민원 분류 챗봇",
        "민원 자동 분류",
        leader,
        2,
    )


def test_an_edit_from_a_stale_form_is_refused(cohort, make_team):
    team = make_team(size=3)
    services.team_update(team=team, expected_version=1, name="먼저팀", topic="", idea="", leader=None)

    with pytest.raises(services.TeamError) as caught:
        services.team_update(team=team, expected_version=1, name="나중팀", topic="", idea="", leader=None)

    assert caught.value.message.startswith("수정하는 동안 다른 사람이 이 팀 정보를 바꿨습니다.")
    team.refresh_from_db()
    assert team.name == "먼저팀"


def test_a_leader_from_outside_the_team_or_a_taken_name_is_refused(cohort, make_team):
    a, b = make_team(size=3, name="가팀"), make_team(size=3, name="나팀")

    with pytest.raises(services.TeamError) as outsider:
        services.team_update(
            team=a, expected_version=1, name="가팀", topic="", idea="", leader=b.members.first().membership
        )
    with pytest.raises(services.TeamError) as taken:
        services.team_update(team=a, expected_version=1, name="나팀", topic="", idea="", leader=None)

    assert outsider.value.message == "팀장은 팀원 중에서 정해야 합니다."
    assert taken.value.message == "이 기수에 이미 ‘나팀’ 팀이 있습니다."


def test_teams_are_created_with_unique_names_and_deleted_only_when_empty(cohort, make_team):
    team = services.team_create(cohort=cohort, name="새팀")
    full = make_team(size=3)

    with pytest.raises(services.TeamError):
        services.team_create(cohort=cohort, name="새팀")
    with pytest.raises(services.TeamError) as not_empty:
        services.team_delete(team=full)
    services.team_delete(team=team)

    assert not_empty.value.message == "팀원이 없는 팀만 삭제할 수 있습니다. 먼저 팀원을 다른 팀으로 옮기세요."
    assert list(Team.objects.filter(cohort=cohort)) == [full]


# Finalizing ----------------------------------------------------------------------------------


def test_finalizing_checks_every_participant_is_in_one_team_of_legal_size(
    cohort, make_team, add_participant, facilitator
):
    make_team(size=4, name="가팀")
    make_team(size=2, name="나팀")
    waiting = add_participant(user__name="김대기")

    with pytest.raises(services.FinalizeError) as caught:
        services.formation_finalize(cohort=cohort, actor=facilitator)

    assert caught.value.problems == [
        "김대기 님이 어느 팀에도 배정되지 않았습니다.",
        "나팀 인원이 2명입니다. 팀 인원은 3–4명이어야 합니다.",
    ]
    assert not TeamFormation.objects.filter(cohort=cohort, status=FormationStatus.FINALIZED).exists()
    assert not TeamMembership.objects.filter(membership=waiting).exists()


def test_finalizing_with_no_teams_is_refused(cohort, facilitator):
    with pytest.raises(services.FinalizeError) as caught:
        services.formation_finalize(cohort=cohort, actor=facilitator)

    assert caught.value.problems == ["아직 팀이 없습니다."]


def test_finalizing_a_complete_formation(cohort, make_team, facilitator):
    make_team(size=4)
    make_team(size=3)

    formation = services.formation_finalize(cohort=cohort, actor=facilitator)

    assert (formation.status, formation.finalized_by) == (FormationStatus.FINALIZED, facilitator)
    assert formation.finalized_at is not None
    with pytest.raises(services.TeamError) as again:
        services.formation_finalize(cohort=cohort, actor=facilitator)
    assert again.value.message == "팀이 이미 확정되었습니다."


def test_a_team_member_who_left_the_cohort_blocks_finalizing(cohort, make_team, facilitator):
    team = make_team(size=3, name="가팀")
    left = team.members.first().membership
    left.is_active = False
    left.save()

    with pytest.raises(services.FinalizeError) as caught:
        services.formation_finalize(cohort=cohort, actor=facilitator)

    assert caught.value.problems == [f"{left.user.name} 님은 더 이상 참여자가 아닌데 가팀에 남아 있습니다."]


def test_a_factory_team_membership_uses_its_teams_cohort(cohort, make_team):
    row = TeamMembershipFactory(team=make_team())

    assert row.membership.cohort == cohort
