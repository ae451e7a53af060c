"""The constants, the input rows and the result records of contest scoring (plain, frozen data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

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
