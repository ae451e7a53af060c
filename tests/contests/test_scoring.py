"""Contest results (contests/scoring/): a pure package, tested on hand-worked examples and with hypothesis."""

import datetime as dt
import math
import random

import numpy as np
import pytest
from django.utils import translation
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from contests.assignment import assign
from contests.scoring import (
    NOTE_DISCONNECTED,
    NOTE_IDENTICAL,
    NOTE_INCOMPLETE,
    NOTE_NO_RATINGS,
    NOTE_RESCALED,
    TIE_CRITERIA,
    TIE_SUBMITTED,
    Formula,
    RoundWeights,
    ScoreRow,
    ScoringError,
    final_scores,
    formula_problems,
    icc_oneway,
    kendall_w,
    krippendorff_alpha_interval,
    peer_scores,
    rank,
    rank_changes,
    round_results,
)


def rows_from(matrix, *, judges=None, entries=None):
    """Score rows from a judges × entries matrix; None is a missing cell."""
    rows = []
    for a, line in enumerate(matrix):
        for b, value in enumerate(line):
            if value is not None:
                judge = judges[a] if judges else a + 1
                entry = entries[b] if entries else b + 1
                rows.append(ScoreRow(entry_id=entry, judge_id=judge, total=float(value)))
    return rows


# ------------------------------------------------------------------------------------------- agreement by hand


# Shrout & Fleiss (1979), table 2: six targets rated by four judges; the paper gives ICC(1,1) = .17 and
# ICC(1,4) = .44 (BMS = 11.24, WMS = 6.26).
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def test_icc_matches_shrout_and_fleiss():
    icc1, icc1k = icc_oneway(SHROUT_FLEISS)
    # BMS = 4 Σ (m_i − 127/24)² / 5 = 11.2417, WMS = 6.2639 → (BMS − WMS) / (BMS + 3 WMS), (BMS − WMS) / BMS
    assert icc1 == pytest.approx((11.241667 - 6.263889) / (11.241667 + 3 * 6.263889), abs=1e-5)
    assert round(icc1, 2) == 0.17
    assert icc1k == pytest.approx((11.241667 - 6.263889) / 11.241667, abs=1e-5)
    assert round(icc1k, 2) == 0.44


def test_icc_by_hand_on_two_pairs():
    # groups [1, 3] and [5, 7]: means 2 and 6, grand mean 4; SSB = 2·4 + 2·4 = 16, MSB = 16;
    # SSW = 1 + 1 + 1 + 1 = 4, MSW = 4 / (4 − 2) = 2; n0 = 2 → ICC(1) = 14 / 18, ICC(1,k) = 14 / 16
    icc1, icc1k = icc_oneway([[1, 3], [5, 7]])
    assert icc1 == pytest.approx(14 / 18)
    assert icc1k == pytest.approx(14 / 16)


def test_icc_with_unequal_panels_leaves_out_single_ratings():
    # [9] has one rating and is left out; [1, 3] and [5, 7, 6]: N = 5, a = 2, means 2 and 6, grand 22/5
    # SSB = 2 (2 − 4.4)² + 3 (6 − 4.4)² = 11.52 + 7.68 = 19.2; SSW = 2 + 2 = 4, MSW = 4/3;
    # n0 = (5 − 13/5) / 1 = 2.4 → ICC(1) = (19.2 − 4/3) / (19.2 + 1.4 · 4/3)
    icc1, icc1k = icc_oneway([[1, 3], [9], [5, 7, 6]])
    assert icc1 == pytest.approx((19.2 - 4 / 3) / (19.2 + 1.4 * 4 / 3))
    assert icc1k == pytest.approx((19.2 - 4 / 3) / 19.2)


def test_icc_undefined_without_two_panels_or_variance():
    assert icc_oneway([[1, 2, 3]]) == (None, None)
    assert icc_oneway([[5, 5], [5, 5]]) == (None, None)
    assert icc_oneway([]) == (None, None)


