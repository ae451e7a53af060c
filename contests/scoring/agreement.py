"""Agreement statistics over ratings grouped by entry: ICC(1), ICC(1,k), Krippendorff's alpha (interval),
Kendall's W."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import rankdata


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
