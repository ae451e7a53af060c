"""Contest results: plain data in, plain data out, no ORM.

A judged round arrives as `ScoreRow`s (one per judge and entry, the weighted total already on the round's
100-point scale, plus the criterion points in criterion order). `round_results` turns them into

* per entry: the raw mean over judges, the score adjusted for judge leniency, the median, the spread
  (max − min and the standard deviation), the mean per-judge z-score (a diagnostic only) and the minimum,
  mean and maximum of every criterion (the team's feedback);
* per judge: the estimated leniency (points above an average judge) with the number of ratings behind it;
* agreement: ICC(1), ICC(1,k) and Krippendorff's alpha (interval) before and after removing the judge
  effects, and Kendall's W when every judge scored every entry.

The adjustment is the additive judge-effect model (an incomplete block design; MacKay et al. 2017,
"Calibration with confidence")::

    score(entry, judge) = quality(entry) + leniency(judge) + noise,   Σ leniency = 0

fitted by least squares (`scipy.sparse.linalg.lsqr`); when panels differ, a small ridge penalty pulls entries
with two or fewer ratings towards the mean of all ratings (in a complete design, where every judge scored
every entry, there is nothing to stabilise and the adjusted score equals the raw mean). `quality` is what an
average judge of the panel would have given, so it is on the 100-point scale already; if it leaves 0–100 it is
shrunk towards its mean until it fits (order kept). The model needs the judge–entry graph to be connected:
when it falls apart (two panels that share no judge), scores in different parts cannot be compared after
adjustment, so nothing is adjusted and a note says so.

`final_scores` applies the published formula (round weights such as 서면 60 + 발표 40, source weights within a
round such as judges 70 + peer vote 30, and optionally a previous round's score carried in), `rank` gives
competition ranks (1, 2, 2, 4) with the published tie-break ladder, and `rank_changes` lists entries near the
top whose rank differs between the raw and the adjusted ranking.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np
from django.utils.translation import gettext, ngettext
from scipy.sparse import coo_matrix, csr_matrix, diags
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import lsqr
from scipy.stats import rankdata

from learninggroup.errors import DomainError

SCALE = 100.0
# Ridge penalty (in ratings' worth: 0.25 = a quarter of a rating at the mean of all ratings) on the quality
# of entries with RIDGE_MAX_RATINGS ratings or fewer; their adjusted score leans a little to the middle.
RIDGE = 0.25
RIDGE_MAX_RATINGS = 2

TIE_CRITERIA = "criteria"  # compare the per-criterion means in criterion order, higher first
TIE_SUBMITTED = "submitted"  # earlier submission first
DEFAULT_LADDER = (TIE_CRITERIA, TIE_SUBMITTED)
# What separated an entry from the entries with the same score ("score": no entry had the same score;
# "shared": nothing did, the place is shared).
DECIDED_BY = ("score", TIE_CRITERIA, TIE_SUBMITTED, "shared")

# Note codes (RoundResult.notes, FinalScore.missing)
NOTE_NO_RATINGS = "no_ratings"
NOTE_DISCONNECTED = "disconnected"
NOTE_RESCALED = "rescaled"
NOTE_IDENTICAL = "identical"
NOTE_INCOMPLETE = "incomplete"


class ScoringError(DomainError):
    """The input cannot be scored (a score outside 0–100, a judge twice on one entry, a bad formula)."""


# ---------------------------------------------------------------------------------------------------- input


@dataclass(frozen=True)
class ScoreRow:
    """One judge's scoresheet for one entry.

    `total` is the weighted total on the round's 100-point scale (0–100); `criteria` are the points given to
    each criterion in criterion order, on the criterion's own scale (e.g. out of 20). Every row of a round has
    the same number of criteria (or none).
    """

    entry_id: int
    judge_id: int
    total: float
    criteria: tuple[float, ...] = ()


# --------------------------------------------------------------------------------------------------- output


@dataclass(frozen=True)
class Note:
    """Something the results page must say. `code` is one of the NOTE_* constants; `message` is for people."""

    code: str
    message: str


class CriterionSpread(NamedTuple):
    """One criterion of one entry over its judges, in the criterion's points."""

    minimum: float
    mean: float
    maximum: float


