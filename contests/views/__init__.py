"""Contest pages: thin views that parse, check the permission, call a service or selector, and render."""

from .contests import contest_create, contest_detail, contest_list, contest_settings, contest_status, round_edit
from .entries import (
    conflict_list,
    conflict_override,
    entry_calibration,
    entry_form,
    entry_nominate,
    entry_withdraw,
    round_assign,
    round_panel,
)
from .results import award_assign, award_level_add, contest_results, entry_feedback, peer_vote
from .sheets import (
    judge_desk,
    sheet,
    sheet_attachment,
    sheet_autosave,
    sheet_confirm,
    sheet_recuse,
    sheet_reopen,
    sheet_submit,
)

__all__ = [
    "award_assign",
    "award_level_add",
    "conflict_list",
    "conflict_override",
    "contest_create",
    "contest_detail",
    "contest_list",
    "contest_results",
    "contest_settings",
    "contest_status",
    "entry_calibration",
    "entry_feedback",
    "entry_form",
    "entry_nominate",
    "entry_withdraw",
    "judge_desk",
    "peer_vote",
    "round_assign",
    "round_edit",
    "round_panel",
    "sheet",
    "sheet_attachment",
    "sheet_autosave",
    "sheet_confirm",
    "sheet_recuse",
    "sheet_reopen",
    "sheet_submit",
]
