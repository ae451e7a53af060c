"""Competition ranking (1, 2, 2, 4) with the published tie-break ladder, and rank changes near the top."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from .records import DEFAULT_LADDER, TIE_CRITERIA, TIE_SUBMITTED, ScoringError


@dataclass(frozen=True)
class Placing:
    """An entry's place. `rank` is the competition rank (1, 2, 2, 4), None for an entry without a score
    (listed last). `shared` is True when another entry holds the same place. `decided_by` says what set
    the entry apart from the entries with the same score: "score" (none had it), "criteria", "submitted",
    or "shared" (nothing did)."""

    entry_id: int
    rank: int | None
    score: float | None
    shared: bool = False
    decided_by: str = "score"


@dataclass(frozen=True)
class RankChange:
    """An entry near the top whose raw and adjusted ranks differ."""

    entry_id: int
    raw_rank: int | None
    adjusted_rank: int | None


def rank(
    scores: Mapping[int, float | None],
    *,
    criteria: Mapping[int, Sequence[float]] | None = None,
    submitted_at: Mapping[int, Any] | None = None,
    ladder: Sequence[str] = DEFAULT_LADDER,
    decimals: int = 2,
) -> list[Placing]:
    """Competition ranking of `scores` (higher first), best first, with the tie-break ladder.

    Scores are compared after rounding to `decimals` places (what the page shows). Entries with the same
    score are ordered by the ladder's steps in turn: "criteria" compares `criteria[entry]` (the per-criterion
    means in criterion order, also rounded) lexicographically, higher first; "submitted" puts the earlier
    `submitted_at[entry]` (any comparable value, e.g. a datetime) first. An entry without the data a step
    needs comes after those with it. Entries still equal share the place (1, 2, 2, 4). Entries whose score
    is None come last with rank None.
    """
    unknown = [step for step in ladder if step not in (TIE_CRITERIA, TIE_SUBMITTED)]
    if unknown:
        raise ScoringError(gettext("Unknown tie-break step: %(step)s") % {"step": unknown[0]}, code="ladder")
    criteria = criteria or {}
    submitted_at = submitted_at or {}

    def step_key(step: str, entry_id: int) -> tuple:
        if step == TIE_CRITERIA:
            means = criteria.get(entry_id)
            if means is None:
                return (1,)
            return (0, *(-round(float(m), decimals) for m in means))
        moment = submitted_at.get(entry_id)
        return (1,) if moment is None else (0, moment)

    by_score = sorted((-round(float(s), decimals), e) for e, s in scores.items() if s is not None)
    unscored = sorted(e for e, s in scores.items() if s is None)
    placings: list[Placing] = []
    position = 0
    while position < len(by_score):
        # the group with the same (rounded) score; only a tie needs the ladder's keys
        end = position
        while end < len(by_score) and by_score[end][0] == by_score[position][0]:
            end += 1
        group = [(score, *(step_key(step, e) for step in ladder), e) for score, e in by_score[position:end]]
        if len(group) > 1:
            group.sort(key=lambda k: (k[:-1], k[-1]))
        run = 0
        while run < len(group):
            # a run of entries equal on every step of the ladder shares one place
            last = run
            while last + 1 < len(group) and group[last + 1][:-1] == group[run][:-1]:
                last += 1
            shared = last > run
            for index in range(run, last + 1):
                key = group[index]
                if len(group) == 1:
                    decided = "score"
                elif shared:
                    decided = "shared"
                else:
                    # the deepest step needed to separate this entry from both neighbours
                    depth = 0
                    for neighbour in (
                        group[index - 1] if index > 0 else None,
                        group[index + 1] if index + 1 < len(group) else None,
                    ):
                        if neighbour is not None:
                            depth = max(depth, next(s for s in range(1, len(key) - 1) if neighbour[s] != key[s]))
                    decided = ladder[depth - 1]
                entry_id = key[-1]
                placings.append(Placing(entry_id, position + run + 1, float(scores[entry_id]), shared, decided))
            run = last + 1
        position = end
    placings.extend(Placing(e, None, None, False, "score") for e in unscored)
    return placings


def rank_changes(raw: Sequence[Placing], adjusted: Sequence[Placing], *, top: int = 10) -> list[RankChange]:
    """Entries ranked within the first `top` places by either ranking whose raw and adjusted ranks differ,
    in adjusted order (then raw order)."""
    raw_rank = {p.entry_id: p.rank for p in raw}
    adjusted_rank = {p.entry_id: p.rank for p in adjusted}
    changes = []
    for entry_id in dict.fromkeys([p.entry_id for p in adjusted] + [p.entry_id for p in raw]):
        a, r = adjusted_rank.get(entry_id), raw_rank.get(entry_id)
        near_top = (a is not None and a <= top) or (r is not None and r <= top)
        if near_top and a != r:
            changes.append(RankChange(entry_id, r, a))
    return changes
