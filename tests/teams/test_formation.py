"""The automatic team former (teams/formation.py): a pure function, tested directly and with hypothesis."""

import math
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teams.formation import FormationError, Person, Proposal, form_teams, mutual_pairs, team_sizes

DEPARTMENTS = [
    "디지털정책과",
    "스마트시티추진과",
    "민원담당관",
    "교통정책과",
    "복지정책과",
    "환경정책과",
    "관광진흥과",
    "일자리경제과",
    "세정담당관",
    "도시계획과",
    "문화예술과",
    "안전정책과",
]


def legal(count: int, smallest: int, largest: int) -> bool:
    """Brute force: some number of teams holds `count` people within the bounds."""
    return count > 0 and any(k * smallest <= count <= k * largest for k in range(1, count + 1))


def pilot(count: int = 35) -> list[Person]:
    """A cohort like Busan's: twelve departments, levels 1–5 (some unknown), topics, a few mutual wishes."""
    people = []
    for i in range(1, count + 1):
        wishes: tuple[int, ...] = ()
        if i % 6 == 1 and i + 1 <= count:
            wishes = (i + 1,)
        elif i % 6 == 2:
            wishes = (i - 1,)
        people.append(
            Person(
                id=i,
                department=DEPARTMENTS[(i * 5) % len(DEPARTMENTS)],
                level=None if i % 9 == 0 else 1 + (i * 7) % 5,
                topic=(i * 3) % 8,
                wishes=wishes,
            )
        )
    return people


def placed(proposal: Proposal) -> list[int]:
    return [member for team in proposal.teams for member in team.members]


# Team sizes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "count,smallest,largest,sizes",
    [
        (35, 3, 4, [4] * 8 + [3]),
        (36, 3, 4, [4] * 9),
        (6, 3, 4, [3, 3]),
        (7, 3, 4, [4, 3]),
        (9, 3, 4, [3, 3, 3]),
        (2000, 3, 4, [4] * 500),
        (1, 1, 4, [1]),
        (10, 5, 5, [5, 5]),
    ],
)
def test_sizes_are_the_fewest_legal_teams(count, smallest, largest, sizes):
    assert team_sizes(count, smallest, largest) == sizes


@pytest.mark.parametrize("count", [1, 2, 5])
def test_a_count_no_split_allows_gets_a_clear_korean_message(count):
    with pytest.raises(FormationError) as caught:
        team_sizes(count, 3, 4)

    assert caught.value.message == (
        f"참여자 {count}명은 3–4명 팀으로 나눌 수 없습니다. "
        "기수 설정에서 팀 인원 범위를 바꾸거나 참여자를 추가·제외하세요."
    )


def test_no_participants_is_an_error():
    with pytest.raises(FormationError) as caught:
        form_teams([], smallest=3, largest=4)

    assert caught.value.message == "팀을 구성할 참여자가 없습니다."


def test_invalid_bounds_are_an_error():
    with pytest.raises(FormationError) as caught:
        team_sizes(10, 4, 3)

    assert caught.value.message == "팀 인원 범위 4–3명이 올바르지 않습니다."


def test_a_person_listed_twice_is_an_error():
    with pytest.raises(FormationError):
        form_teams([Person(1), Person(1), Person(2)], smallest=1, largest=4)


@settings(max_examples=300)
@given(count=st.integers(0, 400), smallest=st.integers(1, 10), extra=st.integers(0, 10))
def test_sizes_property(count, smallest, extra):
    largest = smallest + extra
    if not legal(count, smallest, largest):
        with pytest.raises(FormationError):
            team_sizes(count, smallest, largest)
        return
    sizes = team_sizes(count, smallest, largest)

    assert sum(sizes) == count
    assert all(smallest <= size <= largest for size in sizes)
    assert len(sizes) == math.ceil(count / largest)
    assert max(sizes) - min(sizes) <= 1


# Forming -------------------------------------------------------------------------------------

