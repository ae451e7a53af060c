"""The demo's 2025 pilot is not destroyed by the daily purge of a development run: its notice and its retention
period both keep the data five years after its last day (16 July 2025), where the default year ended in July 2026.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from learninggroup.demo import CURRENT_NAME, PILOT
from learninggroup.models import Cohort
from privacy.services import cohorts_expired, purge_expired, retention_for
from sessions.models import Attendance

pytestmark = pytest.mark.django_db

SEEDED_ON = dt.date(2026, 11, 30)  # after the default year of the pilot had run out


@pytest.fixture
def demo(settings, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC), tick=False)
    settings.DEMO_PARTS = ["teams.demo", "sessions.demo", "privacy.demo"]
    call_command("seed_demo", stdout=io.StringIO())
    return Cohort.objects.get(name=PILOT["name"]), Cohort.objects.get(name=CURRENT_NAME)


def test_the_daily_purge_leaves_the_seeded_pilot_alone(demo):
    pilot, current = demo
    attendance = Attendance.objects.filter(session__cohort=pilot).count()

    run = purge_expired(today=SEEDED_ON, trigger="task")

    assert attendance > 0
    assert run.report["cohorts"] == []
    assert Attendance.objects.filter(session__cohort=pilot).count() == attendance
    assert retention_for(cohort=pilot).keep_until == dt.date(2030, 7, 16)
    assert retention_for(cohort=current).months == 12


def test_the_pilots_notice_states_the_period_it_is_kept(demo):
    pilot, current = demo

    assert retention_for(cohort=pilot).months == 60
    assert pilot.privacy_notices.get().retention.startswith("학습모임 종료 후 5년")
    assert current.privacy_notices.get().retention.startswith("학습모임 종료 후 1년")


def test_the_pilot_expires_the_day_after_its_five_years(demo):
    pilot, _ = demo

    assert pilot not in [cohort for cohort, _ in cohorts_expired(today=dt.date(2030, 7, 16))]
    assert pilot in [cohort for cohort, _ in cohorts_expired(today=dt.date(2030, 7, 17))]


def test_seeding_again_keeps_a_period_the_organizers_changed(demo):
    from privacy.services import retention_set

    pilot, _ = demo
    retention_set(cohort=pilot, months=24, actor=None)

    call_command("seed_demo", stdout=io.StringIO())

    assert retention_for(cohort=pilot).months == 24
