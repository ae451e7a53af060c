"""Read side of deliveries: what the cohort's staff see."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Delivery, DeliveryState
from .registry import kind_label

FAILED_PAGE_LIMIT = 200


@dataclass(frozen=True)
class FailedDelivery:
    delivery: Delivery
    label: str  # the kind, for people
    summary: str  # the reason, for people (the technical one is delivery.reason)


def reason_summary(reason: str) -> str:
    """What a recorded failure means, in a sentence the cohort's staff can act on."""
    if reason.startswith("BadHeaderError"):
        return _("A line break in the subject or an address (for example in a session title or the cohort name).")
    if reason.startswith("SMTPRecipientsRefused"):
        return _("The mail server refused the address. Check the person's e-mail address.")
    if "gave up after" in reason:
        return _("The mail server could not be reached, even after several tries.")
    return _("The mail could not be prepared.")


def deliveries_failed(*, cohort) -> list[FailedDelivery]:
    """The cohort's failed deliveries, newest first (at most FAILED_PAGE_LIMIT), with their kinds' labels."""
    rows = (
        Delivery.objects.filter(cohort=cohort, state=DeliveryState.FAILED)
        .select_related("recipient")
        .order_by("-updated_at", "-pk")[:FAILED_PAGE_LIMIT]
    )
    return [
        FailedDelivery(delivery=row, label=kind_label(row.kind), summary=reason_summary(row.reason)) for row in rows
    ]


def deliveries_failed_count(*, cohort) -> int:
    return Delivery.objects.filter(cohort=cohort, state=DeliveryState.FAILED).count()


def delivery_failed_in_cohort(*, cohort, pk: int) -> Delivery | None:
    return Delivery.objects.select_related("recipient").filter(cohort=cohort, pk=pk).first()
