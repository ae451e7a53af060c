"""Plug points: the root's registries of demo parts, home cards and calendar deadlines, filled by the apps."""

import datetime as dt
import zoneinfo

import pytest
from django.apps import apps
from django.urls import reverse
from icalendar import Calendar

from learninggroup import plugins
from learninggroup.plugins import Deadline, HomeCard
from sessions.models import CalendarToken
from tests.factories import CohortFactory, MembershipFactory

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
JUDGING_DUE = dt.datetime(2025, 7, 20, 18, 0, tzinfo=SEOUL)


def judging_deadlines(*, cohort, user):
    """What a new app (contests) would register: one deadline for everyone in the cohort."""
    return [Deadline(uid=f"judging-{cohort.pk}", summary="심사 마감", due_at=JUDGING_DUE, url="https://x.example/j")]


def judging_card(*, cohort, user, roles):
    if "judge" not in roles:
        return None
    return HomeCard("learninggroup/_test_card.html", {"card_title": "배정된 심사"})


@pytest.fixture
def contests_registers(monkeypatch, settings, tmp_path):
    """The contests app lists a home card and a deadline provider on its AppConfig, nothing else."""
    config = apps.get_app_config("contests")
    monkeypatch.setattr(config, "home_cards", (f"{__name__}.judging_card",), raising=False)
    monkeypatch.setattr(config, "calendar_deadlines", (f"{__name__}.judging_deadlines",), raising=False)
    (tmp_path / "learninggroup").mkdir()
    (tmp_path / "learninggroup" / "_test_card.html").write_text(
        '<section class="card"><h2>{{ card_title }}</h2><p>{{ cohort.name }}</p></section>', encoding="utf-8"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]


def test_the_registries_follow_installed_apps_order():
    assert plugins.demo_parts()[:3] == ["teams.demo", "sessions.demo", "submissions.demo"]
    assert [p.__module__ for p in plugins.home_card_providers()][:2] == ["teams.home", "sessions.home"]
    assert "submissions.selectors" in [p.__module__ for p in plugins.deadline_providers()]


def test_demo_parts_in_settings_replace_the_registered_ones(settings):
    settings.DEMO_PARTS = ["teams.demo"]
    assert plugins.demo_parts() == ["teams.demo"]


def test_a_new_apps_home_card_shows_for_the_role_it_is_for(client, db, contests_registers):
    judge = MembershipFactory(role="judge")
    participant = MembershipFactory(role="participant", cohort=judge.cohort)

    client.force_login(judge.user)
    judge_page = client.get(reverse("cohort_home", args=[judge.cohort_id])).content.decode()
    client.force_login(participant.user)
    participant_page = client.get(reverse("cohort_home", args=[judge.cohort_id])).content.decode()

    assert "<h2>배정된 심사</h2>" in judge_page
    assert "배정된 심사" not in participant_page
    assert "다음 세션" in participant_page  # the sessions app's card is still there


def test_a_new_apps_deadlines_reach_the_personal_feed(client, db, contests_registers):
    member = MembershipFactory(role="participant", cohort=CohortFactory())
    token = CalendarToken.objects.create(cohort=member.cohort, user=member.user)

    response = client.get(reverse("calendar_personal_feed", kwargs={"pk": member.cohort_id, "token": token.token}))

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(e["SUMMARY"]), e["DTSTART"].dt, str(e["UID"]).split("@")[0]) for e in events] == [
        ("심사 마감", JUDGING_DUE, f"judging-{member.cohort_id}")
    ]


def test_calendar_deadlines_are_gathered_soonest_first(db, monkeypatch):
    later = Deadline(uid="b", summary="b", due_at=JUDGING_DUE)
    sooner = Deadline(uid="a", summary="a", due_at=JUDGING_DUE - dt.timedelta(days=1))
    monkeypatch.setattr(
        plugins, "deadline_providers", lambda: [lambda **_: [later], lambda **_: [sooner], lambda **_: None]
    )

    assert plugins.calendar_deadlines(cohort=None, user=None) == [sooner, later]
