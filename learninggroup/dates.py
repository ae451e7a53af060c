"""Dates and times as people here read them, one style everywhere: 5월 13일(화) 19:00–21:00 (24-hour, in the
current zone), with the year whenever it is not the current one (2025년 5월 13일(화) 19:00)."""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat, timezone
from django.utils.translation import pgettext, pgettext_lazy

WEEKDAYS_SHORT = (
    pgettext_lazy("weekday, short", "Mon"),
    pgettext_lazy("weekday, short", "Tue"),
    pgettext_lazy("weekday, short", "Wed"),
    pgettext_lazy("weekday, short", "Thu"),
    pgettext_lazy("weekday, short", "Fri"),
    pgettext_lazy("weekday, short", "Sat"),
    pgettext_lazy("weekday, short", "Sun"),
)


def local(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day_label(value: dt.datetime | dt.date, *, year: bool | None = None) -> str:
    """5월 13일(화), or with the year 2025년 5월 13일(화) (by default when it is not this year); "Tue, May 13"."""
    value = local(value)
    if year is None:
        year = value.year != timezone.localdate().year
    if year:
        date_format = pgettext("Django date format: a session's day with the year", "M j, Y")
    else:
        date_format = pgettext("Django date format: a session's day", "M j")
    return pgettext("a date and its weekday", "%(weekday)s, %(date)s") % {
        "weekday": WEEKDAYS_SHORT[value.weekday()],
        "date": dateformat.format(value, date_format),
    }


def clock(value: dt.datetime) -> str:
    return local(value).strftime("%H:%M")


def time_range(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """19:00–21:00 (the end's day is added when it is another day)."""
    start, end = local(starts_at), local(ends_at)
    if start.date() == end.date():
        return f"{clock(start)}–{clock(end)}"
    return f"{clock(start)}–{day_label(end)} {clock(end)}"


def day_time(value: dt.datetime, *, year: bool | None = None) -> str:
    """5월 13일(화) 19:00 (a moment: a deadline, when something was saved or sent)."""
    return f"{day_label(value, year=year)} {clock(value)}"


def when(starts_at: dt.datetime, ends_at: dt.datetime, *, year: bool | None = None) -> str:
    """5월 13일(화) 19:00–21:00"""
    return f"{day_label(starts_at, year=year)} {time_range(starts_at, ends_at)}"


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """ISO 8601 for files a machine reads (the personal-data download), None for no value."""
    return value.isoformat() if value else None
