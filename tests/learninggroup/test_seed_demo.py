import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from learninggroup.demo import CURRENT_NAME, LATE_JOINER, PILOT, evenings_from, weekly_evenings
from learninggroup.models import Cohort, Invitation, Membership, PrivacyConsent, User
from sessions.models import Attendance, Session
from submissions.models import Submission, SubmissionSettings
from teams.models import TeamFormation, TeamMembership

KST = dt.timezone(dt.timedelta(hours=9))


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    output = seed()
    return output, Cohort.objects.get(name=PILOT["name"]), Cohort.objects.get(name=CURRENT_NAME)


def test_seed_builds_both_cohorts_with_the_same_people_and_prints_counts_per_cohort(seeded):
    output, pilot, current = seeded

    assert {c.organization.name for c in (pilot, current)} == {"부산광역시"}
    assert pilot.organization.emblem_content_type == "image/png"  # the made-up emblem shown in the header
    assert (pilot.year, pilot.starts_on, pilot.ends_on) == (2025, dt.date(2025, 5, 13), dt.date(2025, 7, 16))
    # The pilot's contest panel adds four external judges (judge4–judge7), who accepted the notice.
    for cohort, judges in ((pilot, 7), (current, 3)):
        roles = dict(Membership.objects.filter(cohort=cohort).values_list("role").annotate(n=Count("id")).order_by())
        assert roles == {"participant": 35, "facilitator": 2, "organizer": 2, "judge": judges}
        assert Invitation.objects.filter(cohort=cohort, accepted_at__isnull=True).count() == 3
        assert PrivacyConsent.objects.filter(notice__cohort=cohort).count() == 36 + judges
    assert len(set(Membership.objects.filter(role="participant").values_list("department", flat=True))) >= 10
    assert "organizer1@busan.example" in output and "busan-ai-2025" in output
    assert User.objects.get(email="organizer1@busan.example").check_password("busan-ai-2025")
    pilot_block, current_block = output.split(CURRENT_NAME)
    assert PILOT["name"] in pilot_block and "sessions                 11" in pilot_block
    assert "attendance records       352" in pilot_block  # 32 people who accepted × 11 sessions
    assert "submitted                2" in current_block


def test_the_current_cohort_is_in_full_swing_on_the_day_of_seeding(seeded):
    _output, _pilot, current = seeded
    now = timezone.now()
    today = timezone.localdate(timezone=current.zone)

    workshops = list(Session.objects.filter(cohort=current, kind="workshop").order_by("starts_at"))
    past = [s for s in workshops if s.ends_at < now]
    upcoming = [s for s in workshops if s.ends_at >= now]
    assert len(workshops) == 10
    assert {s.starts_at.astimezone(KST).weekday() for s in workshops} <= {1, 2}
    assert {(s.starts_at.astimezone(KST).hour, s.ends_at.astimezone(KST).hour) for s in workshops} == {(19, 21)}
    assert 5 <= len(past) <= 7
    assert upcoming[0].starts_at.astimezone(KST).date() - today < dt.timedelta(days=7)
    assert current.starts_on <= today <= current.ends_on
    # attendance for the past sessions only
    assert set(Attendance.objects.filter(session__cohort=current).values_list("session", flat=True)) == {
        s.pk for s in past
    }
    assert TeamFormation.objects.get(cohort=current).status == "finalized"
    deadline = SubmissionSettings.objects.get(cohort=current).deadline
    assert deadline > now
    statuses = sorted(Submission.objects.filter(team__cohort=current).values_list("status", flat=True))
    assert "draft" in statuses and "submitted" in statuses


def test_pending_invitees_have_no_team_and_no_attendance_and_the_late_joiner_none_before_joining(seeded):
    _output, pilot, current = seeded
    pending = Invitation.objects.filter(accepted_at__isnull=True).values("user")

    assert not TeamMembership.objects.filter(membership__user__in=pending).exists()
    assert not Attendance.objects.filter(membership__user__in=pending).exists()
    late = Membership.objects.get(cohort=current, user__email=f"{LATE_JOINER}@busan.example")
    assert late.joined_at is not None
    records = Attendance.objects.filter(membership=late)
    assert records.exists() and all(r.session.ends_at > late.joined_at for r in records)
    assert not TeamMembership.objects.filter(membership=late).exists()
    assert Membership.objects.get(cohort=pilot, user=late.user).joined_at is None


def test_seed_is_idempotent(seeded):
    models = (User, Membership, Invitation, PrivacyConsent, Cohort, Session, Attendance, Submission)
    counts = [m.objects.count() for m in models]
    emblem = seeded[1].organization.emblem.name

    seed()

    assert [m.objects.count() for m in models] == counts
    assert Cohort.objects.get(pk=seeded[1].pk).organization.emblem.name == emblem


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 11, 30), dt.date(2026, 12, 3), dt.date(2026, 5, 5), dt.date(2027, 2, 9), dt.date(2025, 6, 4)],
)
def test_the_evenings_are_weekly_tuesdays_or_wednesdays_around_today_without_holidays(today):
    dates = weekly_evenings(today)

    assert len(dates) == 10 == len(set(dates))
    assert all(day.weekday() in (1, 2) for day in dates)
    assert sum(day < today for day in dates) == 6
    assert dates[6] - today < dt.timedelta(days=7)
    assert evenings_from(dates[0]) == dates
    assert not {dt.date(2026, 5, 5), dt.date(2026, 5, 25), dt.date(2027, 2, 9)} & set(dates)
