"""The exporters, listed by dotted path in settings.EXPORTERS: adding an export is adding one module."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Exporter


def exporters() -> dict[str, type[Exporter]]:
    return _load(tuple(settings.EXPORTERS))


@cache
def _load(paths: tuple[str, ...]) -> dict[str, type[Exporter]]:
    found: dict[str, type[Exporter]] = {}
    for path in paths:
        cls = import_string(path)
        if cls.identifier in found:
            raise ValueError(f"two exporters are called {cls.identifier!r}")
        found[cls.identifier] = cls
    return found


def exporter_class(identifier: str) -> type[Exporter] | None:
    return exporters().get(identifier)


def exporters_for(user, cohort) -> list[type[Exporter]]:
    """The exporters this person may run in this cohort, in the settings' order."""
    return [cls for cls in exporters().values() if user.has_perm(cls.permission, cohort)]
