"""The staff's page of failed deliveries and the resend with its confirmation."""

import pytest
from django.core import mail
from django.urls import reverse

from learninggroup.models import Role
from notifications.models import Delivery, DeliveryState
from tests.factories import CohortFactory, UserFactory


def failed(cohort, recipient, *, kind="learninggroup.invitation", reason="SMTPRecipientsRefused: 550 no such user"):
    return Delivery.objects.create(
        kind=kind,
        key=f"{kind}:test:{Delivery.objects.count()}",
        recipient=recipient,
        cohort=cohort,
        message_id=f"<t{Delivery.objects.count()}@learninggroup.example>",
        state=DeliveryState.FAILED,
        attempts=1,
        reason=reason,
    )


@pytest.fixture
def staff_client(client, organizer):
    client.force_login(organizer)
    return client


def test_the_page_lists_the_cohorts_failed_deliveries_with_their_reasons(staff_client, cohort, participant):
    failed(cohort, participant, kind="sessions.reminder", reason="BadHeaderError: Header values can't contain newlines")
    failed(CohortFactory(), UserFactory(name="남의사람"))  # another cohort's
    Delivery.objects.create(
        kind="sessions.reminder", key="sent", recipient=participant, cohort=cohort, message_id="<s@x>", state="sent"
    )

    response = staff_client.get(reverse("deliveries_failed", args=[cohort.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "세션 안내" in page or "세션 알림" in page
    assert participant.name in page
    assert "BadHeaderError: Header values can&#x27;t contain newlines" in page
    assert "남의사람" not in page
    assert [item.delivery.reason[:14] for item in response.context["failed"]] == ["BadHeaderError"]


def test_the_page_runs_the_same_queries_for_one_and_for_many(
    staff_client, cohort, participant, make_member, django_assert_num_queries
):
    failed(cohort, participant)
    url = reverse("deliveries_failed", args=[cohort.pk])
    staff_client.get(url)
    with django_assert_num_queries(7):
        staff_client.get(url)
    for _ in range(5):
        failed(cohort, make_member(Role.PARTICIPANT, cohort))
    with django_assert_num_queries(7):
        staff_client.get(url)


def test_resend_asks_first_then_sends_once(staff_client, cohort, participant, django_capture_on_commit_callbacks):
    from learninggroup.models import Invitation

    invitation = Invitation.objects.create(cohort=cohort, user=participant)
    delivery = failed(cohort, participant)
    Delivery.objects.filter(pk=delivery.pk).update(object_id=invitation.pk, params={"has_account": True})
    url = reverse("delivery_resend", args=[cohort.pk, delivery.pk])

    confirm = staff_client.get(url)
    assert confirm.status_code == 200
    assert "다시 보낼까요" in confirm.content.decode()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)

    assert response.status_code == 302
    assert response.url == reverse("deliveries_failed", args=[cohort.pk])
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert staff_client.post(url).status_code == 302  # not failed any more: a message, nothing sent
    assert len(mail.outbox) == 1


def test_another_cohorts_delivery_is_not_found(staff_client, cohort):
    other = failed(CohortFactory(), UserFactory())

    assert staff_client.get(reverse("delivery_resend", args=[cohort.pk, other.pk])).status_code == 404


def test_the_dashboard_says_how_many_failed_and_links_the_page(staff_client, cohort, participant):
    failed(cohort, participant)
    failed(cohort, participant)

    page = staff_client.get(reverse("cohort_dashboard", args=[cohort.pk])).content.decode()

    assert "메일 2건을 보내지 못했습니다." in page
    assert reverse("deliveries_failed", args=[cohort.pk]) in page
