"""Judge assignment (contests/assignment.py): a pure function, tested directly and with hypothesis."""

import math
import random

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from contests.assignment import (
    PROBLEM_CONFLICTS,
    PROBLEM_EXISTING_CONFLICT,
    PROBLEM_LOAD,
    AssignmentError,
    assign,
    graph_parts,
)


def test_small_contest_every_judge_scores_every_entry_but_conflicts():
    result = assign([1, 2, 3], [10, 11], conflicts=[(2, 11)])
    assert result.pairs == ((1, 10), (1, 11), (2, 10), (3, 10), (3, 11))
    assert result.loads == {10: 3, 11: 2}
    assert result.coverage == {1: 2, 2: 1, 3: 2}
    assert result.connected and result.complete and result.problems == ()


def test_small_contest_entry_with_every_judge_in_conflict():
    with translation.override("en"):
        result = assign([1, 2], [10], conflicts=[(2, 10)])
    assert [(p.code, p.entry_id, p.message) for p in result.problems] == [
        (PROBLEM_CONFLICTS, 2, "Entry 2: every judge has a conflict with it.")
    ]
    assert not result.complete


def test_k_judges_per_entry_balanced_and_connected():
    entries, judges = list(range(1, 31)), list(range(100, 107))
    result = assign(entries, judges, per_entry=3, seed=7)
    assert set(result.coverage.values()) == {3}
    assert result.max_load == math.ceil(30 * 3 / 7) == 13
    assert max(result.loads.values()) - min(result.loads.values()) <= 1
    assert result.connected and result.parts == 1
    assert result.problems == ()
    # deterministic for a seed
    assert assign(entries, judges, per_entry=3, seed=7).pairs == result.pairs


def test_infeasible_entry_is_explained():
    # entry 12 has a conflict with two of four judges; it needs three
    with translation.override("en"):
        result = assign([11, 12, 13], [1, 2, 3, 4], conflicts=[(12, 1), (12, 2)], per_entry=3)
    problem = next(p for p in result.problems if p.entry_id == 12)
    assert (problem.code, problem.needed, problem.assigned, problem.available) == (PROBLEM_CONFLICTS, 3, 2, 2)
    assert problem.message == "Entry 12: only 2 judges without a conflict, 3 needed."
    # it still gets the two judges it can have, and the others are covered
    assert result.judges_of(12) == [3, 4]
    assert result.coverage[11] == result.coverage[13] == 3
    assert not result.complete


def test_load_cap_too_low_is_explained():
    with translation.override("en"):
        result = assign([1, 2, 3, 4], [10, 11], per_entry=2, max_load=3)
    assert sum(result.coverage.values()) == 6
    assert max(result.loads.values()) == 3
    short = [p for p in result.problems if p.code == PROBLEM_LOAD]
    assert len(short) == 2
    assert short[0].message.endswith("the judges without a conflict already have the maximum load of 3 entries.")


def test_one_judge_per_entry_is_not_connected():
    result = assign(list(range(10)), [1, 2, 3], per_entry=1)
    assert result.complete
    assert not result.connected and result.parts == 3


def test_freezing_a_new_judge_only_gets_entries_that_need_one():
    entries, judges = list(range(1, 21)), [1, 2, 3, 4]
    first = assign(entries, judges, per_entry=3, max_load=15, seed=1)
    assert first.complete
    # one judge recuses from five entries mid-way: those pairs are dropped; then judge 5 joins
    dropped = set(first.entries_of(2)[:5])
    kept = [(e, j) for e, j in first.pairs if not (j == 2 and e in dropped)]
    second = assign(entries, [*judges, 5], conflicts=[(e, 2) for e in dropped], per_entry=3, existing=kept, seed=1)
    assert set(kept) <= set(second.pairs)
    assert {e for e, _ in second.added} == dropped
    assert set(second.coverage.values()) == {3}
    assert second.complete


def test_freezing_with_nothing_to_do_adds_nothing():
    first = assign([1, 2, 3], [1, 2, 3], per_entry=2, seed=0)
    again = assign([1, 2, 3], [1, 2, 3, 4], per_entry=2, existing=first.pairs, seed=0)
    assert again.added == ()
    assert again.pairs == first.pairs
    assert again.loads[4] == 0


def test_kept_pair_with_a_conflict_is_reported():
    with translation.override("en"):
        result = assign([1], [1, 2], conflicts=[(1, 2)], per_entry=1, existing=[(1, 2)])
    assert [(p.code, p.message) for p in result.problems] == [
        (PROBLEM_EXISTING_CONFLICT, "Entry 1: judge 2 is assigned but has a conflict.")
    ]
    assert result.complete  # covered, but the organizer must look at it


def test_affinity_is_preferred_after_balance():
    affinity = {(1, 20): 1.0, (2, 21): 1.0}
    result = assign([1, 2], [20, 21], per_entry=1, affinity=affinity)
    assert result.pairs == ((1, 20), (2, 21))


def test_bad_requests_are_refused():
    with pytest.raises(AssignmentError):
        assign([1], [1], per_entry=0)
    with pytest.raises(AssignmentError):
        assign([1], [1], per_entry=1, max_load=0)


