"""Retention and destruction (개인정보 보호법 제21조), and a person's own data as a file."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from learninggroup.audit.log import record_access
from learninggroup.audit.services import access_log_expire
from learninggroup.models import Cohort, Membership, User

from .models import PurgeRun, RetentionPolicy, add_months
from .registry import personal_data_parts
from .tabular import csv_text


@dataclass(frozen=True)
class Retention:
    """A cohort's retention: months after the last day, the last day of keeping (None without an end date)."""

    months: int
    keep_until: dt.date | None
    purged_at: dt.datetime | None

    def expired(self, today: dt.date) -> bool:
        return self.purged_at is None and self.keep_until is not None and today > self.keep_until


def retention_for(*, cohort: Cohort, policy: RetentionPolicy | None = None) -> Retention:
    if policy is None:
        policy = RetentionPolicy.objects.filter(cohort=cohort).first()
    months = policy.months_after_end if policy else settings.PRIVACY_RETENTION_MONTHS
    keep_until = add_months(cohort.ends_on, months) if cohort.ends_on else None
    return Retention(months=months, keep_until=keep_until, purged_at=policy.purged_at if policy else None)


@transaction.atomic
def retention_set(*, cohort: Cohort, months: int, actor: User | None) -> RetentionPolicy:
    policy, _ = RetentionPolicy.objects.select_for_update().get_or_create(
        cohort=cohort, defaults={"months_after_end": months, "updated_by": actor}
    )
    policy.months_after_end = months
    policy.updated_by = actor
    policy.full_clean()
    policy.save()
    return policy


def cohorts_expired(*, today: dt.date) -> list[tuple[Cohort, Retention]]:
    """Cohorts past their retention and not yet destroyed: two queries whatever the number of cohorts."""
    policies = {p.cohort_id: p for p in RetentionPolicy.objects.all()}
    expired = []
    for cohort in Cohort.objects.filter(ends_on__isnull=False, ends_on__lt=today).order_by("ends_on", "pk"):
        retention = retention_for(cohort=cohort, policy=policies.get(cohort.pk, None) or _default(cohort))
        if retention.expired(today):
            expired.append((cohort, retention))
    return expired


def _default(cohort: Cohort) -> RetentionPolicy:
    return RetentionPolicy(cohort=cohort, months_after_end=settings.PRIVACY_RETENTION_MONTHS)


def _accounts_to_anonymize(*, cohort: Cohort, expired_ids: set[int]) -> frozenset[int]:
    """Members of the cohort who hold no active membership in a cohort that is still kept."""
    members = set(Membership.objects.filter(cohort=cohort).values_list("user_id", flat=True))
    elsewhere = set(
        Membership.objects.active()
        .filter(user_id__in=members)
        .exclude(cohort_id__in=expired_ids)
        .exclude(cohort__retention_policy__purged_at__isnull=False)
        .values_list("user_id", flat=True)
    )
    return frozenset(members - elsewhere)


def purge_expired(*, today: dt.date | None = None, dry_run: bool = False, trigger: str = "command") -> PurgeRun:
    """Destroy (or, with ``dry_run``, list) the personal data of every cohort past its retention period,
    app by app through the personal_data plug point, then expire the access log past its own retention.
    Every run, dry or not, is recorded as a PurgeRun; each destroyed cohort also in the access log."""
    started = timezone.now()
    today = today or timezone.localdate()
    expired = cohorts_expired(today=today)
    expired_ids = {cohort.pk for cohort, _ in expired}
    parts = list(reversed(personal_data_parts()))
    report: dict = {"today": today.isoformat(), "cohorts": []}
    for cohort, retention in expired:
        with transaction.atomic():
            anonymize = _accounts_to_anonymize(cohort=cohort, expired_ids=expired_ids)
            entry = {
                "cohort": cohort.pk,
                "name": cohort.name,
                "kept_until": retention.keep_until.isoformat(),
                "destroyed": {},
            }
            for label, module in parts:
                counts = module.purge_cohort(cohort=cohort, anonymize_user_ids=anonymize, dry_run=dry_run)
                entry["destroyed"].update({f"{label}.{key}": value for key, value in counts.items()})
            if not dry_run:
                RetentionPolicy.objects.update_or_create(
                    cohort=cohort,
                    defaults={"purged_at": timezone.now(), "months_after_end": retention.months},
                )
                record_access(
                    None,
                    action="destroy",
                    dataset="cohort",
                    cohort=cohort,
                    detail=", ".join(f"{k} {v}" for k, v in entry["destroyed"].items() if v)[:500],
                )
        report["cohorts"].append(entry)
    report["access_log_expired"] = access_log_expire(dry_run=dry_run)
    return PurgeRun.objects.create(
        started_at=started, finished_at=timezone.now(), dry_run=dry_run, trigger=trigger, report=report
    )


# A person's own data ---------------------------------------------------------------------------------


def person_data(*, user: User) -> dict[str, list[dict]]:
    """Everything the apps hold about the person, section by section (the personal_data plug point)."""
    sections: dict[str, list[dict]] = {}
    for _label, module in personal_data_parts():
        sections.update(module.export_person(user=user))
    return sections


def person_data_zip(*, user: User, now: dt.datetime | None = None) -> bytes:
    """A ZIP with ``data.json`` (everything) and one CSV per section (UTF-8 with BOM, formulas neutralized)."""
    now = now or timezone.now()
    sections = person_data(user=user)
    document = {"generated_at": now.isoformat(), "account": user.email, "sections": sections}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        for name, rows in sections.items():
            header = list(rows[0].keys()) if rows else []
            archive.writestr(f"{name}.csv", csv_text(header, ([row.get(k) for k in header] for row in rows)))
    return buffer.getvalue()
