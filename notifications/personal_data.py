"""The notifications' personal data: which e-mail went to whom (see privacy/registry.py)."""

from __future__ import annotations

from learninggroup.dates import iso

from .models import Delivery


def export_person(*, user) -> dict[str, list[dict]]:
    deliveries = Delivery.objects.filter(recipient=user).select_related("cohort").order_by("created_at", "pk")
    return {
        "emails_sent_to_you": [
            {
                "cohort": d.cohort.name if d.cohort else "",
                "kind": d.kind,
                "state": d.state,
                "queued_at": iso(d.created_at),
                "sent_at": iso(d.sent_at),
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
