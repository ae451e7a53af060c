"""The rotating QR check-in token: a signed (session, time window) pair.

The facilitator's screen shows a code for the current window of `rotation` seconds. A scan is
accepted in that window and in the one before it (so a code read just before it changes still
works), for the session it was made for, and only by the signature's owner: this server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing

SALT = "learning_sessions.checkin"
OK = "ok"
FORGED = "forged"
EXPIRED = "expired"
OTHER_SESSION = "other_session"


def window_index(now: dt.datetime, rotation: int) -> int:
    return int(now.timestamp()) // rotation


def make_token(*, session_id: int, now: dt.datetime, rotation: int) -> str:
    return signing.dumps({"s": session_id, "w": window_index(now, rotation)}, salt=SALT, compress=False)


def seconds_left(*, now: dt.datetime, rotation: int) -> int:
    return rotation - int(now.timestamp()) % rotation


@dataclass(frozen=True)
class TokenCheck:
    result: str  # OK, FORGED, EXPIRED or OTHER_SESSION

    @property
    def ok(self) -> bool:
        return self.result == OK


def check_token(token: str, *, session_id: int, now: dt.datetime, rotation: int) -> TokenCheck:
    """Whether `token` admits a check-in to `session_id` at `now`."""
    if not token or len(token) > 200:
        return TokenCheck(FORGED)
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return TokenCheck(FORGED)
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int) or not isinstance(payload.get("w"), int):
        return TokenCheck(FORGED)
    if payload["s"] != session_id:
        return TokenCheck(OTHER_SESSION)
    current = window_index(now, rotation)
    if payload["w"] not in (current, current - 1):
        return TokenCheck(EXPIRED)
    return TokenCheck(OK)
