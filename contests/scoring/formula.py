"""The published formula: round weights, judges and peer shares, a carried-in round; the final scores."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext

from .records import SCALE, RoundResult, ScoringError


@dataclass(frozen=True)
class RoundWeights:
    """One round in the published formula.

    `weight` is the round's share of the final score (서면 60, 발표 40; 0 for a round that is only carried
    into a later one). Within the round, `judges`, `peer` and `carry` are the shares of the judges' score,
    the peer vote and the score of round `carry_from` (e.g. judges 40 + peer 30 + carry 30). Shares are
    relative: they are divided by their sum, so 60/40 and 0.6/0.4 mean the same.
    """

    round_id: int
    weight: float = 100.0
    judges: float = 100.0
    peer: float = 0.0
    carry: float = 0.0
    carry_from: int | None = None


@dataclass(frozen=True)
class Formula:
    """The published formula: the rounds and their weights."""

    rounds: tuple[RoundWeights, ...]


@dataclass(frozen=True)
class FinalScore:
    """An entry's final score on the 100-point scale by the formula, from the raw means and from the
    adjusted scores. `None` when a source with a weight has no score for the entry (listed in `missing`,
    as "round 3: judges", for people) or, for `adjusted`, when a round could not be adjusted."""

    entry_id: int
    raw: float | None
    adjusted: float | None
    missing: tuple[str, ...] = ()


def formula_problems(formula: Formula) -> list[str]:
    """What is wrong with a formula, for people (empty when it can be used)."""
    problems = []
    ids = [r.round_id for r in formula.rounds]
    if not formula.rounds:
        problems.append(gettext("The formula has no rounds."))
    if len(set(ids)) != len(ids):
        problems.append(gettext("A round appears twice in the formula."))
    for r in formula.rounds:
        shares = (r.weight, r.judges, r.peer, r.carry)
        if any(not math.isfinite(s) or s < 0 for s in shares):
            problems.append(gettext("Weights cannot be negative."))
            break
    if formula.rounds and sum(r.weight for r in formula.rounds) <= 0:
        problems.append(gettext("At least one round must have a weight in the final score."))
    by_id = {r.round_id: r for r in formula.rounds}
    for r in formula.rounds:
        if r.judges + r.peer + r.carry <= 0:
            problems.append(gettext("Round %(round)s has no source with a weight.") % {"round": r.round_id})
        if r.carry > 0 and r.carry_from not in by_id:
            problems.append(
                gettext("Round %(round)s carries in a round that is not in the formula.") % {"round": r.round_id}
            )
    # carry-in must not loop
    for r in formula.rounds:
        seen, current = {r.round_id}, r
        while current.carry > 0 and current.carry_from in by_id:
            current = by_id[current.carry_from]
            if current.round_id in seen:
                problems.append(gettext("Rounds cannot carry each other in a circle."))
                return problems
            seen.add(current.round_id)
    return problems


def peer_scores(votes: Mapping[int, int], *, entry_ids: Iterable[int] = ()) -> dict[int, float]:
    """Peer votes on the 100-point scale: the most-voted entry gets 100, the others in proportion
    (an entry listed in `entry_ids` without votes gets 0). All zero when nobody voted."""
    everyone = set(votes) | set(entry_ids)
    most = max((v for v in votes.values()), default=0)
    if most <= 0:
        return dict.fromkeys(sorted(everyone), 0.0)
    return {e: SCALE * votes.get(e, 0) / most for e in sorted(everyone)}


def final_scores(
    *,
    formula: Formula,
    rounds: Mapping[int, RoundResult],
    peer: Mapping[int, Mapping[int, float]] | None = None,
) -> dict[int, FinalScore]:
    """Final scores of every entry that appears in any round or peer vote, by the published formula.

    `rounds` maps a round id of the formula to its `RoundResult` (the judges' source); `peer` maps a round id
    to the peer-vote score per entry on the 100-point scale (see `peer_scores`). The raw final uses the raw
    means, the adjusted final the adjusted scores (peer votes and carried rounds alike in both). Raises
    `ScoringError` when `formula_problems` finds something.
    """
    problems = formula_problems(formula)
    if problems:
        raise ScoringError(" ".join(problems), code="formula")
    peer = peer or {}
    by_id = {r.round_id: r for r in formula.rounds}
    entry_ids = sorted(
        {e.entry_id for result in rounds.values() for e in result.entries}
        | {e for scores in peer.values() for e in scores}
    )

    def round_score(round_id: int, entry_id: int, adjusted: bool, missing: list[str]) -> float | None:
        spec = by_id[round_id]
        total_share = spec.judges + spec.peer + spec.carry
        value = 0.0
        ok = True
        if spec.judges > 0:
            result = rounds.get(round_id)
            entry = result.entry(entry_id) if result is not None else None
            score = None if entry is None else (entry.adjusted if adjusted else entry.raw)
            if score is None:
                if entry is None or entry.raw is None:
                    missing.append(gettext("round %(round)s: judges") % {"round": round_id})
                ok = False
            else:
                value += spec.judges * score
        if spec.peer > 0:
            score = peer.get(round_id, {}).get(entry_id)
            if score is None:
                missing.append(gettext("round %(round)s: peer vote") % {"round": round_id})
                ok = False
            else:
                value += spec.peer * score
        if spec.carry > 0:
            score = round_score(spec.carry_from, entry_id, adjusted, missing)
            if score is None:
                ok = False
            else:
                value += spec.carry * score
        return value / total_share if ok else None

    weight_sum = sum(r.weight for r in formula.rounds)
    finals = {}
    for entry_id in entry_ids:
        values: dict[bool, float | None] = {}
        missing: list[str] = []
        for adjusted in (False, True):
            total = 0.0
            ok = True
            for spec in formula.rounds:
                if spec.weight <= 0:
                    continue
                score = round_score(spec.round_id, entry_id, adjusted, missing if not adjusted else [])
                if score is None:
                    ok = False
                else:
                    total += spec.weight * score
            values[adjusted] = total / weight_sum if ok else None
        finals[entry_id] = FinalScore(entry_id, values[False], values[True], tuple(dict.fromkeys(missing)))
    return finals