def test_no_judges_and_no_entries():
    assert assign([], [1, 2], per_entry=2).pairs == ()
    result = assign([1], [], per_entry=2)
    assert result.pairs == () and not result.complete


def test_graph_parts():
    assert graph_parts([]) == 0
    assert graph_parts([(1, 10), (2, 10), (2, 11)]) == 1
    assert graph_parts([(1, 10), (2, 11)]) == 2


def test_national_scale_with_conflicts():
    rng = random.Random(5)
    entries, judges = list(range(1000)), list(range(5000, 5050))
    conflicts = {(e, j) for e in entries for j in judges if rng.random() < 0.05}
    result = assign(entries, judges, conflicts, per_entry=4, seed=3)
    assert result.complete
    assert set(result.coverage.values()) == {4}
    assert set(result.loads.values()) == {80}
    assert not conflicts & set(result.pairs)
    assert result.connected


# ---------------------------------------------------------------------------------------------- properties


@st.composite
def requests(draw):
    n_entries = draw(st.integers(0, 25))
    n_judges = draw(st.integers(1, 9))
    per_entry = draw(st.integers(1, min(n_judges, 4)))
    entries = list(range(1, n_entries + 1))
    judges = list(range(100, 100 + n_judges))
    cells = [(e, j) for e in entries for j in judges]
    density = draw(st.sampled_from([0.0, 0.05, 0.15, 0.4]))
    rng = random.Random(draw(st.integers(0, 10_000)))
    conflicts = {cell for cell in cells if rng.random() < density}
    max_load = draw(st.one_of(st.none(), st.integers(1, 15)))
    return entries, judges, conflicts, per_entry, max_load, draw(st.integers(0, 3))


@settings(max_examples=80)
@given(request=requests())
def test_assignment_properties(request):
    entries, judges, conflicts, per_entry, max_load, seed = request
    result = assign(entries, judges, conflicts, per_entry=per_entry, max_load=max_load, seed=seed)
    pairs = set(result.pairs)
    cap = result.max_load
    # never a conflict, never above the cap, never more than k judges, each pair once
    assert not pairs & conflicts
    assert len(pairs) == len(result.pairs)
    assert all(load <= cap for load in result.loads.values())
    assert all(count <= per_entry for count in result.coverage.values())
    # an entry is short exactly when a problem says so, with the right reason
    short = {e for e, count in result.coverage.items() if count < per_entry}
    assert short == {p.entry_id for p in result.problems}
    for problem in result.problems:
        available = sum(1 for j in judges if (problem.entry_id, j) not in conflicts)
        assert problem.available == available
        if problem.code == PROBLEM_CONFLICTS:
            assert available < per_entry
        else:
            # short for the load cap: every conflict-free judge not on the entry is full
            assert all(
                result.loads[j] >= cap
                for j in judges
                if (problem.entry_id, j) not in conflicts and (problem.entry_id, j) not in pairs
            )
    # feasible whenever every entry has k conflict-free judges and no cap was forced below the average
    if max_load is None and not conflicts and entries:
        assert result.complete
        assert max(result.loads.values()) - min(result.loads.values()) <= 1
    # balance: no single move of an entry from a fuller judge to one two lighter is possible
    for heavy in judges:
        for light in judges:
            if result.loads[heavy] - result.loads[light] >= 2:
                movable = [
                    e for e in result.entries_of(heavy) if (e, light) not in conflicts and (e, light) not in pairs
                ]
                assert movable == []


@settings(max_examples=40)
@given(request=requests(), extra=st.integers(1, 2))
def test_freezing_keeps_every_existing_pair(request, extra):
    entries, judges, conflicts, per_entry, max_load, seed = request
    first = assign(entries, judges, conflicts, per_entry=per_entry, max_load=max_load, seed=seed)
    new_judges = [*judges, *range(900, 900 + extra)]
    second = assign(
        entries, new_judges, conflicts, per_entry=per_entry, max_load=max_load, existing=first.pairs, seed=seed
    )
    assert set(first.pairs) <= set(second.pairs)
    needing = {e for e, count in first.coverage.items() if count < per_entry}
    assert {e for e, _ in second.added} <= needing
    assert all(second.coverage[e] <= per_entry for e in entries)


def test_problems_name_entries_and_judges_by_their_labels():
    """The caller passes what people call an entry (its entry number) and a judge (the name)."""
    labels = {11: "1", 12: "2", 13: "3"}
    with translation.override("en"):
        short = assign([11, 12, 13], [1, 2, 3, 4], conflicts=[(12, 1), (12, 2)], per_entry=3, labels=labels)
        kept = assign(
            [11],
            [1, 2],
            conflicts=[(11, 2)],
            per_entry=1,
            existing=[(11, 2)],
            labels=labels,
            judge_labels={2: "김심사"},
        )
    assert [p.message for p in short.problems] == ["Entry 2: only 2 judges without a conflict, 3 needed."]
    assert [p.message for p in kept.problems] == ["Entry 1: judge 김심사 is assigned but has a conflict."]
    with translation.override("ko"):
        everyone = assign([11, 12], [1], conflicts=[(12, 1)], labels=labels)
    assert [p.message for p in everyone.problems] == ["출품 2번: 모든 심사위원에게 이해충돌이 있습니다."]
