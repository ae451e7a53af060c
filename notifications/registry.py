"""The kinds of mail features register: a name they own, a label for people, and how to build the mail.

A feature registers its kinds in its ``AppConfig.ready()``::

    register_kind("sessions.reminder", label=_("Session reminder"), build=build_reminder)

``build(delivery, cache)`` returns the ``EmailMessage`` for one delivery (``cache`` is a dict shared by one
run, for objects many deliveries share); it raises :class:`Skip` when the mail is no longer wanted (the session
was cancelled). ``on_sent(delivery)``, if given, records the sending on the feature's own rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


_kinds: dict[str, Kind] = {}


def register_kind(
    name: str,
    *,
    label,
    build: Callable[[Delivery, dict], EmailMessage],
    on_sent: Callable[[Delivery], None] | None = None,
) -> Kind:
    """Register (or re-register) a kind. ``name`` is "<app>.<what>", lower case, dotted."""
    if not KIND_PATTERN.fullmatch(name) or len(name) > 60:
        raise ValueError(f"a kind is '<app>.<what>' in lower case, at most 60 characters: {name!r}")
    kind = Kind(name=name, label=label, build=build, on_sent=on_sent)
    _kinds[name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"no notification kind {name!r} is registered") from None


def kind_label(name: str) -> str:
    kind = _kinds.get(name)
    return kind.label if kind is not None else name