def test_alpha_by_hand_with_a_missing_cell():
    # units [1, 3], [2, 2], [5] (not pairable): n = 4 pairable values 1, 3, 2, 2.
    # D_o = (1/4) · ((1 − 3)² · 2 / 1 + 0) = 2; D_e = 2 · (4 + 1 + 1 + 1 + 1 + 0) / (4 · 3) = 4/3
    # alpha = 1 − 2 / (4/3) = −0.5
    assert krippendorff_alpha_interval([[1, 3], [2, 2], [5]]) == pytest.approx(-0.5)


def test_alpha_matches_krippendorffs_published_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": four observers, twelve units with
    # missing values; interval alpha = 0.849.
    observers = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [[o[u] for o in observers if o[u] is not None] for u in range(12)]
    assert krippendorff_alpha_interval(units) == pytest.approx(0.849, abs=5e-4)


def test_alpha_perfect_and_undefined():
    assert krippendorff_alpha_interval([[1, 1], [4, 4], [9, 9]]) == pytest.approx(1.0)
    assert krippendorff_alpha_interval([[3, 3], [3, 3]]) is None
    assert krippendorff_alpha_interval([[3]]) is None


def test_kendall_w_by_hand():
    # the same order from three judges: rank sums 3, 6, 9, S = 18; W = 12 · 18 / (9 · 24) = 1
    assert kendall_w(np.array([[1, 2, 3], [10, 20, 30], [5, 6, 7]])) == pytest.approx(1.0)
    # opposite orders: rank sums 4, 4, 4 → W = 0
    assert kendall_w(np.array([[1, 2, 3], [3, 2, 1]])) == pytest.approx(0.0)
    # ties: ranks (2.5, 2.5, 1) and (3, 1.5, 1.5); sums 5.5, 4, 2.5, S = 4.5; T = 6 + 6;
    # W = 12 · 4.5 / (4 · 24 − 2 · 12) = 54 / 72
    assert kendall_w(np.array([[10, 10, 5], [10, 5, 5]])) == pytest.approx(0.75)


# ------------------------------------------------------------------------------------------- the round model


def test_complete_panel_judge_effects_by_hand():
    # judge 1 gives 60 and 80, judge 2 gives 70 and 90: leniencies −5 and +5, adjusted = raw (no ridge:
    # with the default one, entries with two ratings lean towards the mean of all ratings)
    result = round_results(rows_from([[60, 80], [70, 90]]), ridge=0)
    assert [j.effect for j in result.judges] == pytest.approx([-5.0, 5.0])
    assert [e.adjusted for e in result.entries] == pytest.approx([65.0, 85.0])
    assert [e.raw for e in result.entries] == pytest.approx([65.0, 85.0])
    assert result.connected and result.complete and result.parts == 1
    assert result.agreement.kendall_w == pytest.approx(1.0)


def test_incomplete_panel_adjustment_by_hand():
    # judge A scores e1 = 60, e2 = 80; judge B scores e2 = 90, e3 = 70. With a + b = 0 and no ridge the
    # least-squares fit of q2 + a = 80, q2 + b = 90 gives q2 = 85, a = −5, b = +5; so q1 = 65, q3 = 65.
    # Raw means 60, 85, 70 rank e3 above e1; adjusted for B's leniency they tie.
    result = round_results(rows_from([[60, 80, None], [None, 90, 70]]), ridge=0)
    assert [e.raw for e in result.entries] == pytest.approx([60, 85, 70])
    assert [e.adjusted for e in result.entries] == pytest.approx([65, 85, 65])
    assert {j.judge_id: (j.effect, j.ratings) for j in result.judges} == {
        1: (pytest.approx(-5), 2),
        2: (pytest.approx(5), 2),
    }
    assert result.complete is False
    assert result.agreement.kendall_w is None
    # with the default ridge, the single-rated entries lean a little towards the mean of all ratings (75)
    ridged = round_results(rows_from([[60, 80, None], [None, 90, 70]]))
    assert 65 < ridged.entry(1).adjusted < 75 and 65 < ridged.entry(3).adjusted < 75


