"""The additive judge-effect model fitted by least squares (scipy `lsqr`) with ridge shrinkage for entries
with few ratings, refused across disconnected parts of the judge–entry graph."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix, diags
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import lsqr

from .records import RIDGE, RIDGE_MAX_RATINGS, SCALE


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
