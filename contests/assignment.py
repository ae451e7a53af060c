"""Judge assignment: plain data in, plain data out, no ORM.

Small contests: every judge scores every entry except where there is a conflict (`per_entry=None`).
Large ones: each entry gets `per_entry` judges, no judge more than `max_load` entries (by default
⌈entries × per_entry / judges⌉), loads balanced within one as far as the conflicts allow, solved as a
min-cost flow with OR-Tools' `SimpleMinCostFlow`::

    source ─(need of the entry)→ entry ─(1, cost: affinity + a seeded random tie-break)→ judge
           ─(one arc per load unit, cost rising with the load)→ sink

A conflict is simply a missing entry → judge arc. The rising cost per load unit balances the loads; the
seeded random part of the entry → judge cost spreads each judge's entries across the others' so the
judge–entry graph is connected (one part) and judge effects can be estimated (see `contests.scoring`); the
result says whether it is. The flow is a maximum flow of minimum cost, so an infeasible request still
covers what it can, and every entry left short is explained ("entry 12: only 2 judges without a conflict,
3 needed").

Freezing: `existing` pairs are kept as they are and count towards each entry's judges and each judge's
load, so after judging has opened a newly added judge only gets entries that still need one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext, ngettext
from ortools.graph.python import min_cost_flow
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from learninggroup.errors import DomainError

# Cost units: covering every entry evenly comes first, then balanced loads (one more unit of load on a judge
# outweighs any affinity), then affinity, then the random tie-break.
COVER_COST = 1_000_000_000
LOAD_COST = 10_000_000
AFFINITY_COST = 10_000  # per unit of affinity (affinity is clipped to −1 … 1)
JITTER_COST = 1_000
# Another seed is tried when the result is not connected (at most this many attempts).
CONNECT_ATTEMPTS = 4

PROBLEM_CONFLICTS = "conflicts"  # fewer judges without a conflict than needed
PROBLEM_LOAD = "load"  # judges without a conflict are at their maximum load
PROBLEM_EXISTING_CONFLICT = "existing_conflict"  # a kept (frozen) pair is a conflict
PROBLEM_NO_JUDGES = "no_judges"


class AssignmentError(DomainError):
    """The request itself is malformed (a count below one)."""


@dataclass(frozen=True)
class Problem:
    """Why an entry did not get the judges it needs (or, with `entry_id` None, the whole request).

    `needed` judges were wanted, `assigned` it got, `available` judges have no conflict with it.
    `message` is for people; `code` is one of the PROBLEM_* constants.
    """

    code: str
    message: str
    entry_id: int | None = None
    needed: int = 0
    assigned: int = 0
    available: int = 0
    judge_id: int | None = None


@dataclass(frozen=True)
class Assignment:
    """The result. `pairs` are all (entry_id, judge_id) pairs, kept ones included, sorted; `added` the ones
    this call made. `loads` has every judge (0 included), `coverage` every entry. `connected` is True when
    the judge–entry graph of `pairs` is one part (`parts` counts them). `problems` is empty when every
    entry got its judges."""

    pairs: tuple[tuple[int, int], ...]
    added: tuple[tuple[int, int], ...]
    loads: dict[int, int]
    coverage: dict[int, int]
    connected: bool
    parts: int
    problems: tuple[Problem, ...]
    per_entry: int | None
    max_load: int | None

    @property
    def complete(self) -> bool:
        """Every entry has the judges it needs."""
        return not any(p.code != PROBLEM_EXISTING_CONFLICT for p in self.problems)

    def judges_of(self, entry_id: int) -> list[int]:
        return [j for e, j in self.pairs if e == entry_id]

    def entries_of(self, judge_id: int) -> list[int]:
        return [e for e, j in self.pairs if j == judge_id]


def graph_parts(pairs: Iterable[tuple[int, int]]) -> int:
    """How many connected parts the judge–entry graph of these (entry, judge) pairs has (0 for none)."""
    pairs = list(pairs)
    if not pairs:
        return 0
    entries = {e: i for i, e in enumerate(sorted({e for e, _ in pairs}))}
    judges = {j: i for i, j in enumerate(sorted({j for _, j in pairs}))}
    n = len(entries) + len(judges)
    rows = np.array([entries[e] for e, _ in pairs])
    cols = np.array([len(entries) + judges[j] for _, j in pairs])
    graph = coo_matrix((np.ones(len(pairs)), (rows, cols)), shape=(n, n)).tocsr()
    return int(connected_components(graph, directed=False)[0])


def assign(
    entries: Sequence[int],
    judges: Sequence[int],
    conflicts: Iterable[tuple[int, int]] = (),
    *,
    per_entry: int | None = None,
    max_load: int | None = None,
    existing: Iterable[tuple[int, int]] = (),
    affinity: Mapping[tuple[int, int], float] | None = None,
    seed: int = 0,
    labels: Mapping[int, str] | None = None,
    judge_labels: Mapping[int, str] | None = None,
) -> Assignment:
    """Assign judges to entries (see the module docstring). Deterministic for a seed.

    `conflicts` and `existing` are (entry_id, judge_id) pairs. `per_entry=None` means every judge scores
    every entry without a conflict (`max_load` is not applied then). `affinity` (entry_id, judge_id) → −1…1
    prefers pairs with a higher value, after balance. `labels` (entry_id → what people call the entry, e.g. its
    entry number) and `judge_labels` (judge_id → name) are used in the problems' messages; an id without a
    label is named by its id. Raises `AssignmentError` for `per_entry` or `max_load` below one.
    """
    labels = labels or {}
    judge_labels = judge_labels or {}
    entries = list(dict.fromkeys(entries))
    judges = list(dict.fromkeys(judges))
    conflict_set = set(conflicts)
    existing_pairs = sorted(set(existing))
    if per_entry is not None and per_entry < 1:
        raise AssignmentError(gettext("Each entry needs at least one judge."), code="per_entry")
    if max_load is not None and max_load < 1:
        raise AssignmentError(gettext("The maximum load must be at least one entry."), code="max_load")

    problems: list[Problem] = [
        Problem(
            PROBLEM_EXISTING_CONFLICT,
            gettext("Entry %(entry)s: judge %(judge)s is assigned but has a conflict.")
            % {"entry": labels.get(e, e), "judge": judge_labels.get(j, j)},
            entry_id=e,
            judge_id=j,
        )
        for e, j in existing_pairs
        if (e, j) in conflict_set
    ]
    available = {e: sum(1 for j in judges if (e, j) not in conflict_set) for e in entries}

    if not judges and entries:
        problems.append(Problem(PROBLEM_NO_JUDGES, gettext("There are no judges to assign.")))
        return _result(entries, judges, existing_pairs, [], problems, per_entry, max_load)

    if per_entry is None:
        kept = set(existing_pairs)
        added = [(e, j) for e in entries for j in judges if (e, j) not in conflict_set and (e, j) not in kept]
        for e in entries:
            if available[e] == 0:
                problems.append(
                    Problem(
                        PROBLEM_CONFLICTS,
                        gettext("Entry %(entry)s: every judge has a conflict with it.") % {"entry": labels.get(e, e)},
                        entry_id=e,
                        needed=1,
                        available=0,
                    )
                )
        return _result(entries, judges, existing_pairs, added, problems, per_entry, max_load)

    have: dict[int, int] = {}
    load: dict[int, int] = {}
    for e, j in existing_pairs:
        have[e] = have.get(e, 0) + 1
        load[j] = load.get(j, 0) + 1
    cap = max_load if max_load is not None else max(1, math.ceil(len(entries) * per_entry / max(1, len(judges))))

    best: list[tuple[int, int]] | None = None
    for attempt in range(CONNECT_ATTEMPTS):
        added = _solve(
            entries, judges, conflict_set, existing_pairs, have, load, per_entry, cap, affinity, seed + attempt
        )
        if best is None or len(added) > len(best):
            best = added
        if graph_parts([*existing_pairs, *added]) <= 1:
            best = added
            break
        if len(added) < len(best):
            break
    assert best is not None
    got = dict(have)
    for e, _ in best:
        got[e] = got.get(e, 0) + 1
    for e in entries:
        if got.get(e, 0) >= per_entry:
            continue
        if available[e] < per_entry:
            message = ngettext(
                "Entry %(entry)s: only %(available)d judge without a conflict, %(needed)d needed.",
                "Entry %(entry)s: only %(available)d judges without a conflict, %(needed)d needed.",
                available[e],
            )
            code = PROBLEM_CONFLICTS
        else:
            message = gettext(
                "Entry %(entry)s: %(assigned)d of %(needed)d judges; the judges without a conflict already "
                "have the maximum load of %(cap)d entries."
            )
            code = PROBLEM_LOAD
        problems.append(
            Problem(
                code,
                message
                % {
                    "entry": labels.get(e, e),
                    "available": available[e],
                    "needed": per_entry,
                    "assigned": got.get(e, 0),
                    "cap": cap,
                },
                entry_id=e,
                needed=per_entry,
                assigned=got.get(e, 0),
                available=available[e],
            )
        )
    return _result(entries, judges, existing_pairs, best, problems, per_entry, cap)


def _solve(
    entries: list[int],
    judges: list[int],
    conflict_set: set[tuple[int, int]],
    existing_pairs: list[tuple[int, int]],
    have: dict[int, int],
    load: dict[int, int],
    per_entry: int,
    cap: int,
    affinity: Mapping[tuple[int, int], float] | None,
    seed: int,
) -> list[tuple[int, int]]:
    """One maximum flow of minimum cost; returns the added (entry, judge) pairs."""
    n_e, n_j = len(entries), len(judges)
    source, sink = 0, 1 + n_e + n_j
    need = np.array([max(0, per_entry - have.get(e, 0)) for e in entries], dtype=np.int64)
    room = np.array([max(0, cap - load.get(j, 0)) for j in judges], dtype=np.int64)
    if need.sum() == 0 or room.sum() == 0:
        return []
    rng = np.random.default_rng(seed)
    jitter = rng.integers(0, JITTER_COST, size=(n_e, n_j))
    entry_index = {e: a for a, e in enumerate(entries)}
    judge_index = {j: b for b, j in enumerate(judges)}
    usable = (need[:, None] > 0) & (room[None, :] > 0)
    for e, j in (*conflict_set, *existing_pairs):
        a, b = entry_index.get(e), judge_index.get(j)
        if a is not None and b is not None:
            usable[a, b] = False
    ei, ji = np.nonzero(usable)
    cost = jitter[ei, ji].astype(np.int64)
    if affinity:
        preference = np.zeros((n_e, n_j))
        for (e, j), value in affinity.items():
            a, b = entry_index.get(e), judge_index.get(j)
            if a is not None and b is not None:
                preference[a, b] = min(1.0, max(-1.0, float(value)))
        cost += np.round((1.0 - preference[ei, ji]) * AFFINITY_COST).astype(np.int64)

    # entry → judge arcs first, so their flows are arcs 0 … len(ei) − 1
    starts = [1 + ei]
    ends = [1 + n_e + ji]
    caps = [np.ones(len(ei), dtype=np.int64)]
    costs = [cost]
    # one source arc per judge an entry still needs, cost rising with its judges: when not every entry
    # can be covered, the shortfall is spread (every entry gets its first judge before any gets a third)
    unit_entry = np.repeat(np.arange(n_e), need)
    unit_cover = np.concatenate([np.arange(have.get(e, 0), have.get(e, 0) + need[a]) for a, e in enumerate(entries)])
    starts.append(np.full(len(unit_entry), source))
    ends.append(1 + unit_entry)
    caps.append(np.ones(len(unit_entry), dtype=np.int64))
    costs.append(unit_cover.astype(np.int64) * COVER_COST)
    # one arc per unit of load, cost rising with the judge's load: balanced loads are cheapest
    unit_judge, unit_level = [], []
    for b, j in enumerate(judges):
        first = load.get(j, 0)
        levels = np.arange(first, first + room[b])
        unit_judge.append(np.full(len(levels), b))
        unit_level.append(levels)
    unit_judge_arr = np.concatenate(unit_judge)
    unit_level_arr = np.concatenate(unit_level)
    starts.append(1 + n_e + unit_judge_arr)
    ends.append(np.full(len(unit_judge_arr), sink))
    caps.append(np.ones(len(unit_judge_arr), dtype=np.int64))
    costs.append(unit_level_arr.astype(np.int64) * LOAD_COST)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(starts).astype(np.int32),
        np.concatenate(ends).astype(np.int32),
        np.concatenate(caps).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    flow.set_node_supply(source, int(need.sum()))
    flow.set_node_supply(sink, -int(need.sum()))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        return []
    flows = flow.flows(np.arange(len(ei), dtype=np.int32))
    chosen = np.flatnonzero(flows > 0)
    return [(entries[int(ei[c])], judges[int(ji[c])]) for c in chosen]


def _result(
    entries: list[int],
    judges: list[int],
    existing_pairs: list[tuple[int, int]],
    added: list[tuple[int, int]],
    problems: list[Problem],
    per_entry: int | None,
    max_load: int | None,
) -> Assignment:
    pairs = sorted(set(existing_pairs) | set(added))
    loads = dict.fromkeys(judges, 0)
    coverage = dict.fromkeys(entries, 0)
    for e, j in pairs:
        loads[j] = loads.get(j, 0) + 1
        coverage[e] = coverage.get(e, 0) + 1
    parts = graph_parts(pairs)
    return Assignment(
        pairs=tuple(pairs),
        added=tuple(sorted(added)),
        loads=loads,
        coverage=coverage,
        connected=parts <= 1,
        parts=parts,
        problems=tuple(problems),
        per_entry=per_entry,
        max_load=max_load,
    )
