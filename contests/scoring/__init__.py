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

from .agreement import icc_oneway, kendall_w, krippendorff_alpha_interval
from .formula import FinalScore, Formula, RoundWeights, final_scores, formula_problems, peer_scores
from .model import fit_judge_effects
from .ranking import Placing, RankChange, rank, rank_changes
from .records import (
    DECIDED_BY,
    DEFAULT_LADDER,
    NOTE_DISCONNECTED,
    NOTE_IDENTICAL,
    NOTE_INCOMPLETE,
    NOTE_NO_RATINGS,
    NOTE_RESCALED,
    RIDGE,
    RIDGE_MAX_RATINGS,
    SCALE,
    TIE_CRITERIA,
    TIE_SUBMITTED,
    Agreement,
    CriterionSpread,
    EntryResult,
    JudgeEffect,
    Note,
    RoundResult,
    ScoreRow,
    ScoringError,
)
from .rounds import round_results

__all__ = [
    "DECIDED_BY",
    "DEFAULT_LADDER",
    "NOTE_DISCONNECTED",
    "NOTE_IDENTICAL",
    "NOTE_INCOMPLETE",
    "NOTE_NO_RATINGS",
    "NOTE_RESCALED",
    "RIDGE",
    "RIDGE_MAX_RATINGS",
    "SCALE",
    "TIE_CRITERIA",
    "TIE_SUBMITTED",
    "Agreement",
    "CriterionSpread",
    "EntryResult",
    "FinalScore",
    "Formula",
    "JudgeEffect",
    "Note",
    "Placing",
    "RankChange",
    "RoundResult",
    "RoundWeights",
    "ScoreRow",
    "ScoringError",
    "final_scores",
    "fit_judge_effects",
    "formula_problems",
    "icc_oneway",
    "kendall_w",
    "krippendorff_alpha_interval",
    "peer_scores",
    "rank",
    "rank_changes",
    "round_results",
]
