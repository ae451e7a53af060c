"""Log-in limits that fit one city-hall network.

A whole cohort signs in from one NAT address at 19:00, so log-in attempts from one address are not limited
below a flood ceiling (``LOGIN_ATTEMPTS_PER_ADDRESS`` a minute, a lock-free counter: allauth's own per-address
limit takes a cache lock per address, and behind one NAT address that lock refused people with "429" under
load), and failed attempts are counted per
*account and address together*: a stranger elsewhere who knows an official's e-mail address cannot lock
them out, and a guesser is still slowed down more with every wrong password.

- The first ``LOGIN_FAILURES_FREE`` failures for one (account, address) cost nothing (typos).
- After that each further failure makes the next attempt wait ``LOGIN_FAILURE_DELAY`` seconds, doubled for
  each failure, capped at ``LOGIN_FAILURE_DELAY_MAX``. A record is forgotten ``LOGIN_FAILURE_MEMORY``
  seconds after its last failure; a successful log-in from that address clears it.
- Password spraying from one address (many accounts) is capped at ``LOGIN_FAILURES_PER_ADDRESS`` failures
  in ``LOGIN_FAILURES_PER_ADDRESS_WINDOW`` seconds; this is far above what a room of people mistyping reaches.

The state lives in the cache (Redis in production, shared by every worker).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

KEY_PREFIX = "loginlimit"


@dataclass(frozen=True)
class Limits:
    per_minute: int
    free: int
    delay: float
    delay_max: float
    memory: float
    per_address: int
    per_address_window: float

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            per_minute=settings.LOGIN_ATTEMPTS_PER_ADDRESS,
            free=settings.LOGIN_FAILURES_FREE,
            delay=settings.LOGIN_FAILURE_DELAY,
            delay_max=settings.LOGIN_FAILURE_DELAY_MAX,
            memory=settings.LOGIN_FAILURE_MEMORY,
            per_address=settings.LOGIN_FAILURES_PER_ADDRESS,
            per_address_window=settings.LOGIN_FAILURES_PER_ADDRESS_WINDOW,
        )


def delay_after(failures: int, limits: Limits) -> float:
    """Seconds to wait after `failures` consecutive failures: 0 for the free ones, then doubling to the cap."""
    if failures < limits.free:
        return 0.0
    return float(min(limits.delay * 2 ** (failures - limits.free), limits.delay_max))


def _account_key(email: str, address: str) -> str:
    digest = hashlib.sha256(f"{email.strip().lower()}|{address}".encode()).hexdigest()
    return f"{KEY_PREFIX}:account:{digest}"


def _address_key(address: str) -> str:
    return f"{KEY_PREFIX}:address:{hashlib.sha256(address.encode()).hexdigest()}"


def _attempts_key(address: str, minute: int) -> str:
    return f"{KEY_PREFIX}:attempts:{minute}:{hashlib.sha256(address.encode()).hexdigest()}"


def count_attempt(*, address: str, now: float | None = None) -> int:
    """Count one log-in attempt from the address in this minute; returns how many there were (atomic)."""
    now = time.time() if now is None else now
    key = _attempts_key(address, int(now // 60))
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=120)
        return 1


def seconds_to_wait(*, email: str, address: str, now: float | None = None, attempts: int = 0) -> int:
    """0 when a log-in attempt may go ahead; otherwise how many seconds are left (rounded up).
    `attempts`: this minute's attempts from the address so far (count_attempt)."""
    limits = Limits.from_settings()
    now = time.time() if now is None else now
    wait = 0.0
    if attempts > limits.per_minute:
        wait = 60 - now % 60
    record = cache.get(_account_key(email, address))
    if record:
        failures, last = record
        wait = max(wait, last + delay_after(failures, limits) - now)
    history = [t for t in cache.get(_address_key(address), []) if t > now - limits.per_address_window]
    if len(history) >= limits.per_address:
        wait = max(wait, history[-limits.per_address] + limits.per_address_window - now)
    return max(0, int(-(-wait // 1)))


def record_failure(*, email: str, address: str, now: float | None = None) -> None:
    limits = Limits.from_settings()
    now = time.time() if now is None else now
    key = _account_key(email, address)
    failures, _last = cache.get(key) or (0, now)
    cache.set(key, (failures + 1, now), int(limits.memory + limits.delay_max))
    address_key = _address_key(address)
    history = [t for t in cache.get(address_key, []) if t > now - limits.per_address_window]
    history.append(now)
    cache.set(address_key, history[-limits.per_address :], int(limits.per_address_window))


def record_success(*, email: str, address: str) -> None:
    cache.delete(_account_key(email, address))


def wait_message(seconds: int) -> str:
    """'Try again in 2 minutes 30 seconds' in the person's language (Korean first)."""
    minutes, rest = divmod(max(1, seconds), 60)
    parts = []
    if minutes:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    if rest:
        parts.append(ngettext("%(n)d second", "%(n)d seconds", rest) % {"n": rest})
    return _("Too many failed log-ins for this account from your network. For your safety, try again in %(wait)s.") % {
        "wait": " ".join(parts)
    }