def test_entry_statistics_and_criteria():
    rows = [
        ScoreRow(entry_id=7, judge_id=1, total=80, criteria=(16, 20, 18)),
        ScoreRow(entry_id=7, judge_id=2, total=70, criteria=(14, 18, 16)),
        ScoreRow(entry_id=7, judge_id=3, total=90, criteria=(18, 19, 20)),
        ScoreRow(entry_id=7, judge_id=4, total=60, criteria=(12, 15, 14)),
    ]
    entry = round_results(rows, entry_ids=[7, 8]).entry(7)
    assert (entry.ratings, entry.raw, entry.median, entry.minimum, entry.maximum, entry.spread) == (
        4,
        75.0,
        75.0,
        60.0,
        90.0,
        30.0,
    )
    assert entry.std == pytest.approx(math.sqrt((25 + 25 + 225 + 225) / 3))
    assert [(c.minimum, c.mean, c.maximum) for c in entry.criteria] == [(12, 15, 18), (15, 18, 20), (14, 17, 20)]
    assert entry.criteria_means == (15, 18, 17)


def test_entry_without_ratings_is_listed_without_scores():
    result = round_results(rows_from([[70, 80]]), entry_ids=[1, 2, 3])
    unrated = result.entry(3)
    assert (unrated.ratings, unrated.raw, unrated.adjusted, unrated.spread) == (0, None, None, None)
    assert [n.code for n in result.notes] == [NOTE_INCOMPLETE]


def test_every_judge_identical_scores():
    result = round_results(rows_from([[70, 70, 70], [70, 70, 70], [70, 70, 70]]))
    assert {e.raw for e in result.entries} == {70.0}
    assert [e.adjusted for e in result.entries] == pytest.approx([70.0] * 3)
    assert {e.std for e in result.entries} == {0.0}
    assert {e.z_mean for e in result.entries} == {0.0}
    assert result.agreement.icc1 is None and result.agreement.alpha is None and result.agreement.kendall_w is None
    assert NOTE_IDENTICAL in [n.code for n in result.notes]
    placings = rank(result.adjusted_scores())
    assert [p.rank for p in placings] == [1, 1, 1]
    assert all(p.shared for p in placings)


def test_single_entry_and_single_rating():
    result = round_results([ScoreRow(entry_id=5, judge_id=9, total=82.5)])
    entry = result.entry(5)
    assert (entry.raw, entry.adjusted, entry.std, entry.spread) == (82.5, pytest.approx(82.5), 0.0, 0.0)
    assert result.judges[0].effect == 0.0
    assert result.connected
    assert result.agreement.icc1 is None and result.agreement.alpha is None


def test_judge_who_scored_one_entry():
    # judge 3 scored only entry 1, which the others scored too: the graph stays connected and the effect is
    # estimated from that one rating
    rows = rows_from([[60, 70, 80], [62, 72, 82], [70, None, None]])
    result = round_results(rows)
    judge = {j.judge_id: j for j in result.judges}[3]
    assert judge.ratings == 1
    assert judge.effect > 0
    assert result.connected
    assert result.agreement.kendall_w is None  # not every judge scored every entry


def test_empty_input():
    result = round_results([])
    assert result.entries == () and result.judges == ()
    assert [n.code for n in result.notes] == [NOTE_NO_RATINGS]
    assert result.adjusted_available is False
    assert rank(result.raw_scores()) == []


def test_disconnected_graph_refuses_to_adjust():
    # judges 1, 2 scored entries 1, 2; judges 3, 4 scored entries 3, 4: two groups sharing nothing
    rows = rows_from([[60, 70, None, None], [64, 74, None, None], [None, None, 80, 90], [None, None, 84, 94]])
    with translation.override("en"):
        result = round_results(rows)
    assert result.connected is False and result.parts == 2
    assert all(e.adjusted is None for e in result.entries)
    assert [e.part for e in result.entries] == [0, 0, 1, 1]
    note = next(n for n in result.notes if n.code == NOTE_DISCONNECTED)
    assert note.message.startswith("The judges fall into 2 groups that share no entry")
    assert result.adjusted_available is False
    # leniency within each group is still estimated (as a diagnostic)
    effects = {j.judge_id: j.effect for j in result.judges}
    assert effects[1] == pytest.approx(-2) and effects[2] == pytest.approx(2)
    assert result.agreement.alpha_adjusted is None
    # and the final adjusted score is missing, the raw one is there
    finals = final_scores(formula=Formula(rounds=(RoundWeights(round_id=1),)), rounds={1: result})
    assert finals[1].raw == pytest.approx(62) and finals[1].adjusted is None


