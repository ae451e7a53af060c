"""Every state change of submissions: saving (with optimistic locking), submitting (a revision), files,
prompts, the casebook, the deadline and its reminders. Called by views, tasks and the demo alike."""

from .attachments import attachment_add, attachment_remove, hash_file
from .cohort_settings import extension_grant, extension_revoke, settings_update
from .common import (
    EditingClosed,
    StaleVersion,
    SubmissionError,
    UploadRefused,
    deadline_for,
    settings_get_or_create,
    upload_limits,
)
from .editing import (
    REQUIRED_TO_SUBMIT,
    VERSIONS_KEPT,
    SaveResult,
    missing_to_submit,
    submission_for_team,
    submission_save,
    submission_submit,
)
from .prompts import MAX_TAG_LENGTH, MAX_TAGS, normalize_tags, prompt_delete, prompt_save, prompt_set_casebook
from .reminders import REMINDER_DAYS, REMINDER_KIND, ReminderRun, deadline_reminders_send

__all__ = [
    "MAX_TAGS",
    "MAX_TAG_LENGTH",
    "REMINDER_DAYS",
    "REMINDER_KIND",
    "REQUIRED_TO_SUBMIT",
    "VERSIONS_KEPT",
    "EditingClosed",
    "ReminderRun",
    "SaveResult",
    "StaleVersion",
    "SubmissionError",
    "UploadRefused",
    "attachment_add",
    "attachment_remove",
    "deadline_for",
    "deadline_reminders_send",
    "extension_grant",
    "extension_revoke",
    "hash_file",
    "missing_to_submit",
    "normalize_tags",
    "prompt_delete",
    "prompt_save",
    "prompt_set_casebook",
    "settings_get_or_create",
    "settings_update",
    "submission_for_team",
    "submission_save",
    "submission_submit",
    "upload_limits",
]
