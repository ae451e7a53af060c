"""iCalendar (RFC 5545) for the feeds and the e-mail attachments: sessions, and the deadlines it is given.

It imports no feature app: the personal feed's view gathers the deadlines from the registered providers
(learninggroup.plugins.calendar_deadlines) and passes them in.

UIDs are stable (`session-<pk>@<host>`), times carry the cohort's zone with its VTIMEZONE, and a
cancelled session stays in the feed with STATUS:CANCELLED so calendars remove it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from learninggroup.plugins import Deadline

__all__ = ["PRODID", "Deadline", "build_calendar", "deadline_event", "session_event", "session_uid"]

from .models import Session, SessionStatus

PRODID = "-//AI learning group platform//sessions//KO"


def uid_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{uid_host()}"


def session_url(session: Session) -> str:
    return settings.SITE_URL + reverse("session_detail", kwargs={"pk": session.cohort_id, "session_pk": session.pk})


def session_summary(session: Session) -> str:
    return f"{session.title} ({session.number})"


def session_event(session: Session, *, zone: dt.tzinfo) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", (session.updated_at or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session_summary(session))
    if session.venue:
        event.add("location", session.venue)
    url = session_url(session)
    event.add("url", url)
    description = "\n\n".join(part for part in (session.agenda.strip(), url) if part)
    event.add("description", description)
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED")
    return event


def deadline_event(deadline: Deadline, *, zone: dt.tzinfo) -> Event:
    event = Event()
    event.add("uid", f"{deadline.uid}@{uid_host()}")
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", deadline.due_at.astimezone(zone))
    event.add("summary", deadline.summary)
    if deadline.url:
        event.add("url", deadline.url)
    if deadline.description:
        event.add("description", deadline.description)
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(
    *,
    name: str,
    zone_name: str,
    sessions: Iterable[Session],
    deadlines: Iterable[Deadline] = (),
    method: str = "",
) -> bytes:
    """A VCALENDAR with the sessions (and deadlines) and the VTIMEZONE they need."""
    zone = zoneinfo.ZoneInfo(zone_name)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone_name)
    first = last = None
    for session in sessions:
        calendar.add_component(session_event(session, zone=zone))
        first = min(first or session.starts_at, session.starts_at)
        last = max(last or session.ends_at, session.ends_at)
    for deadline in deadlines:
        calendar.add_component(deadline_event(deadline, zone=zone))
        first = min(first or deadline.due_at, deadline.due_at)
        last = max(last or deadline.due_at, deadline.due_at)
    today = timezone.now().date()
    first_day = (first.date() if first else today) - dt.timedelta(days=366)
    last_day = (last.date() if last else today) + dt.timedelta(days=366)
    if not calendar.subcomponents:
        # An empty feed still names its zone, so a calendar app shows the right one from the start.
        calendar.add_component(Timezone.from_tzid(zone_name, first_date=first_day, last_date=last_day))
    else:
        calendar.add_missing_timezones(first_date=first_day, last_date=last_day)
    return calendar.to_ical()
