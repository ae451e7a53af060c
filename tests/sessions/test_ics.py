"""The iCalendar feeds, read back with the icalendar parser as a calendar app would."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from sessions.ics import Deadline, build_calendar
from sessions.models import CalendarToken, SessionStatus
from tests.factories import CohortFactory

from .factories import KST, SessionFactory

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def feed(client, cohort, user=None) -> Calendar:
    token = CalendarToken.objects.create(cohort=cohort, user=user)
    name = "calendar_personal_feed" if user else "calendar_cohort_feed"
    response = client.get(reverse(name, kwargs={"pk": cohort.pk, "token": token.token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return parse(response.content)


def test_the_cohort_feed_is_valid_with_its_time_zone_and_stable_uids(client, cohort):
    first = SessionFactory(cohort=cohort, number=1, title="오리엔테이션·팀 빌딩", agenda="- 자기소개")
    cancelled = SessionFactory(cohort=cohort, number=2, starts_at=dt.datetime(2025, 5, 21, 19, tzinfo=KST))
    cancelled.status = SessionStatus.CANCELLED
    cancelled.save()

    calendar = feed(client, cohort)

    assert (str(calendar["VERSION"]), str(calendar["X-WR-TIMEZONE"])) == ("2.0", "Asia/Seoul")
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"session-{first.pk}@127.0.0.1", f"session-{cancelled.pk}@127.0.0.1"]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CANCELLED"]
    start = events[0].decoded("DTSTART")
    assert (start, start.tzinfo.key if hasattr(start.tzinfo, "key") else str(start.tzinfo)) == (
        dt.datetime(2025, 5, 13, 19, 0, tzinfo=SEOUL),
        "Asia/Seoul",
    )
    assert events[0].decoded("DTEND") - start == dt.timedelta(hours=2)
    assert str(events[0]["SUMMARY"]) == "오리엔테이션·팀 빌딩 (1)"
    assert str(events[0]["LOCATION"]) == "시청 5층 IT교육장"
    assert str(events[0]["DESCRIPTION"]).startswith("- 자기소개\n\nhttp://127.0.0.1:8000/cohorts/")
    assert "DTSTART;TZID=Asia/Seoul:20250513T190000" in calendar.to_ical().decode()


def test_uids_stay_the_same_when_a_session_moves(client, cohort):
    session = SessionFactory(cohort=cohort)
    before = str(parse(build_calendar(name="x", zone_name="Asia/Seoul", sessions=[session])).walk("VEVENT")[0]["UID"])
    session.starts_at += dt.timedelta(days=1)
    session.ends_at += dt.timedelta(days=1)
    session.save()

    after = str(parse(build_calendar(name="x", zone_name="Asia/Seoul", sessions=[session])).walk("VEVENT")[0]["UID"])

    assert before == after


def test_an_empty_feed_still_names_its_zone(client, cohort):
    calendar = feed(client, cohort)

    assert (calendar.walk("VEVENT"), [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]) == ([], ["Asia/Seoul"])


def test_the_personal_feed_has_the_sessions(client, cohort, participant):
    SessionFactory(cohort=cohort)

    calendar = feed(client, cohort, participant)

    assert len(calendar.walk("VEVENT")) == 1
    assert str(calendar["X-WR-CALNAME"]).endswith(participant.name)


def test_deadlines_become_events(settings):
    deadline = Deadline(
        uid="submission-deadline-3",
        summary="제출 마감",
        due_at=dt.datetime(2025, 7, 10, 18, tzinfo=KST),
        url="https://x",
    )

    event = parse(build_calendar(name="x", zone_name="Asia/Seoul", sessions=[], deadlines=[deadline])).walk("VEVENT")[0]

    assert (str(event["UID"]), event.decoded("DTSTART")) == (
        "submission-deadline-3@127.0.0.1",
        dt.datetime(2025, 7, 10, 18, tzinfo=SEOUL),
    )


@pytest.mark.parametrize("token", ["wrong", "x" * 200])
def test_a_wrong_token_is_404(client, cohort, token):
    CalendarToken.objects.create(cohort=cohort)

    assert client.get(reverse("calendar_cohort_feed", kwargs={"pk": cohort.pk, "token": token})).status_code == 404


def test_a_token_of_another_cohort_or_feed_is_404(client, cohort, participant):
    cohort_token = CalendarToken.objects.create(cohort=cohort)
    personal = CalendarToken.objects.create(cohort=cohort, user=participant)
    other = CohortFactory()

    assert client.get(reverse("calendar_cohort_feed", args=[other.pk, cohort_token.token])).status_code == 404
    assert client.get(reverse("calendar_cohort_feed", args=[cohort.pk, personal.token])).status_code == 404
    assert client.get(reverse("calendar_personal_feed", args=[cohort.pk, cohort_token.token])).status_code == 404


def test_a_person_who_left_the_cohort_loses_their_feed(client, cohort, participant):
    token = CalendarToken.objects.create(cohort=cohort, user=participant)
    participant.memberships.update(is_active=False)

    assert client.get(reverse("calendar_personal_feed", args=[cohort.pk, token.token])).status_code == 404
