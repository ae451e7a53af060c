"""Every URL of the notifications app × every role (see tests/test_permissions.py)."""

from notifications.models import Delivery, DeliveryState
from tests.permissions import COHORT_STAFF


def _cohort(w):
    return {"pk": w["cohort"].pk}


def _failed(w):
    delivery = Delivery.objects.create(
        kind="learninggroup.invitation",
        key=f"permission-row:{w['cohort'].pk}",
        recipient=w["users"]["participant"],
        cohort=w["cohort"],
        message_id=f"<permission-row-{w['cohort'].pk}@learninggroup.example>",
        state=DeliveryState.FAILED,
        reason="SMTPRecipientsRefused",
    )
    return {"pk": w["cohort"].pk, "delivery_pk": delivery.pk}


ROWS = {
    "deliveries_failed": ("get", _cohort, COHORT_STAFF),
    "delivery_resend": ("get", _failed, COHORT_STAFF),
}
