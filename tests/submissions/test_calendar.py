"""The team's submission deadline in the person's calendar feed (sessions.ics asks submissions for it)."""

import datetime as dt
import zoneinfo

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from sessions.models import CalendarToken
from submissions.models import DeadlineExtension
from submissions.selectors import deadlines_for_user

from .factories import SubmissionSettingsFactory

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
DEADLINE = dt.datetime(2025, 7, 11, 18, 0, tzinfo=SEOUL)


def personal_feed(client, cohort, user) -> Calendar:
    token = CalendarToken.objects.create(cohort=cohort, user=user)
    response = client.get(reverse("calendar_personal_feed", kwargs={"pk": cohort.pk, "token": token.token}))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def test_the_personal_feed_shows_the_teams_deadline(client, cohort, member_a):
    SubmissionSettingsFactory(cohort=cohort, deadline=DEADLINE)

    events = personal_feed(client, cohort, member_a).walk("VEVENT")

    assert [(str(e["SUMMARY"]), e["DTSTART"].dt) for e in events] == [(f"제출 마감 · {cohort.name}", DEADLINE)]
    assert str(events[0]["UID"]).startswith(f"submission-deadline-{cohort.pk}-team-")


def test_an_extension_moves_the_deadline_in_the_feed(cohort, team_a, member_a):
    SubmissionSettingsFactory(cohort=cohort, deadline=DEADLINE)
    DeadlineExtension.objects.create(team=team_a, until=DEADLINE + dt.timedelta(days=2))

    [deadline] = deadlines_for_user(cohort=cohort, user=member_a)

    assert deadline.due_at == DEADLINE + dt.timedelta(days=2)


def test_no_deadline_without_a_team_or_a_date(cohort, member_a, facilitator):
    assert deadlines_for_user(cohort=cohort, user=member_a) == []
    SubmissionSettingsFactory(cohort=cohort, deadline=timezone.now())
    assert deadlines_for_user(cohort=cohort, user=facilitator) == []


def test_the_cohort_feed_has_no_team_deadline(client, cohort, member_a):
    SubmissionSettingsFactory(cohort=cohort, deadline=DEADLINE)
    token = CalendarToken.objects.create(cohort=cohort, user=None)

    response = client.get(reverse("calendar_cohort_feed", kwargs={"pk": cohort.pk, "token": token.token}))

    assert Calendar.from_ical(response.content).walk("VEVENT") == []
