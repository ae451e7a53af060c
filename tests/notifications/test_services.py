"""The shared deliveries: queued once, sent at least once, one bad message never stops the others."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection

from learninggroup.models import Role
from notifications import services
from notifications.models import Delivery, DeliveryState
from notifications.registry import Skip, get_kind, register_kind
from sessions.services import reminders_send_due
from tests.sessions.factories import KST, SessionFactory

START = dt.datetime(2025, 5, 13, 19, 0, tzinfo=KST)
DUE = START - dt.timedelta(hours=2)


def _mail(delivery, cache):
    from django.core.mail import EmailMessage

    if delivery.params.get("skip"):
        raise Skip
    if delivery.params.get("broken"):
        raise KeyError("a template variable")
    return EmailMessage(delivery.params.get("subject", "안녕하세요"), "본문", to=[delivery.recipient.email])


@pytest.fixture(autouse=True)
def test_kind():
    register_kind("tests.note", label="Test note", build=_mail)


def queue(user, key, **params):
    return services.deliveries_enqueue(
        kind="tests.note", items=[services.Outgoing(key=key, recipient_id=user.pk, params=params)]
    )


def test_a_key_is_queued_once_and_sent_once_with_a_stable_message_id(participant):
    assert queue(participant, "k1") == 1
    assert queue(participant, "k1") == 0

    first = services.deliveries_send(kinds=["tests.note"])
    again = services.deliveries_send(kinds=["tests.note"])

    delivery = Delivery.objects.get()
    assert (first.sent, again.sent, delivery.state, delivery.attempts) == (1, 0, DeliveryState.SENT, 1)
    assert mail.outbox[0].extra_headers["Message-ID"] == delivery.message_id == services.message_id_for("k1")
    assert delivery.message_id.endswith("@learninggroup.example>")


def test_a_kind_must_be_registered_and_well_formed(participant):
    with pytest.raises(LookupError):
        services.deliveries_enqueue(kind="tests.unknown", items=[])
    with pytest.raises(ValueError):
        register_kind("No Dots", label="x", build=_mail)
    assert get_kind("tests.note").label == "Test note"


def test_a_failing_build_is_recorded_and_the_others_go_on(participant, make_member, cohort):
    other = make_member(Role.PARTICIPANT, cohort)
    queue(participant, "broken", broken=True)
    queue(other, "fine")
    queue(other, "skipped", skip=True)

    result = services.deliveries_send(kinds=["tests.note"])

    assert (result.sent, result.failed, result.skipped) == (1, 1, 1)
    assert dict(Delivery.objects.values_list("key", "state")) == {
        "broken": DeliveryState.FAILED,
        "fine": DeliveryState.SENT,
        "skipped": DeliveryState.SKIPPED,
    }
    assert Delivery.objects.get(key="broken").reason == "KeyError: 'a template variable'"


def test_a_line_break_in_a_header_is_a_failure_not_a_crash(participant, make_member, cohort):
    other = make_member(Role.PARTICIPANT, cohort)
    queue(participant, "bad", subject="제목\r\nBcc: someone@evil.example")
    queue(other, "good")

    result = services.deliveries_send(kinds=["tests.note"])

    assert (result.sent, result.failed) == (1, 1)
    bad = Delivery.objects.get(key="bad")
    assert bad.state == DeliveryState.FAILED
    assert bad.reason.startswith("BadHeaderError: Header values can't contain newlines")
    assert [m.to for m in mail.outbox] == [[other.email]]


def test_a_session_title_with_a_line_break_fails_alone_among_due_sessions(cohort, make_member):
    people = [make_member(Role.PARTICIPANT, cohort) for _ in range(3)]
    sessions = [SessionFactory(cohort=cohort, number=n, starts_at=START + dt.timedelta(minutes=n)) for n in (1, 2, 3)]
    type(sessions[1]).objects.filter(pk=sessions[1].pk).update(title="민원 데이터\r\n다루기")  # the admin, a raw POST

    result = reminders_send_due(now=DUE + dt.timedelta(minutes=3))

    assert (result.sent, result.failed) == (6, 3)
    failed = Delivery.objects.filter(state=DeliveryState.FAILED)
    assert {d.object_id for d in failed} == {sessions[1].pk}
    assert all("newlines" in d.reason for d in failed)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([p.email for p in people] * 2)


def test_the_server_refusing_one_address_fails_that_one_only(settings, participant, make_member, cohort):
    settings.EMAIL_BACKEND = "tests.notifications.smtp_backends.EmailBackend"
    refused = make_member(Role.PARTICIPANT, cohort, user__email="refused@busan.example")
    queue(refused, "refused")
    queue(participant, "fine")

    result = services.deliveries_send(kinds=["tests.note"])

    assert (result.sent, result.failed) == (1, 1)
    assert Delivery.objects.get(key="refused").reason.startswith("SMTPRecipientsRefused: {'refused@busan.example'")
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_a_temporary_refusal_is_tried_again_with_backoff_up_to_the_limit(
    settings, make_member, cohort, participant, time_machine
):
    settings.EMAIL_BACKEND = "tests.notifications.smtp_backends.EmailBackend"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    time_machine.move_to(dt.datetime(2025, 5, 1, 9, 0, tzinfo=KST), tick=False)
    grey = make_member(Role.PARTICIPANT, cohort, user__email="greylisted@busan.example")
    queue(grey, "grey")
    queue(participant, "fine")

    tries = []
    for minutes in (0, 0.5, 1, 3, 7):  # backoff 1, then 2 minutes
        time_machine.move_to(dt.datetime(2025, 5, 1, 9, 0, tzinfo=KST) + dt.timedelta(minutes=minutes), tick=False)
        result = services.deliveries_send(kinds=["tests.note"])
        tries.append((result.sent, result.deferred, result.failed))

    assert tries == [(1, 1, 0), (0, 0, 0), (0, 1, 0), (0, 0, 1), (0, 0, 0)]
    grey_row = Delivery.objects.get(key="grey")
    assert (grey_row.state, grey_row.attempts) == (DeliveryState.FAILED, 3)
    assert grey_row.reason.endswith("(gave up after 3 attempts)")


def test_a_server_that_cannot_be_reached_claims_nothing(settings, participant):
    settings.EMAIL_BACKEND = "tests.notifications.smtp_backends.UnreachableBackend"
    queue(participant, "k")

    result = services.deliveries_send(kinds=["tests.note"])

    delivery = Delivery.objects.get()
    assert (result.sent, delivery.state, delivery.attempts) == (0, DeliveryState.PENDING, 0)


def test_a_connection_lost_mid_batch_gives_the_rest_back_without_counting_a_try(
    settings, participant, make_member, cohort, monkeypatch, time_machine
):
    from django.core.mail.backends.locmem import EmailBackend

    time_machine.move_to(dt.datetime(2025, 5, 1, 9, 0, tzinfo=KST), tick=False)
    others = [make_member(Role.PARTICIPANT, cohort) for _ in range(3)]
    for n, user in enumerate([participant, *others]):
        queue(user, f"k{n}")
    original = EmailBackend.send_messages
    calls = []

    def drop_after_one(self, messages):
        calls.append(1)
        if len(calls) > 1:
            raise TimeoutError("timed out")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", drop_after_one)
    result = services.deliveries_send(kinds=["tests.note"])

    assert (result.sent, result.deferred) == (1, 3)
    rows = list(Delivery.objects.order_by("key").values_list("state", "attempts"))
    assert rows == [
        (DeliveryState.SENT, 1),
        (DeliveryState.PENDING, 1),
        (DeliveryState.PENDING, 0),
        (DeliveryState.PENDING, 0),
    ]
    monkeypatch.undo()
    time_machine.move_to(dt.datetime(2025, 5, 1, 9, 2, tzinfo=KST), tick=False)
    assert services.deliveries_send(kinds=["tests.note"]).sent == 3


def test_resending_a_failed_delivery_sends_it_again(participant, django_capture_on_commit_callbacks):
    queue(participant, "broken", broken=True)
    services.deliveries_send(kinds=["tests.note"])
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(params={})  # the cause was corrected

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_resend(delivery=delivery)

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.SENT, 1)
    assert len(mail.outbox) == 1
    with pytest.raises(services.DeliveryError) as refused:
        services.delivery_resend(delivery=delivery)
    assert refused.value.code == "not_failed"


def test_claims_are_bulk_queries_not_per_recipient(participant, make_member, cohort, django_assert_num_queries):
    people = [participant] + [make_member(Role.PARTICIPANT, cohort) for _ in range(4)]
    for n, user in enumerate(people):
        queue(user, f"k{n}")
    # claim: select + update + fetch; one UPDATE per message marks it sent; the empty select; and on
    # PostgreSQL setting synchronous_commit off and back
    extra = 2 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(3 + 5 + 1 + extra):
        assert services.deliveries_send(kinds=["tests.note"], batch=100).sent == 5