def test_adjusted_scores_stay_on_the_scale():
    # judge 1 gives e2 40, judge 2 gives it 100: leniencies −30 and +30, so judge 1's 100 for e1 means
    # 130 from an average judge (q1 = 130, q2 = 70, q3 = 50 − 30 = 20): shrunk towards the mean to fit
    rows = rows_from([[100, 40, None], [None, 100, 50]])
    result = round_results(rows, ridge=0)
    assert all(0 <= e.adjusted <= 100 for e in result.entries)
    assert NOTE_RESCALED in [n.code for n in result.notes]
    assert result.entry(1).adjusted > result.entry(2).adjusted > result.entry(3).adjusted


def test_bad_rows_are_refused():
    with pytest.raises(ScoringError) as error:
        round_results([ScoreRow(entry_id=1, judge_id=1, total=101)])
    assert error.value.code == "total"
    with pytest.raises(ScoringError) as error:
        round_results([ScoreRow(entry_id=1, judge_id=1, total=float("nan"))])
    assert error.value.code == "total"
    with pytest.raises(ScoringError) as error:
        round_results([ScoreRow(entry_id=1, judge_id=1, total=50), ScoreRow(entry_id=1, judge_id=1, total=60)])
    assert error.value.code == "duplicate"
    with pytest.raises(ScoringError) as error:
        round_results(
            [ScoreRow(entry_id=1, judge_id=1, total=50, criteria=(10,)), ScoreRow(entry_id=2, judge_id=1, total=60)]
        )
    assert error.value.code == "criteria"


def test_decimal_totals_are_accepted():
    from decimal import Decimal

    result = round_results([ScoreRow(entry_id=1, judge_id=1, total=Decimal("72.5"), criteria=(Decimal("14.5"),))])
    assert result.entry(1).raw == 72.5


def test_z_scores_are_a_diagnostic_per_judge():
    # judge 1: 60, 80 (mean 70, sd 10) → z −1, +1; judge 2: 70, 70 → z 0, 0
    result = round_results(rows_from([[60, 80], [70, 70]]))
    assert [e.z_mean for e in result.entries] == pytest.approx([-0.5, 0.5])


# ---------------------------------------------------------------------------------------------- properties


@st.composite
def connected_designs(draw):
    """A connected incomplete design: every judge scores a run of consecutive entries (wrapping), runs overlap."""
    judges = draw(st.integers(2, 6))
    entries = draw(st.integers(2, 10))
    per_judge = draw(st.integers(2, entries))
    step = draw(st.integers(1, per_judge - 1)) if per_judge > 1 else 1
    cells = set()
    for j in range(judges):
        for k in range(per_judge):
            cells.add(((j * step + k) % entries, j))
    # every entry at least once
    for e in range(entries):
        if not any(c[0] == e for c in cells):
            cells.add((e, e % judges))
    scores = {cell: draw(st.floats(20, 70, allow_nan=False)) for cell in sorted(cells)}
    return scores


@settings(max_examples=60)
@given(design=connected_designs(), shift=st.floats(-15, 15), judge=st.integers(0, 5))
def test_a_judges_constant_shift_moves_nothing_but_the_level(design, shift, judge):
    rows = [ScoreRow(entry_id=e, judge_id=j, total=v) for (e, j), v in design.items()]
    before = round_results(rows, ridge=0)
    assume(before.connected and NOTE_RESCALED not in [n.code for n in before.notes])
    judges = sorted({j for _, j in design})
    judge = judges[judge % len(judges)]
    shifted = [ScoreRow(r.entry_id, r.judge_id, r.total + (shift if r.judge_id == judge else 0)) for r in rows]
    after = round_results(shifted, ridge=0)
    assume(NOTE_RESCALED not in [n.code for n in after.notes])
    # Σ leniency = 0: the judge's leniency grows by shift·(1 − 1/J), every adjusted score by shift/J
    level = shift / len(judges)
    for a, b in zip(before.entries, after.entries, strict=True):
        assert b.adjusted == pytest.approx(a.adjusted + level, abs=1e-6)
    # so the ranking by adjusted score is the same
    assert [p.entry_id for p in rank(after.adjusted_scores(), decimals=9, ladder=())] == [
        p.entry_id for p in rank(before.adjusted_scores(), decimals=9, ladder=())
    ] or len({round(e.adjusted, 6) for e in before.entries}) < len(before.entries)


