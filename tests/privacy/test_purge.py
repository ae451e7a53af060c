"""Retention and destruction: what purge_expired destroys, anonymizes and keeps, dry or not."""

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from learninggroup.audit.log import record_access
from learninggroup.audit.models import AccessLog
from learninggroup.models import Invitation, Membership, PrivacyConsent, Role, User
from notifications.models import Delivery
from privacy.models import PurgeRun, RetentionPolicy, add_months
from privacy.registry import personal_data_parts
from privacy.services import cohorts_expired, purge_expired, retention_for
from sessions.models import Attendance, FacilitatorNote, NoteVisibility
from submissions.models import Attachment, AttachmentKind, Prompt
from teams.models import Team, TeamMembership, TeamPreference
from tests.factories import (
    CohortFactory,
    MembershipFactory,
    PrivacyConsentFactory,
    PrivacyNoticeFactory,
    UserFactory,
)
from tests.sessions.factories import AttendanceFactory, NoteFactory, SessionFactory
from tests.submissions.factories import PromptFactory, SubmissionFactory
from tests.teams.factories import TeamFactory, TeamMembershipFactory, TeamPreferenceFactory

pytestmark = pytest.mark.django_db

ENDED = dt.date(2025, 7, 16)
DAY_AFTER = dt.date(2026, 7, 17)  # 12 months (the default) after the last day, plus one


@pytest.fixture
def world():
    """A finished cohort with one person only in it and one who goes on in a later cohort."""
    old = CohortFactory(name="2025 학습모임", starts_on=dt.date(2025, 5, 13), ends_on=ENDED)
    new = CohortFactory(name="2026 학습모임", starts_on=dt.date(2026, 5, 12), ends_on=dt.date(2026, 12, 15))
    only = MembershipFactory(
        cohort=old, user=UserFactory(name="김민준"), department="민원담당관", phone="010-1234-5678", ai_level=3
    )
    both = MembershipFactory(cohort=old, user=UserFactory(name="이서연"), department="교통정책과", phone="010-9")
    MembershipFactory(cohort=new, user=both.user, department="교통정책과", phone="010-9")
    facilitator = MembershipFactory(cohort=old, role=Role.FACILITATOR, user=UserFactory(name="박소영"))
    notice = PrivacyNoticeFactory(cohort=old)
    PrivacyConsentFactory(user=only.user, notice=notice)
    Invitation.objects.create(cohort=old, user=only.user)
    Delivery.objects.create(kind="invitation", key=f"inv-{only.pk}", recipient=only.user, cohort=old, message_id="m1")
    session = SessionFactory(cohort=old)
    AttendanceFactory(session=session, membership=only)
    AttendanceFactory(session=session, membership=both)
    team = TeamFactory(cohort=old, name="민원똑똑팀")
    TeamMembershipFactory(team=team, membership=only)
    TeamMembershipFactory(team=team, membership=both)
    TeamPreferenceFactory(membership=only, colleague1=both)
    NoteFactory(
        session=session, visibility=NoteVisibility.FACILITATORS, author=facilitator.user, body="김민준 결석 사유"
    )
    NoteFactory(session=session, visibility=NoteVisibility.COHORT, author=facilitator.user, body="다음 주 실습 안내")
    submission = SubmissionFactory(team=team)
    attachment = Attachment(
        submission=submission,
        kind=AttachmentKind.DOCUMENT,
        original_name="명단 포함 기획서.pdf",
        size=5,
        sha256="0" * 64,
        content_type="application/pdf",
        uploaded_by=only.user,
    )
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-"), save=False)
    attachment.save()
    PromptFactory(submission=submission, created_by=only.user, title="비공개 프롬프트")
    PromptFactory(
        submission=submission, created_by=only.user, title="사례집 프롬프트", for_casebook=True, consent_to_publish=True
    )
    # the later cohort's own data must not be touched
    AttendanceFactory(session=SessionFactory(cohort=new), membership=both.user.memberships.get(cohort=new))
    return {
        "old": old,
        "new": new,
        "only": only,
        "both": both,
        "team": team,
        "file": Path(settings.MEDIA_ROOT) / attachment.file.name,
    }


def test_the_retention_period_is_counted_from_the_last_day(world):
    retention = retention_for(cohort=world["old"])
    assert (retention.months, retention.keep_until) == (12, dt.date(2026, 7, 16))
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert [c.pk for c, _ in cohorts_expired(today=dt.date(2026, 7, 16))] == []
    assert [c.pk for c, _ in cohorts_expired(today=DAY_AFTER)] == [world["old"].pk]