people_strategy = st.integers(1, 120).flatmap(
    lambda n: st.lists(
        st.tuples(
            st.sampled_from(["", "A", "B", "C", "D", "E", "F"]),
            st.one_of(st.none(), st.integers(1, 5)),
            st.one_of(st.none(), st.integers(0, 5)),
            st.lists(st.integers(0, n + 2), max_size=3),
        ),
        min_size=n,
        max_size=n,
    ).map(
        lambda rows: [
            Person(id=i, department=d, level=level, topic=topic, wishes=tuple(wishes))
            for i, (d, level, topic, wishes) in enumerate(rows)
        ]
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=people_strategy, smallest=st.integers(1, 6), extra=st.integers(0, 4), seed=st.integers(0, 2**32 - 1))
def test_every_team_is_legal_and_everyone_is_placed_exactly_once(people, smallest, extra, seed):
    largest = smallest + extra
    if not legal(len(people), smallest, largest):
        with pytest.raises(FormationError):
            form_teams(people, smallest=smallest, largest=largest, seed=seed)
        return

    proposal = form_teams(people, smallest=smallest, largest=largest, seed=seed, budget=2000)

    assert sorted(placed(proposal)) == sorted(p.id for p in people)
    assert all(smallest <= len(team.members) <= largest for team in proposal.teams)
    assert len(proposal.teams) == math.ceil(len(people) / largest)
    assert proposal.score.department_clashes >= proposal.score.department_clashes_unavoidable
    assert 0 <= proposal.score.mutual_wishes_honoured <= proposal.score.mutual_wishes_total
    assert 0 <= proposal.score.topic_wishes_honoured <= proposal.score.topic_wishes_total


@settings(max_examples=30, deadline=None)
@given(people=people_strategy, seed=st.integers(0, 2**32 - 1))
def test_the_same_seed_gives_the_same_teams(people, seed):
    if not legal(len(people), 2, 4):
        return
    first = form_teams(people, smallest=2, largest=4, seed=seed, budget=1500)
    second = form_teams(list(people), smallest=2, largest=4, seed=seed, budget=1500)

    assert first == second


def test_the_pilot_forms_nine_teams_mixed_and_balanced():
    people = pilot()

    proposal = form_teams(people, smallest=3, largest=4, seed=2025)

    assert sorted(len(team.members) for team in proposal.teams) == [3] + [4] * 8
    assert proposal.score.department_clashes == 0
    assert proposal.score.level_spread <= 0.5
    assert proposal.score.mutual_wishes_total == 6
    assert proposal.score.mutual_wishes_honoured == 6
    assert proposal.score.topic_wishes_total == 35
    assert proposal.score.topic_wishes_honoured >= 12
    departments = {p.id: p.department for p in people}
    for team in proposal.teams:
        counted = Counter(departments[m] for m in team.members)
        assert counted.most_common(1)[0][1] == 1


def test_mutual_wishers_end_up_together():
    people = pilot(12)
    proposal = form_teams(people, smallest=3, largest=4, seed=1)
    team_of = {m: index for index, team in enumerate(proposal.teams) for m in team.members}

    assert mutual_pairs(people) == [(1, 2), (7, 8)]
    assert team_of[1] == team_of[2]
    assert team_of[7] == team_of[8]


def test_one_sided_and_self_wishes_are_not_mutual():
    people = [Person(1, wishes=(2,)), Person(2, wishes=(3,)), Person(3, wishes=(3, 2)), Person(4)]

    assert mutual_pairs(people) == [(2, 3)]


def test_only_the_first_two_wishes_count():
    people = [Person(1, wishes=(5, 6, 2)), Person(2, wishes=(1,)), Person(5), Person(6)]

    assert mutual_pairs(people) == []


def test_a_department_larger_than_the_number_of_teams_clashes_only_as_much_as_it_must():
    people = [Person(i, department="민원담당관" if i < 12 else f"과{i}", level=3) for i in range(36)]

    proposal = form_teams(people, smallest=3, largest=4, seed=0)

    assert proposal.score.department_clashes_unavoidable == 3
    assert proposal.score.department_clashes == 3


def test_levels_are_balanced_across_teams():
    people = [Person(i, department=f"과{i}", level=5 if i < 9 else 1) for i in range(36)]

    proposal = form_teams(people, smallest=3, largest=4, seed=3)

    assert proposal.score.level_spread == 0.0
    assert [sum(1 for m in team.members if m < 9) for team in proposal.teams] == [1] * 9


def test_missing_levels_count_as_the_median():
    people = [Person(i, department=f"과{i}", level=None) for i in range(8)]

    proposal = form_teams(people, smallest=4, largest=4, seed=0)

    assert proposal.score.level_spread == 0.0


def test_teams_get_the_topic_most_of_them_wished_and_different_teams_different_topics():
    people = [Person(i, department=f"과{i}", level=3, topic=100 + i % 2) for i in range(8)]

    proposal = form_teams(people, smallest=4, largest=4, seed=0)

    assert sorted(team.topic for team in proposal.teams) == [100, 101]
    assert proposal.score.topic_wishes_honoured == 8
    for team in proposal.teams:
        assert {100 + m % 2 for m in team.members} == {team.topic}


def test_without_topic_wishes_a_team_has_no_topic():
    proposal = form_teams([Person(i) for i in range(6)], smallest=3, largest=3, seed=0)

    assert [team.topic for team in proposal.teams] == [None, None]
    assert proposal.score.topic_wishes_total == 0


def test_a_single_team_is_fine():
    proposal = form_teams([Person(i, department="같은과") for i in range(4)], smallest=3, largest=4)

    assert [team.members for team in proposal.teams] == [(0, 1, 2, 3)]
    assert proposal.score.department_clashes == proposal.score.department_clashes_unavoidable == 3
