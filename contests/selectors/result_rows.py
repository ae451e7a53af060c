"""The plain rows the results page prints (no model instances for a thousand entries), formatted once."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import scoring
from ..models import AwardLevel, Contest, Entry, EntryStatus, Round


@dataclass
class RoundView:
    round: Round
    result: scoring.RoundResult | None
    judge_names: dict[int, str]
    judge_chart: str = ""
    ranking_chart: str = ""
    votes: dict[int, int] = field(default_factory=dict)
    voters: int = 0
    severity: list[SeverityRow] = field(default_factory=list)


@dataclass(frozen=True)
class AwardLine:
    level_id: int
    name: str


@dataclass(frozen=True)
class EntryLine:
    """What the results page shows of an entry (plain values: a thousand rows build no model instances)."""

    pk: int
    number: int
    title: str
    team_name: str
    is_calibration: bool
    submitted_at: object
    award: AwardLine | None


def _entry_lines(contest: Contest) -> list[EntryLine]:
    values = (
        Entry.objects.filter(contest=contest, status=EntryStatus.ACTIVE)
        .order_by("number")
        .values_list(
            "pk",
            "number",
            "title",
            "team__name",
            "is_calibration",
            "revision__created_at",
            "award__level_id",
            "award__level__name",
        )
    )
    return [
        EntryLine(pk, number, title, team, calibration, submitted, AwardLine(level, name) if level else None)
        for pk, number, title, team, calibration, submitted, level, name in values
    ]


@dataclass
class ResultRow:
    entry: EntryLine
    raw: float | None
    adjusted: float | None
    raw_rank: int | None
    adjusted_rank: int | None
    shared: bool
    decided_by: str
    ratings: int
    median: float | None
    spread: float | None
    std: float | None
    rank_changed: bool
    award: AwardLine | None
    missing: tuple[str, ...] = ()
    rank: int | None = None
    award_form: bool = False

    # Numbers as the page prints them (formatted once here, not by template filters on 1,000 rows).
    @property
    def rank_text(self) -> str:
        if self.rank is None:
            return "—"
        return f"{self.rank}=" if self.shared else str(self.rank)

    @property
    def raw_text(self) -> str:
        return _fmt(self.raw)

    @property
    def adjusted_text(self) -> str:
        return _fmt(self.adjusted)

    @property
    def median_text(self) -> str:
        return _fmt(self.median)

    @property
    def spread_text(self) -> str:
        return _fmt(self.spread)

    @property
    def std_text(self) -> str:
        return _fmt(self.std)


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


@dataclass
class SeverityRow:
    name: str
    effect: str
    ratings: int
    mean: str
    std: str


@dataclass
class Results:
    contest: Contest
    rounds: list[RoundView]
    rows: list[ResultRow]
    order_by: str  # "raw" or "adjusted"
    adjusted_available: bool
    calibration: list[EntryLine]
    award_levels: list[AwardLevel]
    notes: list[str]
    formula_text: str
    award_summary: list[tuple[AwardLevel, int]] = field(default_factory=list)


# Award choices are offered for the top places (and entries holding an award); 1,000 selects help nobody.
AWARD_FORM_RANKS = 40
