"""The kinds of mail features register: a name they own, a label for people, and how to build the mail.

A feature lists its kinds on its AppConfig, like the other plug points (``learninggroup/plugins.py``)::

    class SessionsConfig(AppConfig):
        notification_kinds = "sessions.services.reminders.NOTIFICATION_KINDS"

    # sessions/services/reminders.py
    NOTIFICATION_KINDS = (Kind("sessions.reminder", label=_("Session reminder"), build=build_session_mail),)

``build(delivery, cache)`` returns the ``EmailMessage`` for one delivery (``cache`` is a dict shared by one
run, for objects many deliveries share); it raises :class:`Skip` when the mail is no longer wanted (the session
was cancelled). ``on_sent(delivery)``, if given, records the sending on the feature's own rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.core.mail import EmailMessage

    from .models import Delivery

KIND_PATTERN = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


class Skip(Exception):
    """Raised by a builder: this mail is no longer wanted; the delivery is closed as skipped."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    build: Callable[[Delivery, dict], EmailMessage]
    on_sent: Callable[[Delivery], None] | None = None

    def __post_init__(self) -> None:
        if not KIND_PATTERN.fullmatch(self.name) or len(self.name) > 60:
            raise ValueError(f"a kind is '<app>.<what>' in lower case, at most 60 characters: {self.name!r}")


_kinds: dict[str, Kind] = {}
_loaded = False


def _load() -> None:
    """Read the kinds the installed apps list under ``notification_kinds`` (once)."""
    global _loaded
    if _loaded:
        return
    for config in apps.get_app_configs():
        path = getattr(config, "notification_kinds", None)
        if path:
            for kind in import_string(path):
                _kinds.setdefault(kind.name, kind)
    _loaded = True


def register_kind(
    name: str,
    *,
    label,
    build: Callable[[Delivery, dict], EmailMessage],
    on_sent: Callable[[Delivery], None] | None = None,
) -> Kind:
    """Register (or re-register) a kind by hand (a test's kind); apps list theirs on their AppConfig."""
    kind = Kind(name=name, label=label, build=build, on_sent=on_sent)
    _kinds[name] = kind
    return kind


def get_kind(name: str) -> Kind:
    _load()
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"no notification kind {name!r} is registered") from None


def kind_label(name: str) -> str:
    _load()
    kind = _kinds.get(name)
    return kind.label if kind is not None else name