@dataclass(frozen=True)
class EntryResult:
    """One entry of a round. Every score is on the 100-point scale; `None` when there is nothing to show.

    `adjusted` is None when the entry has no ratings or the judge–entry graph is not connected.
    `std` is the sample standard deviation (n − 1), 0 for a single rating. `z_mean` is the mean of the
    per-judge z-scores (a diagnostic: it is unfair when judges did not draw entries at random).
    `part` numbers the connected part of the judge–entry graph the entry is in (0, 1, …).
    """

    entry_id: int
    ratings: int
    raw: float | None
    adjusted: float | None
    median: float | None
    minimum: float | None
    maximum: float | None
    std: float | None
    z_mean: float | None
    criteria: tuple[CriterionSpread, ...] = ()
    part: int | None = None

    @property
    def spread(self) -> float | None:
        """max − min of the judges' totals (disagreement)."""
        if self.minimum is None or self.maximum is None:
            return None
        return self.maximum - self.minimum

    @property
    def criteria_means(self) -> tuple[float, ...]:
        return tuple(c.mean for c in self.criteria)


@dataclass(frozen=True)
class JudgeEffect:
    """A judge's severity: `effect` points above (lenient, > 0) or below (harsh, < 0) an average judge of the
    same part of the graph, estimated from `ratings` ratings. `mean` and `std` are the judge's own totals
    (population standard deviation)."""

    judge_id: int
    ratings: int
    effect: float
    mean: float
    std: float
    part: int


@dataclass(frozen=True)
class Agreement:
    """How far the judges agree; `None` where a statistic is undefined (too few ratings, no variance).

    ICC(1) is the one-way intraclass correlation (different judges per entry; entries with two or more
    ratings), ICC(1,k) the reliability of the mean of a panel of the average size. Alpha is Krippendorff's
    alpha for interval data (missing cells allowed). The `_adjusted` values are computed on the ratings with
    each judge's estimated leniency removed (None when the graph is not connected). Kendall's W only when
    every judge scored every entry.
    """

    icc1: float | None = None
    icc1k: float | None = None
    alpha: float | None = None
    icc1_adjusted: float | None = None
    icc1k_adjusted: float | None = None
    alpha_adjusted: float | None = None
    kendall_w: float | None = None
    entries: int = 0
    judges: int = 0
    ratings: int = 0


@dataclass(frozen=True)
class RoundResult:
    """Everything the results page shows for one judged round. `entries` in entry id order, `judges` in
    judge id order. `connected` is False when the judge–entry graph has more than one part (`parts`); then
    no entry has an adjusted score and a note says why. `complete` is True when every judge scored every
    entry."""

    entries: tuple[EntryResult, ...]
    judges: tuple[JudgeEffect, ...]
    agreement: Agreement
    connected: bool
    parts: int
    complete: bool
    notes: tuple[Note, ...] = ()
    _index: dict[int, EntryResult] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({e.entry_id: e for e in self.entries})

    def entry(self, entry_id: int) -> EntryResult | None:
        return self._index.get(entry_id)

    @property
    def adjusted_available(self) -> bool:
        return self.connected and any(e.adjusted is not None for e in self.entries)

    def raw_scores(self) -> dict[int, float | None]:
        return {e.entry_id: e.raw for e in self.entries}

    def adjusted_scores(self) -> dict[int, float | None]:
        return {e.entry_id: e.adjusted for e in self.entries}


# ------------------------------------------------------------------------------------------------ statistics


