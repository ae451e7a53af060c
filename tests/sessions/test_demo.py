"""The demo seed's sessions part: the pilot's eleven sessions, realistic attendance, notes; idempotent."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command

from learninggroup.demo import PILOT
from learninggroup.models import Cohort, Invitation
from sessions import selectors
from sessions.models import Attendance, FacilitatorNote, Session

KST = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture(autouse=True)
def _only_the_parts_sessions_needs(settings):
    """The people, the teams (for the team notes) and the sessions: other apps' parts are theirs to test."""
    settings.DEMO_PARTS = ["teams.demo", "sessions.demo"]


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_seed_has_ten_tuesday_and_wednesday_evenings_and_the_special_lecture(db):
    seed()

    sessions = list(Session.objects.filter(cohort__name=PILOT["name"]).order_by("number"))
    workshops = [s for s in sessions if s.kind == "workshop"]
    assert len(workshops) == 10
    assert {s.starts_at.astimezone(KST).weekday() for s in workshops} == {1, 2}
    assert {(s.starts_at.astimezone(KST).time(), s.ends_at.astimezone(KST).time()) for s in workshops} == {
        (dt.time(19), dt.time(21))
    }
    assert {s.venue for s in workshops} == {"부산광역시청 5층 IT교육장"}
    dates = [s.starts_at.astimezone(KST).date() for s in workshops]
    assert (dates[0], dates[-1]) == (dt.date(2025, 5, 13), dt.date(2025, 7, 16))
    assert not {dt.date(2025, 5, 5), dt.date(2025, 5, 6), dt.date(2025, 6, 3), dt.date(2025, 6, 6)} & set(dates)
    assert [s.title for s in workshops][:2] == ["오리엔테이션·팀 빌딩", "생성형 AI 프롬프트 기초"]
    lecture = sessions[-1]
    assert (lecture.kind, lecture.title) == ("lecture", "공공부문 생성형 AI 도입 사례와 과제")
    assert all(s.facilitators.count() == 2 for s in sessions)


def test_the_seeded_attendance_is_realistic(db):
    seed()
    cohort = Cohort.objects.get(name=PILOT["name"])

    statuses = Counter(Attendance.objects.filter(session__cohort=cohort).values_list("status", flat=True))
    matrix = selectors.attendance_matrix(cohort=cohort, now=dt.datetime(2026, 11, 24, tzinfo=KST))

    assert sum(statuses.values()) == 32 * 11  # everyone who accepted the invitation, at every session
    assert statuses["present"] > 0.7 * 32 * 11
    assert all(statuses[s] > 0 for s in ("late", "excused", "absent"))
    pending = Invitation.objects.filter(cohort=cohort, accepted_at__isnull=True).values("user")
    assert not Attendance.objects.filter(membership__user__in=pending).exists()
    rates = sorted(row.summary["rate"] for row in matrix.rows if row.summary["rate"] is not None)
    assert sum(rate >= 80 for rate in rates) >= 28


def test_the_seed_has_notes_of_each_visibility(db):
    seed()

    assert {n.visibility for n in FacilitatorNote.objects.all()} == {"cohort", "facilitators", "team"}


def test_the_seed_is_idempotent(db):
    seed()
    counts = [Session.objects.count(), Attendance.objects.count(), FacilitatorNote.objects.count()]

    seed()

    assert [Session.objects.count(), Attendance.objects.count(), FacilitatorNote.objects.count()] == counts
