"""Read side of the privacy pages."""

from __future__ import annotations

from dataclasses import dataclass

from learninggroup.models import PrivacyConsent, User

from .models import PurgeRun


@dataclass(frozen=True)
class ConsentRow:
    cohort: str
    organization: str
    version: int
    accepted_at: object
    purpose: str
    items: str
    retention: str


def purge_runs_recent(*, limit: int = 10) -> list[PurgeRun]:
    return list(PurgeRun.objects.order_by("-started_at", "-id")[:limit])


def my_data_page(*, user: User) -> dict:
    """The person's consents (with the notice's version and text) and their memberships: two queries."""
    consents = (
        PrivacyConsent.objects.filter(user=user)
        .select_related("notice", "notice__cohort", "notice__cohort__organization")
        .order_by("-accepted_at", "-id")
    )
    rows = [
        ConsentRow(
            cohort=c.notice.cohort.name,
            organization=c.notice.cohort.organization.name,
            version=c.notice.version,
            accepted_at=c.accepted_at,
            purpose=c.notice.purpose,
            items=c.notice.items,
            retention=c.notice.retention,
        )
        for c in consents
    ]
    memberships = list(
        user.memberships.select_related("cohort", "cohort__organization").order_by("-cohort__year", "cohort__name")
    )
    return {"consents": rows, "memberships": memberships, "person": user}