@settings(max_examples=100)
@given(
    scores=st.dictionaries(
        st.integers(1, 40),
        st.one_of(st.none(), st.sampled_from([50.0, 60.0, 60.0, 70.0]), st.floats(0, 100)),
        max_size=25,
    ),
    criteria=st.dictionaries(st.integers(1, 40), st.tuples(st.sampled_from([10, 12]), st.sampled_from([8, 9]))),
    ladder=st.sampled_from([(), (TIE_CRITERIA,), (TIE_SUBMITTED,), (TIE_CRITERIA, TIE_SUBMITTED)]),
)
def test_ranks_are_a_competition_ranking(scores, criteria, ladder):
    submitted = {e: dt.datetime(2025, 6, 1, tzinfo=dt.UTC) + dt.timedelta(hours=e % 3) for e in scores}
    placings = rank(scores, criteria=criteria, submitted_at=submitted, ladder=ladder)
    assert sorted(p.entry_id for p in placings) == sorted(scores)
    ranked = [p for p in placings if p.rank is not None]
    assert all(p.rank is None for p in placings[len(ranked) :])
    for index, placing in enumerate(ranked):
        # the rank is one more than the number of entries placed strictly ahead
        ahead = sum(1 for other in ranked if other.rank < placing.rank)
        assert placing.rank == ahead + 1
        assert placing.rank <= index + 1
        same = [o for o in ranked if o.rank == placing.rank]
        assert placing.shared == (len(same) > 1)
        assert len({round(o.score, 2) for o in same}) == 1
    # scores never rise down the list
    rounded = [round(p.score, 2) for p in ranked]
    assert rounded == sorted(rounded, reverse=True)


# --------------------------------------------------------------------------------------------------- ranking


def test_competition_ranking_1_2_2_4():
    placings = rank({1: 90, 2: 85, 3: 85, 4: 80}, ladder=())
    assert [(p.entry_id, p.rank, p.shared, p.decided_by) for p in placings] == [
        (1, 1, False, "score"),
        (2, 2, True, "shared"),
        (3, 2, True, "shared"),
        (4, 4, False, "score"),
    ]


def test_tie_break_ladder_criteria_then_submission():
    early = dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC)
    late = early + dt.timedelta(hours=5)
    scores = {1: 85.0, 2: 85.0, 3: 85.0, 4: 85.004, 5: 70.0}
    criteria = {1: (18, 16), 2: (18, 17), 3: (18, 17), 4: (17, 20), 5: (10, 10)}
    submitted = {1: early, 2: late, 3: early, 4: early}
    placings = rank(scores, criteria=criteria, submitted_at=submitted)
    assert [(p.entry_id, p.rank, p.decided_by) for p in placings] == [
        (3, 1, TIE_SUBMITTED),  # same criteria as 2, earlier
        (2, 2, TIE_SUBMITTED),
        (1, 3, TIE_CRITERIA),  # lower second criterion than 2 and 3
        (4, 4, TIE_CRITERIA),  # 85.004 shows as 85.00: tied on score, lowest first criterion
        (5, 5, "score"),
    ]
    # with no tie-break the four share first place
    assert [p.rank for p in rank(scores, ladder=())] == [1, 1, 1, 1, 5]


def test_unscored_entries_come_last_and_unknown_steps_are_refused():
    placings = rank({1: None, 2: 50.0, 3: 60.0})
    assert [(p.entry_id, p.rank) for p in placings] == [(3, 1), (2, 2), (1, None)]
    with pytest.raises(ScoringError):
        rank({1: 50.0}, ladder=("coin toss",))


