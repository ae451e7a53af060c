"""Services are the specification of what changes state."""

import dataclasses
import datetime as dt

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from learninggroup import services
from learninggroup.models import Invitation, Membership, PrivacyConsent, Role, User
from learninggroup.roster import RosterRow
from learninggroup.selectors import privacy_notices_pending
from notifications.services import deliveries_send
from tests.factories import CohortFactory, InvitationFactory, MembershipFactory, PrivacyNoticeFactory, UserFactory

ROWS = [
    RosterRow(2, "김민준", "minjun@busan.example", "디지털정책과", "행정7급", "010-1234-5678", None, 3),
    RosterRow(3, "이서연", "seoyeon@busan.example", "민원담당관", "행정6급", "", "facilitator", None),
]


@pytest.fixture
def run_commit_hooks(django_capture_on_commit_callbacks):
    """Run on_commit hooks (the invitation tasks) as a committed transaction would."""

    def run(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def test_import_creates_people_memberships_and_sends_invitations(cohort, run_commit_hooks):
    result = run_commit_hooks(
        services.roster_import, cohort=cohort, rows=ROWS, default_role=Role.PARTICIPANT, actor=None
    )

    assert (result.created_users, result.created_memberships, result.unchanged) == (2, 2, 0)
    minjun = User.objects.get(email="minjun@busan.example")
    assert minjun.name == "김민준"
    assert not minjun.has_usable_password()
    assert EmailAddress.objects.get(user=minjun).verified is False
    assert list(
        Membership.objects.filter(cohort=cohort).order_by("user__email").values_list("role", "department", "ai_level")
    ) == [
        ("participant", "디지털정책과", 3),
        ("facilitator", "민원담당관", None),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["minjun@busan.example", "seoyeon@busan.example"]
    assert all(inv.sent_at is not None and inv.token_hash for inv in Invitation.objects.all())
    assert "/invitation/" in mail.outbox[0].body
    assert mail.outbox[0].subject == f"[학습모임] {cohort.name}에 초대합니다"


def test_reimporting_the_same_rows_changes_nothing(cohort, run_commit_hooks):
    run_commit_hooks(services.roster_import, cohort=cohort, rows=ROWS, default_role=Role.PARTICIPANT, actor=None)
    mail.outbox.clear()
    before = list(Membership.objects.values_list("id", "updated_at"))

    result = run_commit_hooks(
        services.roster_import, cohort=cohort, rows=ROWS, default_role=Role.PARTICIPANT, actor=None
    )

    assert (result.created_users, result.created_memberships, result.updated_memberships, result.unchanged) == (
        0,
        0,
        0,
        2,
    )
    assert not result.changed
    assert list(Membership.objects.values_list("id", "updated_at")) == before
    assert mail.outbox == []
    assert Invitation.objects.count() == 2


def test_changed_details_update_the_membership_without_a_new_invitation(cohort, run_commit_hooks):
    run_commit_hooks(services.roster_import, cohort=cohort, rows=ROWS[:1], default_role=Role.PARTICIPANT, actor=None)
    mail.outbox.clear()
    moved = RosterRow(2, "김민준", "minjun@busan.example", "교통정책과", "행정6급", "010-1234-5678", None, 3)

    result = run_commit_hooks(
        services.roster_import, cohort=cohort, rows=[moved], default_role=Role.PARTICIPANT, actor=None
    )

    assert result.updated_memberships == 1
    assert Membership.objects.get().department == "교통정책과"
    assert mail.outbox == []


def test_an_existing_account_joins_a_second_cohort_and_is_told_to_sign_in(db, run_commit_hooks):
    member = MembershipFactory(user__email="minjun@busan.example", user__name="김민준")
    other = CohortFactory(organization=member.cohort.organization)

    result = run_commit_hooks(
        services.roster_import, cohort=other, rows=ROWS[:1], default_role=Role.PARTICIPANT, actor=None
    )

    assert (result.created_users, result.created_memberships) == (0, 1)
    invitation = Invitation.objects.get(cohort=other)
    assert invitation.accepted_at is not None
    assert invitation.token_hash == ""
    assert f"/cohorts/{other.pk}/" in mail.outbox[0].body
    assert member.user.check_password("correct-horse-battery-staple")


def test_one_person_can_hold_two_roles_in_a_cohort(cohort, run_commit_hooks):
    rows = [ROWS[0], RosterRow(9, "김민준", "minjun@busan.example", "디지털정책과", "행정7급", "", "judge", None)]

    run_commit_hooks(services.roster_import, cohort=cohort, rows=rows, default_role=Role.PARTICIPANT, actor=None)

    assert sorted(Membership.objects.values_list("role", flat=True)) == ["judge", "participant"]
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def _queue_invitation(cohort, **user_fields):
    user = UserFactory(**user_fields)
    user.set_unusable_password()
    user.save()
    invitation = InvitationFactory(cohort=cohort, user=user)
    services.invitation_resend(invitation=invitation)
    return invitation


def test_invitation_is_sent_once_even_when_the_task_runs_twice(cohort):
    _queue_invitation(cohort)

    assert deliveries_send(kinds=[services.INVITATION_KIND]).sent == 1
    assert deliveries_send(kinds=[services.INVITATION_KIND]).sent == 0
    assert len(mail.outbox) == 1


def test_invitation_mail_is_in_the_persons_language(cohort):
    _queue_invitation(cohort, language="en")

    deliveries_send(kinds=[services.INVITATION_KIND])

    assert mail.outbox[0].subject == f"[학습모임] You are invited to {cohort.name}"
    assert "Set your password with this link (valid for 14 days):" in mail.outbox[0].body


def _token_from(body: str) -> str:
    return body.split("/invitation/")[1].split("/")[0]


def test_accepting_sets_the_password_and_verifies_the_address(cohort, run_commit_hooks):
    run_commit_hooks(services.roster_import, cohort=cohort, rows=ROWS[:1], default_role=Role.PARTICIPANT, actor=None)
    invitation = services.invitation_by_token(_token_from(mail.outbox[0].body))

    user = services.invitation_accept(invitation=invitation, password="a-long-new-password")

    assert user.check_password("a-long-new-password")
    assert EmailAddress.objects.get(user=user).verified is True
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert services.invitation_by_token(_token_from(mail.outbox[0].body)) is None


def test_resending_replaces_the_link(cohort, run_commit_hooks):
    run_commit_hooks(services.roster_import, cohort=cohort, rows=ROWS[:1], default_role=Role.PARTICIPANT, actor=None)
    invitation = Invitation.objects.get()
    old_token = _token_from(mail.outbox[0].body)

    run_commit_hooks(services.invitation_resend, invitation=invitation)

    new_token = _token_from(mail.outbox[1].body)
    assert new_token != old_token
    assert services.invitation_by_token(old_token) is None
    assert services.invitation_by_token(new_token).pk == invitation.pk
    invitation.refresh_from_db()
    assert invitation.send_count == 2


def test_an_expired_link_is_refused(cohort, run_commit_hooks):
    run_commit_hooks(services.roster_import, cohort=cohort, rows=ROWS[:1], default_role=Role.PARTICIPANT, actor=None)
    token = _token_from(mail.outbox[0].body)

    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        assert services.invitation_by_token(token) is None
    assert services.invitation_by_token(token) is not None
    assert services.invitation_by_token("forged") is None
    assert services.invitation_by_token("x" * 500) is None


def test_resending_an_accepted_invitation_is_refused(cohort):
    invitation = InvitationFactory(cohort=cohort, accepted_at=timezone.now())

    with pytest.raises(services.DomainError):
        services.invitation_resend(invitation=invitation)


def test_publishing_a_notice_increments_the_version_and_asks_again(cohort, participant):
    first = services.privacy_notice_publish(
        cohort=cohort, purpose="운영", items="이름", retention="1년", refusal="가능", actor=None
    )
    services.privacy_consent_accept(user=participant, notice=first)
    services.privacy_consent_accept(user=participant, notice=first)
    assert list(privacy_notices_pending(user=participant)) == []

    second = services.privacy_notice_publish(
        cohort=cohort, purpose="운영", items="이름, 연락처", retention="1년", refusal="가능", actor=None
    )

    assert (first.version, second.version) == (1, 2)
    assert list(privacy_notices_pending(user=participant)) == [second]
    assert PrivacyConsent.objects.filter(user=participant).count() == 1


def test_pending_notices_only_concern_the_persons_own_active_cohorts(participant):
    PrivacyNoticeFactory()  # another cohort's notice

    assert list(privacy_notices_pending(user=participant)) == []


def test_creating_a_cohort_makes_the_creator_its_organizer(organizer, cohort):
    new = services.cohort_create(organization=cohort.organization, creator=organizer, name="2026 학습모임", year=2026)

    assert Membership.objects.get(cohort=new).role == Role.ORGANIZER


def _rows(n: int, tag: str) -> list[RosterRow]:
    return [RosterRow(i + 2, f"참여자{i}", f"{tag}-{i}@busan.example", "디지털정책과", "행정7급") for i in range(n)]


def test_roster_import_runs_the_same_queries_for_5_and_for_60_rows(db, django_assert_num_queries):
    small, large = CohortFactory(), CohortFactory()
    # the savepoint and its release; read users, memberships, invitations; insert users, addresses,
    # memberships, invitations; the deliveries' keys and their insert
    with django_assert_num_queries(11):
        services.roster_import(cohort=small, rows=_rows(5, "s"), default_role=Role.PARTICIPANT, actor=None)
    with django_assert_num_queries(11):
        services.roster_import(cohort=large, rows=_rows(60, "l"), default_role=Role.PARTICIPANT, actor=None)
    assert Invitation.objects.filter(cohort=large).count() == 60
    assert mail.outbox == []  # queued, not sent inside the import


def test_a_reimport_with_changes_updates_in_bulk(cohort, django_assert_num_queries):
    services.roster_import(cohort=cohort, rows=_rows(30, "r"), default_role=Role.PARTICIPANT, actor=None)
    moved = [dataclasses.replace(row, department="교통정책과", name=row.name + "님") for row in _rows(30, "r")]

    # the savepoint and its release; three reads; one UPDATE for the names, one for the memberships
    with django_assert_num_queries(7):
        result = services.roster_import(cohort=cohort, rows=moved, default_role=Role.PARTICIPANT, actor=None)

    assert (result.updated_memberships, result.created_memberships, result.invitations) == (30, 0, [])
    assert set(Membership.objects.filter(cohort=cohort).values_list("department", flat=True)) == {"교통정책과"}
    assert User.objects.filter(email="r-0@busan.example").get().name == "참여자0님"
