"""When a team may still edit: the cohort's deadline, or a later time an organizer granted. Pure."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class DeadlineState:
    deadline: dt.datetime | None  # the cohort's (None: no deadline set)
    extended_until: dt.datetime | None  # the team's extension, if any
    now: dt.datetime

    @property
    def effective(self) -> dt.datetime | None:
        """The moment editing closes for this team."""
        if self.deadline is None:
            return None
        if self.extended_until is not None and self.extended_until > self.deadline:
            return self.extended_until
        return self.deadline

    @property
    def is_open(self) -> bool:
        return self.effective is None or self.now < self.effective

    @property
    def on_extension(self) -> bool:
        """Past the cohort's deadline, editing only because of the team's extension."""
        return self.deadline is not None and self.now >= self.deadline and self.is_open

    @property
    def days_left(self) -> int | None:
        """D-n: whole days (rounded up) until editing closes; 0 when closed, None without a deadline."""
        if self.effective is None:
            return None
        seconds = (self.effective - self.now).total_seconds()
        return max(0, math.ceil(seconds / 86400))


def due_offset(*, deadline: dt.datetime, now: dt.datetime, offsets_days: tuple[int, ...]) -> int | None:
    """The reminder (days before the deadline) due now: the latest one whose time has come, while the
    deadline is still ahead. A deadline set two days ahead gets the one-day reminder only when it is
    one day away, and a single earlier reminder at once."""
    if now >= deadline:
        return None
    due = [days for days in offsets_days if deadline - dt.timedelta(days=days) <= now]
    return min(due) if due else None