def test_a_dry_run_lists_what_would_go_changes_nothing_and_is_recorded(world):
    out = io.StringIO()

    call_command("purge_expired", "--dry-run", "--today", DAY_AFTER.isoformat(), stdout=out)

    text = out.getvalue()
    assert "2025 학습모임" in text and "would destroy" in text
    assert "learning_sessions.attendance: 2" in text
    assert "submissions.uploads: 1" in text
    assert "learninggroup.accounts_anonymized: 2" in text  # 김민준 and 박소영; 이서연 goes on in 2026
    assert Attendance.objects.count() == 3
    assert User.objects.get(pk=world["only"].user_id).name == "김민준"
    run = PurgeRun.objects.get()
    assert (run.dry_run, run.trigger) == (True, "command")
    assert run.report["cohorts"][0]["destroyed"]["learning_sessions.attendance"] == 2
    assert not AccessLog.objects.filter(action="destroy").exists()


def test_destruction_removes_personal_data_and_keeps_the_published_work(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = purge_expired(today=DAY_AFTER)

    old, only, both = world["old"], world["only"], world["both"]
    # attendance, private notes, uploads (rows and files), wishes, unpublished prompts: gone
    assert list(Attendance.objects.values_list("session__cohort", flat=True)) == [world["new"].pk]
    assert list(FacilitatorNote.objects.values_list("body", "author")) == [("다음 주 실습 안내", None)]
    assert not Attachment.objects.exists()
    assert not world["file"].exists()
    assert not TeamPreference.objects.exists()
    assert list(Prompt.objects.values_list("title", flat=True)) == ["사례집 프롬프트"]
    assert not Invitation.objects.filter(cohort=old).exists()
    assert not Delivery.objects.filter(cohort=old).exists()
    assert not PrivacyConsent.objects.filter(notice__cohort=old).exists()
    # the account that has no other cohort is anonymized; the team keeps it with the department only
    person = User.objects.get(pk=only.user_id)
    assert (person.name, person.email, person.is_active, person.has_usable_password()) == (
        "—",
        f"destroyed-{person.pk}@invalid.invalid",
        False,
        False,
    )
    assert not EmailAddress.objects.filter(user=person).exists()
    only.refresh_from_db()
    assert (only.department, only.phone, only.position, only.ai_level, only.is_active) == (
        "민원담당관",
        "",
        "",
        None,
        False,
    )
    assert Team.objects.get(pk=world["team"].pk).name == "민원똑똑팀"
    assert TeamMembership.objects.filter(team=world["team"]).count() == 2
    # the person who goes on in 2026 keeps the account and the 2026 contact; the 2025 contact is gone
    assert User.objects.get(pk=both.user_id).name == "이서연"
    assert Membership.objects.get(pk=both.pk).phone == ""
    assert Membership.objects.get(user=both.user, cohort=world["new"]).phone == "010-9"
    # recorded: the run, the cohort's destruction in the access log, the policy
    assert (run.dry_run, [c["cohort"] for c in run.report["cohorts"]]) == (False, [old.pk])
    entry = AccessLog.objects.get(action="destroy")
    assert (entry.cohort_id, entry.dataset) == (old.pk, "cohort")
    assert "learning_sessions.attendance 2" in entry.detail
    assert RetentionPolicy.objects.get(cohort=old).purged_at is not None


def test_a_second_run_finds_nothing_to_do(world):
    purge_expired(today=DAY_AFTER)
    second = purge_expired(today=DAY_AFTER + dt.timedelta(days=1))
    assert second.report["cohorts"] == []
    assert PurgeRun.objects.count() == 2


def test_a_longer_retention_keeps_the_data(world, client, make_member):
    organizer = make_member(Role.ORGANIZER, world["old"])
    PrivacyConsentFactory(user=organizer, notice=world["old"].privacy_notices.get())
    client.force_login(organizer)

    response = client.post(reverse("retention_settings", args=[world["old"].pk]), {"months": 24})

    assert response["Location"] == reverse("retention_settings", args=[world["old"].pk])
    assert RetentionPolicy.objects.get(cohort=world["old"]).months_after_end == 24
    assert purge_expired(today=DAY_AFTER).report["cohorts"] == []
    assert Attendance.objects.count() == 3


def test_access_log_entries_past_their_retention_are_expired_by_the_same_run(world):
    record_access(None, action="view", dataset="roster")
    assert purge_expired(today=DAY_AFTER, dry_run=True).report["access_log_expired"] == 0


def test_the_daily_task_runs_the_same_destruction(world):
    from privacy.tasks import purge_expired as task

    with time_machine.travel(dt.datetime(2026, 7, 16, 12, 0, tzinfo=dt.UTC)):
        assert task.delay().get()["cohorts"] == 0  # the last day of keeping
    with time_machine.travel(dt.datetime(2026, 7, 17, 12, 0, tzinfo=dt.UTC)):
        assert task.delay().get()["cohorts"] == 1

    assert list(PurgeRun.objects.order_by("id").values_list("trigger", "dry_run")) == [("task", False)] * 2
    assert list(Attendance.objects.values_list("session__cohort", flat=True)) == [world["new"].pk]


def test_every_app_holding_personal_data_takes_part():
    assert [label for label, _ in personal_data_parts()] == [
        "learninggroup",
        "notifications",
        "teams",
        "learning_sessions",
        "submissions",
        "contests",
        "exports",
    ]
