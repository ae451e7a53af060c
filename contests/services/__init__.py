"""Every state change of contests: creating from a template, the formula and rubric, the status flow,
nominating (freezing a revision), entry forms, panels, conflicts, assignment, scoring with autosave,
peer votes, awards and publishing. Called by views, tasks, commands and the demo alike."""

from .assigning import AssignmentReport, assignment_run
from .awards import award_assign, award_level_save, award_remove
from .common import ContestError, InvalidScore, NotAssigned, RubricLocked, ScoringClosed, StaleSheet, VoteRefused
from .conflicts import (
    assignment_confirm_no_conflict,
    assignment_recuse,
    conflict_override,
    conflict_restore,
    conflicts_detect,
    conflicts_found,
    has_active_conflict,
    panel_add,
    panel_remove,
)
from .contest import (
    ALLOWED_MOVES,
    contest_create,
    contest_set_status,
    contest_update,
    round_update,
    rubric_save,
    status_index,
)
from .entries import entry_form_save, entry_nominate, entry_set_calibration, entry_withdraw
from .sheets import SheetSave, parse_score, score_set_comment_hidden, sheet_for, sheet_reopen, sheet_save, sheet_submit
from .votes import peer_vote_cast, peer_vote_withdraw, round_close

__all__ = [
    "ALLOWED_MOVES",
    "AssignmentReport",
    "ContestError",
    "InvalidScore",
    "NotAssigned",
    "RubricLocked",
    "ScoringClosed",
    "SheetSave",
    "StaleSheet",
    "VoteRefused",
    "assignment_confirm_no_conflict",
    "assignment_recuse",
    "assignment_run",
    "award_assign",
    "award_level_save",
    "award_remove",
    "conflict_override",
    "conflict_restore",
    "conflicts_detect",
    "conflicts_found",
    "contest_create",
    "contest_set_status",
    "contest_update",
    "entry_form_save",
    "entry_nominate",
    "entry_set_calibration",
    "entry_withdraw",
    "has_active_conflict",
    "panel_add",
    "panel_remove",
    "parse_score",
    "peer_vote_cast",
    "peer_vote_withdraw",
    "round_close",
    "round_update",
    "rubric_save",
    "score_set_comment_hidden",
    "sheet_for",
    "sheet_reopen",
    "sheet_save",
    "sheet_submit",
    "status_index",
]
