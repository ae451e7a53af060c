"""The per-app plug point for personal data: each app that holds some says so in ``<app>/personal_data.py``.

A module ``<app>.personal_data`` of any installed app is found by itself (no list to edit). It defines

``export_person(*, user) -> dict[str, list[dict]]``
    The person's data that the app holds, as named sections of rows (plain JSON values). A section name
    becomes a CSV file in the download, so use lower-case words with underscores (``attendance``).

``purge_cohort(*, cohort, anonymize_user_ids: frozenset[int], dry_run: bool) -> dict[str, int]``
    Destroy or anonymize the app's personal data of a cohort whose retention period is over, and say what
    (label → number of rows or files). ``anonymize_user_ids`` are the accounts that have no other active
    cohort: they are anonymized by the root at the end, after every app. With ``dry_run`` nothing changes
    and the numbers say what would. It runs inside the cohort's transaction; delete files in
    ``transaction.on_commit``. Keep what the city publishes (contest results, the casebook): it stays
    credited to the team and the department (membership rows keep their department).

Apps run in the reverse order of INSTALLED_APPS (the apps built on top first, the root last).
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps

MODULE = "personal_data"


def personal_data_parts() -> list[tuple[str, ModuleType]]:
    """(app label, module) of every installed app that has a personal_data module, in INSTALLED_APPS order."""
    parts = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{MODULE}"
        try:
            found = find_spec(name)
        except ModuleNotFoundError:
            found = None
        if found is not None:
            parts.append((config.label, import_module(name)))
    return parts