def test_rank_changes_near_the_top():
    raw = rank({1: 90, 2: 88, 3: 80, 4: 70, 5: 60})
    adjusted = rank({1: 87, 2: 89, 3: 80, 4: 59, 5: 61})
    changes = rank_changes(raw, adjusted, top=3)
    assert [(c.entry_id, c.raw_rank, c.adjusted_rank) for c in changes] == [(2, 2, 1), (1, 1, 2)]
    assert [c.entry_id for c in rank_changes(raw, adjusted, top=5)] == [2, 1, 5, 4]


# --------------------------------------------------------------------------------------------------- formula


def judged(scores: dict[int, float], judge: int = 1):
    return round_results([ScoreRow(entry_id=e, judge_id=judge, total=v) for e, v in scores.items()])


def test_formula_written_60_presentation_40_with_peer_vote():
    # 서면 60 + 발표 40; within 발표, judges 70 + peer vote 30.
    # entry 1: written 80, presentation judges 90, peer 50 → 0.7·90 + 0.3·50 = 78 → 0.6·80 + 0.4·78 = 79.2
    formula = Formula(
        rounds=(
            RoundWeights(round_id=1, weight=60),
            RoundWeights(round_id=2, weight=40, judges=70, peer=30),
        )
    )
    finals = final_scores(
        formula=formula,
        rounds={1: judged({1: 80, 2: 70}), 2: judged({1: 90, 2: 95})},
        peer={2: {1: 50, 2: 100}},
    )
    assert finals[1].raw == pytest.approx(79.2)
    assert finals[1].adjusted == pytest.approx(79.2)  # one judge: nothing to adjust
    assert finals[2].raw == pytest.approx(0.6 * 70 + 0.4 * (0.7 * 95 + 0.3 * 100))


def test_formula_with_carry_in():
    # final = experts 40 + public vote 30 + preliminary round 30 (적극행정 2021):
    # judges 80, vote 60, preliminary 70 → 32 + 18 + 21 = 71
    formula = Formula(
        rounds=(
            RoundWeights(round_id=1, weight=0),
            RoundWeights(round_id=2, weight=100, judges=40, peer=30, carry=30, carry_from=1),
        )
    )
    finals = final_scores(formula=formula, rounds={1: judged({1: 70}), 2: judged({1: 80})}, peer={2: {1: 60}})
    assert finals[1].raw == pytest.approx(71)


def test_formula_missing_source_leaves_the_final_empty():
    formula = Formula(rounds=(RoundWeights(round_id=1, weight=60), RoundWeights(round_id=2, weight=40)))
    with translation.override("en"):
        finals = final_scores(formula=formula, rounds={1: judged({1: 80, 2: 70}), 2: judged({1: 90})})
    assert finals[2].raw is None and finals[2].adjusted is None
    assert finals[2].missing == ("round 2: judges",)
    assert finals[1].raw == pytest.approx(84)


def test_formula_problems():
    with translation.override("en"):
        assert formula_problems(Formula(rounds=())) == ["The formula has no rounds."]
        assert formula_problems(Formula(rounds=(RoundWeights(round_id=1, weight=-1),))) == [
            "Weights cannot be negative.",
            "At least one round must have a weight in the final score.",
        ]
        circle = Formula(
            rounds=(
                RoundWeights(round_id=1, carry=10, carry_from=2),
                RoundWeights(round_id=2, carry=10, carry_from=1),
            )
        )
        assert formula_problems(circle) == ["Rounds cannot carry each other in a circle."]
        assert formula_problems(Formula(rounds=(RoundWeights(round_id=1, carry=30, carry_from=9),))) == [
            "Round 1 carries in a round that is not in the formula."
        ]
    with pytest.raises(ScoringError) as error:
        final_scores(formula=circle, rounds={})
    assert error.value.code == "formula"


def test_peer_scores_scale_to_the_most_voted():
    assert peer_scores({1: 10, 2: 5}, entry_ids=[3]) == {1: 100.0, 2: 50.0, 3: 0.0}
    assert peer_scores({}, entry_ids=[1, 2]) == {1: 0.0, 2: 0.0}


