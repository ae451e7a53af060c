"""Pages of submissions and the prompt library: parse, check permission, call one service, render."""

from .attachments import attachment_download, attachment_remove, attachment_upload
from .cohort_settings import deadline_extension_grant, deadline_extension_revoke, submission_settings
from .prompts import prompt_casebook, prompt_create, prompt_delete, prompt_edit, prompt_library
from .submission import (
    submission_autosave,
    submission_detail,
    submission_edit,
    submission_gallery,
    submission_mine,
    submission_revisions,
)

__all__ = [
    "attachment_download",
    "attachment_remove",
    "attachment_upload",
    "deadline_extension_grant",
    "deadline_extension_revoke",
    "prompt_casebook",
    "prompt_create",
    "prompt_delete",
    "prompt_edit",
    "prompt_library",
    "submission_autosave",
    "submission_detail",
    "submission_edit",
    "submission_gallery",
    "submission_mine",
    "submission_revisions",
    "submission_settings",
]
