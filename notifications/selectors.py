"""Read side of deliveries: what the cohort's staff see."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Delivery, DeliveryState
from .registry import kind_label

FAILED_PAGE_LIMIT = 200


@dataclass(frozen=True)
class FailedDelivery:
    delivery: Delivery
    label: str


def deliveries_failed(*, cohort) -> list[FailedDelivery]:
    """The cohort's failed deliveries, newest first (at most FAILED_PAGE_LIMIT), with their kinds' labels."""
    rows = (
        Delivery.objects.filter(cohort=cohort, state=DeliveryState.FAILED)
        .select_related("recipient")
        .order_by("-updated_at", "-pk")[:FAILED_PAGE_LIMIT]
    )
    return [FailedDelivery(delivery=row, label=kind_label(row.kind)) for row in rows]


def deliveries_failed_count(*, cohort) -> int:
    return Delivery.objects.filter(cohort=cohort, state=DeliveryState.FAILED).count()


def delivery_failed_in_cohort(*, cohort, pk: int) -> Delivery | None:
    return Delivery.objects.select_related("recipient").filter(cohort=cohort, pk=pk).first()
