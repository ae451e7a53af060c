"""The notifications' personal data: which e-mail went to whom (see privacy/registry.py)."""

from __future__ import annotations

from .models import Delivery


def _iso(value):
    return value.isoformat() if value else None


def export_person(*, user) -> dict[str, list[dict]]:
    deliveries = Delivery.objects.filter(recipient=user).select_related("cohort").order_by("created_at", "pk")
    return {
        "emails_sent_to_you": [
            {
                "cohort": d.cohort.name if d.cohort else "",
                "kind": d.kind,
                "state": d.state,
                "queued_at": _iso(d.created_at),
                "sent_at": _iso(d.sent_at),
            }
            for d in deliveries
        ]
    }


def purge_cohort(*, cohort, anonymize_user_ids: frozenset[int], dry_run: bool) -> dict[str, int]:
    """Every delivery record of the cohort goes: nobody in it is written to any more."""
    deliveries = Delivery.objects.filter(cohort=cohort)
    report = {"email_deliveries": deliveries.count()}
    if not dry_run:
        deliveries.delete()
    return report