def _flatten(groups: Sequence[Sequence[float]]) -> tuple[np.ndarray, np.ndarray]:
    index = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    values = np.concatenate([np.asarray(g, dtype=float) for g in groups]) if groups else np.zeros(0)
    return index, values


def _pairable(index: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep groups with two values or more; renumber them 0…a−1. Returns (index, values, sizes)."""
    sizes = np.bincount(index) if len(index) else np.zeros(0, dtype=int)
    keep = sizes[index] >= 2 if len(index) else np.zeros(0, dtype=bool)
    index, values = index[keep], values[keep]
    if not len(index):
        return index, values, np.zeros(0, dtype=int)
    _, index = np.unique(index, return_inverse=True)
    return index, values, np.bincount(index)


def icc_oneway(groups: Sequence[Sequence[float]]) -> tuple[float | None, float | None]:
    """ICC(1) and ICC(1,k) of a one-way random-effects design with unequal group sizes.

    Groups (entries) with fewer than two ratings are left out. With `a` groups, `N` ratings and group sizes
    n_i: MSB = Σ n_i (m_i − m)² / (a − 1), MSW = Σ (x − m_i)² / (N − a), n0 = (N − Σ n_i² / N) / (a − 1);
    ICC(1) = (MSB − MSW) / (MSB + (n0 − 1) MSW) and ICC(1,k) = (MSB − MSW) / MSB (the reliability of a mean of
    n0 ratings). For equal group sizes these are Shrout & Fleiss's ICC(1,1) and ICC(1,k).
    """
    return _icc(*_flatten(groups))


def _icc(index: np.ndarray, values: np.ndarray) -> tuple[float | None, float | None]:
    index, values, sizes = _pairable(index, values)
    a = len(sizes)
    if a < 2:
        return None, None
    total = float(sizes.sum())
    means = np.bincount(index, weights=values) / sizes
    grand = float(values.mean())
    ssb = float((sizes * (means - grand) ** 2).sum())
    ssw = float(((values - means[index]) ** 2).sum())
    msb = ssb / (a - 1)
    msw = ssw / (total - a)
    n0 = (total - float((sizes**2).sum()) / total) / (a - 1)
    if _zero(msb) and _zero(msw):
        return None, None
    denominator = msb + (n0 - 1) * msw
    icc1 = (msb - msw) / denominator if not _zero(denominator) else None
    icc1k = (msb - msw) / msb if not _zero(msb) else None
    return icc1, icc1k


def krippendorff_alpha_interval(units: Sequence[Sequence[float]]) -> float | None:
    """Krippendorff's alpha for interval data; each unit (entry) lists the values it got (any number).

    Units with fewer than two values are not pairable and are left out. With n pairable values:
    D_o = (1/n) Σ_u Σ_{i≠j in u} (v_i − v_j)² / (m_u − 1), D_e = Σ_{i≠j} (v_i − v_j)² / (n (n − 1)) over all
    pairable values, alpha = 1 − D_o / D_e; Σ_{i≠j} (v_i − v_j)² = 2 (m Σ v² − (Σ v)²).
    """
    return _alpha(*_flatten(units))


def _alpha(index: np.ndarray, values: np.ndarray) -> float | None:
    index, values, sizes = _pairable(index, values)
    n = int(sizes.sum())
    if n < 2:
        return None
    sums = np.bincount(index, weights=values)
    squares = np.bincount(index, weights=values**2)
    observed = float((2 * (sizes * squares - sums**2) / (sizes - 1)).sum()) / n
    expected = 2 * (n * float((values**2).sum()) - float(values.sum()) ** 2) / (n * (n - 1))
    if _zero(expected):
        return None
    return 1 - observed / expected


def kendall_w(matrix: np.ndarray) -> float | None:
    """Kendall's W for a complete judges × entries matrix of scores (higher is better), with the tie
    correction: W = 12 S / (m² (n³ − n) − m Σ T), T = Σ (t³ − t) over each judge's groups of ties."""
    m, n = matrix.shape
    if m < 2 or n < 2:
        return None
    ranks = np.vstack([rankdata(row) for row in matrix])
    sums = ranks.sum(axis=0)
    s = float(((sums - sums.mean()) ** 2).sum())
    ties = 0.0
    for row in matrix:
        _, counts = np.unique(row, return_counts=True)
        ties += float((counts**3 - counts).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    if _zero(denominator):
        return None
    return float(12 * s / denominator)


def _zero(value: float) -> bool:
    """Treat what rounding leaves of a zero (scores are on a 0–100 scale) as zero."""
    return abs(value) < 1e-9


# ---------------------------------------------------------------------------------------------------- model


@dataclass
class _Design:
    entries: np.ndarray  # entry ids (sorted) that have ratings
    judges: np.ndarray  # judge ids (sorted) that rated something
    e: np.ndarray  # per rating: entry index
    j: np.ndarray  # per rating: judge index
    y: np.ndarray  # per rating: total


def _components(design: _Design) -> tuple[int, np.ndarray, np.ndarray]:
    """Connected parts of the bipartite judge–entry graph: (count, part of each entry, part of each judge)."""
    n_e, n_j = len(design.entries), len(design.judges)
    graph = coo_matrix((np.ones(len(design.y)), (design.e, n_e + design.j)), shape=(n_e + n_j, n_e + n_j)).tocsr()
    count, labels = connected_components(graph, directed=False)
    # number parts by their smallest entry so the numbering is stable
    order = {}
    for label in labels[:n_e]:
        order.setdefault(int(label), len(order))
    labels = np.array([order[int(label)] for label in labels])
    return count, labels[:n_e], labels[n_e:]


def fit_judge_effects(
    design: _Design,
    *,
    entry_part: np.ndarray,
    judge_part: np.ndarray,
    ridge: float = RIDGE,
    ridge_max_ratings: int = RIDGE_MAX_RATINGS,
) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares quality per entry and leniency per judge, leniencies summing to zero in every part.

    The constraint is built in: in each part one reference judge (the one with the fewest ratings) has
    leniency −Σ(the others'), so the system has full column rank and `lsqr` finds the exact constrained
    least-squares solution. Entries with `ridge_max_ratings` ratings or fewer get a row
    √ridge · (quality − mean of all ratings) = 0.
    """
    n_e, n_j = len(design.entries), len(design.judges)
    counts_j = np.bincount(design.j, minlength=n_j)
    counts_e = np.bincount(design.e, minlength=n_e)
    reference = {}
    for part in np.unique(judge_part):
        members = np.flatnonzero(judge_part == part)
        reference[int(part)] = int(members[np.lexsort((members, counts_j[members]))[0]])
    is_reference = np.zeros(n_j, dtype=bool)
    is_reference[list(reference.values())] = True
    free = np.flatnonzero(~is_reference)
    column = np.full(n_j, -1)
    column[free] = n_e + np.arange(len(free))
    n_cols = n_e + len(free)

    rows, cols, vals = [], [], []
    n_ratings = len(design.y)
    rating_rows = np.arange(n_ratings)
    rows.append(rating_rows)
    cols.append(design.e)
    vals.append(np.ones(n_ratings))
    plain = ~is_reference[design.j]
    rows.append(rating_rows[plain])
    cols.append(column[design.j[plain]])
    vals.append(np.ones(int(plain.sum())))
    # ratings by a reference judge: −1 on every other judge of its part
    free_by_part = {part: column[free[judge_part[free] == part]] for part in reference}
    for r in np.flatnonzero(~plain):
        others = free_by_part[int(judge_part[design.j[r]])]
        rows.append(np.full(len(others), r))
        cols.append(others)
        vals.append(-np.ones(len(others)))
    rhs = [design.y]
    small = np.flatnonzero(counts_e <= ridge_max_ratings) if ridge > 0 else np.array([], dtype=int)
    if len(small):
        weight = math.sqrt(ridge)
        rows.append(n_ratings + np.arange(len(small)))
        cols.append(small)
        vals.append(np.full(len(small), weight))
        rhs.append(np.full(len(small), weight * design.y.mean()))
    n_rows = n_ratings + len(small)
    matrix = csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n_rows, n_cols))
    # columns scaled to unit length (entries have a few ratings, judges many): lsqr converges in far fewer steps
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=0)).ravel())
    norms[norms == 0] = 1.0
    scaled = matrix @ diags(1.0 / norms)
    solution = lsqr(scaled, np.concatenate(rhs), atol=1e-10, btol=1e-10, iter_lim=20 * n_cols + 100)[0] / norms
    quality = solution[:n_e]
    leniency = np.zeros(n_j)
    leniency[free] = solution[n_e:]
    for part, judge in reference.items():
        leniency[judge] = -leniency[free[judge_part[free] == part]].sum()
    return quality, leniency


def _fit_into_scale(values: np.ndarray) -> tuple[np.ndarray, bool]:
    """Shrink values towards their mean just enough to lie within 0–100 (order kept)."""
    low, high = float(values.min()), float(values.max())
    if low >= 0 and high <= SCALE:
        return values, False
    centre = min(max(float(values.mean()), 0.0), SCALE)
    factor = 1.0
    if high > SCALE:
        factor = min(factor, (SCALE - centre) / (high - centre))
    if low < 0:
        factor = min(factor, centre / (centre - low))
    return np.clip(centre + (values - centre) * factor, 0.0, SCALE), True


# ------------------------------------------------------------------------------------------------- a round


def _arrays(rows: Sequence[ScoreRow]) -> tuple[np.ndarray, np.ndarray]:
    """The totals and the criteria of the rows as float arrays, checked (ScoringError when bad)."""
    try:
        totals = np.array([r.total for r in rows], dtype=float)
    except (TypeError, ValueError):
        raise ScoringError(gettext("A total is not a number."), code="total") from None
    bad = ~np.isfinite(totals) | (totals < 0) | (totals > SCALE)
    if bad.any():
        row = rows[int(np.flatnonzero(bad)[0])]
        raise ScoringError(
            gettext("The total %(total)s of entry %(entry)s is not a number from 0 to 100.")
            % {"total": row.total, "entry": row.entry_id},
            code="total",
        )
    widths = {len(r.criteria) for r in rows}
    if len(widths) > 1:
        raise ScoringError(gettext("Every scoresheet must have the same criteria."), code="criteria")
    width = widths.pop() if widths else 0
    try:
        criteria = np.array([r.criteria for r in rows], dtype=float).reshape(len(rows), width)
    except (TypeError, ValueError):
        raise ScoringError(gettext("A criterion score is not a number."), code="criteria") from None
    if not np.isfinite(criteria).all():
        raise ScoringError(gettext("A criterion score is not a number."), code="criteria")
    keys = {(r.entry_id, r.judge_id) for r in rows}
    if len(keys) != len(rows):
        seen: set[tuple[int, int]] = set()
        for r in rows:
            if (r.entry_id, r.judge_id) in seen:
                raise ScoringError(
                    gettext("Judge %(judge)s scored entry %(entry)s twice.")
                    % {"judge": r.judge_id, "entry": r.entry_id},
                    code="duplicate",
                )
            seen.add((r.entry_id, r.judge_id))
    return totals, criteria


def _empty_entry(entry_id: int) -> EntryResult:
    return EntryResult(entry_id, 0, None, None, None, None, None, None, None)


def round_results(
    rows: Iterable[ScoreRow],
    *,
    entry_ids: Iterable[int] = (),
    ridge: float = RIDGE,
    ridge_max_ratings: int = RIDGE_MAX_RATINGS,
) -> RoundResult:
    """Results of one judged round from its scoresheets (see the module docstring).

    `entry_ids` lists entries to report even when nobody scored them yet (they get `ratings=0` and no
    scores). Raises `ScoringError` for a total outside 0–100 or not a number, a judge scoring one entry
    twice, or rows with different numbers of criteria.
    """
    rows = list(rows)
    totals, crit = _arrays(rows)
    width = crit.shape[1]
    notes: list[Note] = []
    entry_list = [r.entry_id for r in rows]
    judge_list = [r.judge_id for r in rows]
    all_entries = sorted(set(entry_list) | set(entry_ids))
    if not rows:
        notes.append(Note(NOTE_NO_RATINGS, gettext("No scoresheet has been submitted yet.")))
        empty = tuple(_empty_entry(e) for e in all_entries)
        return RoundResult(empty, (), Agreement(), connected=True, parts=0, complete=False, notes=tuple(notes))

    entries, e_codes = np.unique(np.array(entry_list), return_inverse=True)
    judges, j_codes = np.unique(np.array(judge_list), return_inverse=True)
    e_codes, j_codes = e_codes.ravel(), j_codes.ravel()
    # the same result whatever the order of the rows: ratings sorted by entry, then judge
    order = np.lexsort((j_codes, e_codes))
    design = _Design(entries=entries, judges=judges, e=e_codes[order], j=j_codes[order], y=totals[order])
    crit = crit[order]
    n_e, n_j = len(entries), len(judges)
    parts, entry_part, judge_part = _components(design)
    connected = parts == 1
    complete = len(rows) == n_e * n_j

    # In a complete design every entry has the same judges: nothing to stabilise, and a ridge would only
    # pull every score towards the middle.
    quality, leniency = fit_judge_effects(
        design,
        entry_part=entry_part,
        judge_part=judge_part,
        ridge=0.0 if complete else ridge,
        ridge_max_ratings=ridge_max_ratings,
    )
    adjusted_quality = None
    if connected:
        adjusted_quality, rescaled = _fit_into_scale(quality)
        if rescaled:
            notes.append(
                Note(
                    NOTE_RESCALED,
                    gettext(
                        "Some adjusted scores fell outside 0–100; all adjusted scores were moved towards their "
                        "mean by the same factor so they fit (the order is unchanged)."
                    ),
                )
            )
    else:
        notes.append(
            Note(
                NOTE_DISCONNECTED,
                gettext(
                    "The judges fall into %(parts)d groups that share no entry, so their leniency cannot be "
                    "compared across groups: no score is adjusted. Assign judges so that their entries overlap."
                )
                % {"parts": parts},
            )
        )

    e, j, y = design.e, design.j, design.y
    # per judge: mean, population standard deviation, z-scores (a diagnostic)
    counts_j = np.bincount(j, minlength=n_j)
    judge_mean = np.bincount(j, weights=y, minlength=n_j) / counts_j
    judge_std = np.sqrt(np.bincount(j, weights=(y - judge_mean[j]) ** 2, minlength=n_j) / counts_j)
    safe_std = np.where(judge_std > 1e-9, judge_std, np.inf)
    z = (y - judge_mean[j]) / safe_std[j]

    # per entry, from the ratings sorted by entry and then by total
    counts_e = np.bincount(e, minlength=n_e)
    mean_e = np.bincount(e, weights=y, minlength=n_e) / counts_e
    var_e = np.bincount(e, weights=(y - mean_e[e]) ** 2, minlength=n_e) / np.maximum(counts_e - 1, 1)
    z_e = np.bincount(e, weights=z, minlength=n_e) / counts_e
    starts = np.concatenate(([0], np.cumsum(counts_e)[:-1]))
    sorted_y = y[np.lexsort((y, e))]
    low, high = sorted_y[starts], sorted_y[starts + counts_e - 1]
    median = (sorted_y[starts + (counts_e - 1) // 2] + sorted_y[starts + counts_e // 2]) / 2
    crit_sorted = crit  # the ratings are in entry order already
    if width and len(rows):
        crit_min = np.minimum.reduceat(crit_sorted, starts, axis=0)
        crit_max = np.maximum.reduceat(crit_sorted, starts, axis=0)
        crit_mean = np.add.reduceat(crit_sorted, starts, axis=0) / counts_e[:, None]
        spreads = np.stack([crit_min, crit_mean, crit_max], axis=2).tolist()
    adjusted_list = adjusted_quality.tolist() if adjusted_quality is not None else [None] * n_e
    results = {}
    for i, entry_id in enumerate(entries.tolist()):
        criteria = tuple(map(CriterionSpread._make, spreads[i])) if width else ()
        results[entry_id] = EntryResult(
            entry_id=entry_id,
            ratings=int(counts_e[i]),
            raw=float(mean_e[i]),
            adjusted=adjusted_list[i],
            median=float(median[i]),
            minimum=float(low[i]),
            maximum=float(high[i]),
            std=float(math.sqrt(var_e[i])),
            z_mean=float(z_e[i]),
            criteria=criteria,
            part=int(entry_part[i]),
        )
    entry_results = tuple(results.get(entry_id) or _empty_entry(entry_id) for entry_id in all_entries)
    judge_results = tuple(
        JudgeEffect(
            judge_id=int(judges[b]),
            ratings=int(counts_j[b]),
            effect=float(leniency[b]),
            mean=float(judge_mean[b]),
            std=float(judge_std[b]),
            part=int(judge_part[b]),
        )
        for b in range(n_j)
    )

    icc1, icc1k = _icc(e, y)
    agreement = Agreement(icc1=icc1, icc1k=icc1k, alpha=_alpha(e, y), entries=n_e, judges=n_j, ratings=len(rows))
    if connected:
        adjusted_ratings = y - leniency[j]
        icc1_adj, icc1k_adj = _icc(e, adjusted_ratings)
        agreement = replace(
            agreement,
            icc1_adjusted=icc1_adj,
            icc1k_adjusted=icc1k_adj,
            alpha_adjusted=_alpha(e, adjusted_ratings),
        )
    if complete:
        matrix = np.zeros((n_j, n_e))
        matrix[j, e] = y
        agreement = replace(agreement, kendall_w=kendall_w(matrix))
    if len(rows) > 1 and np.ptp(y) < 1e-9:
        notes.append(
            Note(
                NOTE_IDENTICAL,
                gettext("Every score is the same, so all entries are tied and agreement cannot be measured."),
            )
        )
    unrated = len(all_entries) - n_e
    if unrated:
        notes.append(
            Note(
                NOTE_INCOMPLETE,
                ngettext(
                    "%(count)d entry has no submitted scoresheet yet.",
                    "%(count)d entries have no submitted scoresheet yet.",
                    unrated,
                )
                % {"count": unrated},
            )
        )
    return RoundResult(
        entries=entry_results,
        judges=judge_results,
        agreement=agreement,
        connected=connected,
        parts=parts,
        complete=complete,
        notes=tuple(notes),
    )


# ------------------------------------------------------------------------------------------------- formula


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


# ------------------------------------------------------------------------------------------------- ranking


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

    scored = [(e, s) for e, s in scores.items() if s is not None]
    unscored = sorted(e for e, s in scores.items() if s is None)
    keyed = [(-round(float(s), decimals), *(step_key(step, e) for step in ladder), e) for e, s in scored]
    keyed.sort(key=lambda k: (k[:-1], k[-1]))
    placings: list[Placing] = []
    position = 0
    while position < len(keyed):
        # the group with the same (rounded) score
        end = position
        while end < len(keyed) and keyed[end][0] == keyed[position][0]:
            end += 1
        group = keyed[position:end]
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
