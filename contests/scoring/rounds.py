"""One judged round's results from its score rows: raw and adjusted scores, spread, judges, agreement."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
from django.utils.translation import gettext, ngettext

from .agreement import _alpha, _icc, kendall_w
from .model import _components, _Design, _fit_into_scale, fit_judge_effects
from .records import (
    NOTE_DISCONNECTED,
    NOTE_IDENTICAL,
    NOTE_INCOMPLETE,
    NOTE_NO_RATINGS,
    NOTE_RESCALED,
    RIDGE,
    RIDGE_MAX_RATINGS,
    SCALE,
    Agreement,
    CriterionSpread,
    EntryResult,
    JudgeEffect,
    Note,
    RoundResult,
    ScoreRow,
    ScoringError,
)


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
