"""Contests of a cohort: rounds and their published formula, the rubric, entries frozen from submissions,
judges and their assignments, conflicts of interest, scoresheets, peer votes, award levels and awards.

The statistics (raw and adjusted results, agreement, ranking) live in ``scoring.py``, the judge assignment
in ``assignment.py`` and the charts in ``charts.py``: plain functions with no ORM in them.
"""

from .awards import Award, AwardLevel, PeerVote
from .contest import (
    DEFAULT_TIE_BREAK,
    STATUS_ORDER,
    Contest,
    ContestKind,
    ContestStatus,
    Criterion,
    Round,
    RoundKind,
    TieBreak,
    default_tie_break,
)
from .entries import ENTRY_FORM_FIELDS, Entry, EntryForm, EntryStatus
from .judging import DECLARABLE_KINDS, Conflict, ConflictKind, ConflictSource, JudgeAssignment, PanelJudge
from .sheets import Score, ScoreChange, ScoreSheet, SheetStatus

__all__ = [
    "DECLARABLE_KINDS",
    "DEFAULT_TIE_BREAK",
    "ENTRY_FORM_FIELDS",
    "STATUS_ORDER",
    "Award",
    "AwardLevel",
    "Conflict",
    "ConflictKind",
    "ConflictSource",
    "Contest",
    "ContestKind",
    "ContestStatus",
    "Criterion",
    "Entry",
    "EntryForm",
    "EntryStatus",
    "JudgeAssignment",
    "PanelJudge",
    "PeerVote",
    "Round",
    "RoundKind",
    "Score",
    "ScoreChange",
    "ScoreSheet",
    "SheetStatus",
    "TieBreak",
    "default_tie_break",
]
