"""The schedule planner: which dates a run of sessions falls on. Pure: no ORM, no clock.

Given a window (first and last date), the weekdays to meet on, how many sessions are wanted and
the dates to leave out, it proposes the first `count` free dates and lists every date of the
pattern it skipped on the way, with the reason: a Korean public holiday (the `holidays`
package's KR calendar, which includes substitute holidays and election days) or "excluded".
When the window holds fewer free dates than wanted, `fits` says how many there are.

With `once_a_week`, at most one session falls in each week (Monday to Sunday): the first free
chosen weekday of the week, so a Tuesday holiday moves that week's session to the Wednesday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import holidays
from django.utils.translation import gettext_lazy as _

from learninggroup.errors import DomainError

MAX_COUNT = 60
MAX_WINDOW_DAYS = 366

HOLIDAY = "holiday"
EXCLUDED = "excluded"

HolidayLookup = Callable[[dt.date, dt.date], Mapping[dt.date, str]]


PLAN_ERRORS = {
    "window_reversed": _("The last date cannot be before the first date."),
    "window_too_long": _("Plan at most one year at a time."),
    "no_weekdays": _("Choose at least one weekday."),
    "bad_count": _("Choose between 1 and 60 sessions."),
    "ends_before_start": _("A session must end after it starts."),
}


class PlanError(DomainError):
    """The request cannot be planned; `code` names the problem, `message` says it to the person."""

    def __init__(self, code: str):
        super().__init__(PLAN_ERRORS[code], code=code)


@dataclass(frozen=True)
class SkippedDate:
    date: dt.date
    reason: str  # HOLIDAY or EXCLUDED
    name: str = ""  # the holiday's name

    @property
    def is_holiday(self) -> bool:
        return self.reason == HOLIDAY


@dataclass(frozen=True)
class ProposedSession:
    date: dt.date
    starts: dt.datetime  # aware, in the zone given
    ends: dt.datetime


@dataclass(frozen=True)
class Plan:
    requested: int
    fits: int  # how many free dates the whole window holds (at most one a week with once_a_week)
    sessions: tuple[ProposedSession, ...] = ()
    skipped: tuple[SkippedDate, ...] = field(default=())

    @property
    def dates(self) -> list[dt.date]:
        return [proposal.date for proposal in self.sessions]

    @property
    def is_short(self) -> bool:
        return self.fits < self.requested

    @property
    def is_empty(self) -> bool:
        return not self.sessions


def korean_holidays(language: str = "ko") -> HolidayLookup:
    """Korean public holidays between two dates, named in Korean ("ko") or English ("en")."""
    holiday_language = "ko" if language.startswith("ko") else "en_US"

    def lookup(first: dt.date, last: dt.date) -> Mapping[dt.date, str]:
        calendar = holidays.country_holidays("KR", years=range(first.year, last.year + 1), language=holiday_language)
        return {day: name for day, name in calendar.items() if first <= day <= last}

    return lookup


def plan_sessions(
    *,
    first_date: dt.date,
    last_date: dt.date,
    weekdays: Iterable[int],
    count: int,
    start_time: dt.time,
    end_time: dt.time,
    zone: dt.tzinfo,
    excluded: Iterable[dt.date] = (),
    once_a_week: bool = False,
    holiday_lookup: HolidayLookup | None = None,
) -> Plan:
    """Propose up to `count` session dates; weekdays are 0 (Monday) to 6 (Sunday)."""
    weekdays = frozenset(weekdays)
    if last_date < first_date:
        raise PlanError("window_reversed")
    if (last_date - first_date).days >= MAX_WINDOW_DAYS:
        raise PlanError("window_too_long")
    if not weekdays or not weekdays <= set(range(7)):
        raise PlanError("no_weekdays")
    if not 1 <= count <= MAX_COUNT:
        raise PlanError("bad_count")
    if end_time <= start_time:
        raise PlanError("ends_before_start")

    lookup = holiday_lookup or korean_holidays()
    days_off = lookup(first_date, last_date)
    excluded = frozenset(excluded)

    proposed: list[dt.date] = []
    skipped: list[SkippedDate] = []
    used_weeks: set[tuple[int, int]] = set()
    fits = 0
    day = first_date
    while day <= last_date:
        if day.weekday() in weekdays:
            week = day.isocalendar()[:2]
            if once_a_week and week in used_weeks:
                pass  # the week has its session already
            elif day in days_off:
                if len(proposed) < count:
                    skipped.append(SkippedDate(day, HOLIDAY, days_off[day]))
            elif day in excluded:
                if len(proposed) < count:
                    skipped.append(SkippedDate(day, EXCLUDED))
            else:
                fits += 1
                used_weeks.add(week)
                if len(proposed) < count:
                    proposed.append(day)
        day += dt.timedelta(days=1)

    sessions = tuple(
        ProposedSession(
            date=day,
            starts=dt.datetime.combine(day, start_time, tzinfo=zone),
            ends=dt.datetime.combine(day, end_time, tzinfo=zone),
        )
        for day in proposed
    )
    return Plan(requested=count, fits=fits, sessions=sessions, skipped=tuple(skipped))
