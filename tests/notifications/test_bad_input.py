"""A line break that still reaches a mail header (the admin, a hand-made POST) fails that mail, not the page."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learninggroup.models import Cohort, Invitation, Role
from notifications.models import Delivery, DeliveryState
from sessions.models import Session, SessionStatus
from tests.sessions.factories import SessionFactory


def test_cancelling_a_session_whose_title_has_a_line_break_answers_normally(
    client, cohort, make_member, participant, django_capture_on_commit_callbacks
):
    facilitator = make_member(Role.FACILITATOR, cohort)
    session = SessionFactory(cohort=cohort, number=1)
    Session.objects.filter(pk=session.pk).update(title="오리엔테이션\n팀 빌딩")
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("session_cancel", args=[cohort.pk, session.pk]), {"reason": "폭우"})

    # Cancelling saves the session, and every save folds a single-line field (learninggroup.text): the title is
    # one line again, so the cancellation mail goes out. A header that still holds a line break (a row nobody
    # saved since) fails only its mail: see the roster import below and the reminder runs.
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.title) == (SessionStatus.CANCELLED, "오리엔테이션 팀 빌딩")
    delivery = Delivery.objects.get(recipient=participant)
    assert (delivery.kind, delivery.state) == ("sessions.cancelled", DeliveryState.SENT)
    assert len(mail.outbox) == 1 and "\n" not in mail.outbox[0].subject


def test_a_roster_import_under_a_cohort_name_with_a_line_break_imports_and_records_the_failures(
    client, cohort, organizer, django_capture_on_commit_callbacks
):
    Cohort.objects.filter(pk=cohort.pk).update(name="2025 AI\r\n학습모임")
    data = "이름,이메일,부서,직급,연락처\n김민준,minjun@busan.example,디지털정책과,행정7급,\n".encode()
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohort_roster_import", args=[cohort.pk]),
            {"file": SimpleUploadedFile("명단.csv", data, "text/csv"), "default_role": "participant"},
        )

    assert response.status_code == 302
    assert Invitation.objects.filter(cohort=cohort, user__email="minjun@busan.example").exists()
    delivery = Delivery.objects.get(kind="learninggroup.invitation")
    assert (delivery.state, delivery.cohort_id) == (DeliveryState.FAILED, cohort.pk)
    page = client.get(reverse("deliveries_failed", args=[cohort.pk])).content.decode()
    assert "minjun@busan.example" in page
    assert "BadHeaderError" in page
