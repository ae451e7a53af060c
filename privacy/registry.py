"""The per-app plug point for personal data: each app that holds some names a module on its AppConfig,

    class SessionsConfig(AppConfig):
        personal_data = "sessions.personal_data"

like the other plug points (learninggroup/plugins.py). The module defines

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

Exports are read in INSTALLED_APPS order; destruction runs in the reverse order (the apps built on top
first, the root last), so an app's rows go before the rows they point to.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps


def personal_data_parts() -> list[tuple[str, ModuleType]]:
    """(app label, module) of every installed app that names a personal_data module, in INSTALLED_APPS order."""
    return [
        (config.label, import_module(config.personal_data))
        for config in apps.get_app_configs()
        if getattr(config, "personal_data", None)
    ]