# ------------------------------------------------------------------------------------------------ simulation


def simulate(seed: int, *, entries: int, judges: int, per_entry: int) -> tuple[float, float, float]:
    """Spearman correlation with the true quality: raw mean, per-judge z, adjusted (lenient/harsh judges)."""
    rng = np.random.default_rng(seed)
    quality = rng.normal(65, 8, entries)
    leniency = rng.normal(0, 7, judges)
    plan = assign(list(range(entries)), list(range(judges)), per_entry=per_entry, seed=seed)
    rows = [
        ScoreRow(entry_id=e, judge_id=j, total=float(np.clip(quality[e] + leniency[j] + rng.normal(0, 4), 0, 100)))
        for e, j in plan.pairs
    ]
    result = round_results(rows)
    assert result.connected
    raw = [result.entry(e).raw for e in range(entries)]
    z = [result.entry(e).z_mean for e in range(entries)]
    adjusted = [result.entry(e).adjusted for e in range(entries)]
    return tuple(float(spearmanr(quality, values)[0]) for values in (raw, z, adjusted))


def test_simulation_adjusted_ranking_beats_the_raw_mean_with_incomplete_panels():
    # 7 judges × 30 entries, 3 judges per entry, judges differing in leniency (sd 7 points, noise sd 4)
    runs = [simulate(seed, entries=30, judges=7, per_entry=3) for seed in range(20)]
    raw, _, adjusted = (float(np.mean(column)) for column in zip(*runs, strict=True))
    assert adjusted > raw + 0.05
    assert sum(a > r for r, _, a in runs) >= 17


def test_simulation_complete_panel_barely_differs():
    # every judge scores every entry: leniency shifts every entry alike, raw and adjusted agree
    runs = [simulate(seed, entries=30, judges=7, per_entry=7) for seed in range(5)]
    for raw, _, adjusted in runs:
        assert adjusted == pytest.approx(raw, abs=0.01)


def test_ratings_in_random_order_give_the_same_result():
    rows = rows_from([[60, 80, None, 75], [None, 90, 70, 85], [65, None, 72, 88]])
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    assert round_results(shuffled).entries == round_results(rows).entries
    assert round_results(shuffled).judges == round_results(rows).judges


def test_simulation_specialised_judges_z_scores_mislead_the_model_does_not():
    # three tracks of ten entries with unequal strength (means 58, 65, 74); each judge works in two tracks,
    # three judges per entry: a judge who drew the strong track is pulled down by per-judge z-scores
    def run(seed: int) -> tuple[float, float, float]:
        rng = np.random.default_rng(seed)
        track = np.repeat([0, 1, 2], 10)
        quality = np.array([58.0, 65.0, 74.0])[track] + rng.normal(0, 6, 30)
        leniency = rng.normal(0, 6, 7)
        pools = {t: [j for j in range(7) if t in (j % 3, (j + 1) % 3)] for t in range(3)}
        rows = []
        for e in range(30):
            for j in rng.choice(pools[int(track[e])], size=3, replace=False).tolist():
                value = float(np.clip(quality[e] + leniency[j] + rng.normal(0, 4), 0, 100))
                rows.append(ScoreRow(entry_id=e, judge_id=j, total=value))
        result = round_results(rows)
        assert result.connected
        columns = ([result.entry(e).raw for e in range(30)], [result.entry(e).z_mean for e in range(30)])
        adjusted = [result.entry(e).adjusted for e in range(30)]
        return tuple(float(spearmanr(quality, values)[0]) for values in (*columns, adjusted))

    raw, z, adjusted = (float(np.mean(column)) for column in zip(*(run(seed) for seed in range(20)), strict=True))
    assert adjusted > raw and adjusted > z


def test_a_thousand_tied_entries_share_first_place():
    placings = rank({e: 70.0 for e in range(1000)}, criteria={e: (10.0, 10.0) for e in range(1000)})
    assert {p.rank for p in placings} == {1}
    assert all(p.shared and p.decided_by == "shared" for p in placings)
