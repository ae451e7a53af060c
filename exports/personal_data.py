"""Exports' personal data (see privacy/registry.py): the export files, the download log, the certificate ledger.

When a cohort's retention period is over:

- **Export files go.** Every file of the cohort's export jobs (rosters, attendance, bundles with members'
  names, certificates) is deleted from storage, with any half file or batch left behind; the job rows stay
  as a record that the export was made (what, when, by whom), without the report (it names entries and
  the files that were missing).
- **The download log stays until it is two years old.** An `ExportDownload` row (who downloaded which
  export, when, from which address, and why) is the record of an access to personal data that the safety
  measures standard (개인정보의 안전성 확보조치 기준 제8조) asks to keep for at least two years, like the
  access log (`ACCESS_LOG_RETENTION_DAYS`, 730 days, learninggroup/audit). So the cohort's purge deletes
  the rows already older than that and leaves the younger ones as they are; the hourly `exports.purge_expired`
  deletes each remaining row when it reaches that age (services.exports_purge_expired). Its personal fields
  (the downloader's e-mail and address) are not blanked earlier: an access record without them proves nothing.
- **The certificate ledger (발급대장) stays.** A certificate is a record the holder relies on for years
  (상시학습 hours); the public verification page must keep answering. The ledger keeps only what the
  certificate itself states (number, name, affiliation, course, period, hours, attendance, dates,
  revocation); the link to the membership stays, and the account behind it is anonymized by the root.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from learninggroup.dates import iso

from .models import Certificate, ExportDownload, ExportJob


def export_person(*, user) -> dict[str, list[dict]]:
    downloads = ExportDownload.objects.filter(user=user).select_related("cohort").order_by("downloaded_at", "pk")
    certificates = Certificate.objects.filter(membership__user=user).select_related("cohort").order_by("pk")
    return {
        "export_downloads": [
            {
                "cohort": d.cohort.name,
                "export": d.exporter,
                "downloaded_at": iso(d.downloaded_at),
                "address": d.ip_address or "",
                "reason": d.reason,
            }
            for d in downloads
        ],
        "certificates": [
            {
                "cohort": c.cohort.name,
                "number": c.number,
                "name": c.name,
                "affiliation": c.affiliation,
                "course": c.course_name,
                "hours": c.hours,
                "attended": f"{c.attended}/{c.sessions}",
                "issued_on": iso(c.issued_on),
                "revoked_at": iso(c.revoked_at),
            }
            for c in certificates
        ],
    }


def download_log_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Download rows older than this are past the access-record retention and may go."""
    return (now or timezone.now()) - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)


def purge_cohort(*, cohort, anonymize_user_ids: frozenset[int], dry_run: bool) -> dict[str, int]:
    jobs = ExportJob.objects.filter(cohort=cohort)
    with_files = jobs.exclude(file="").filter(purged_at__isnull=True)
    old_downloads = ExportDownload.objects.filter(cohort=cohort, downloaded_at__lt=download_log_cutoff())
    folder = f"exports/{cohort.pk}"
    report = {
        "export_files": with_files.count(),
        "export_downloads_past_two_years": old_downloads.count(),
        "export_downloads_kept_as_access_record": ExportDownload.objects.filter(cohort=cohort).count()
        - old_downloads.count(),
        "certificates_kept_in_ledger": Certificate.objects.filter(cohort=cohort).count(),
    }
    if dry_run:
        return report
    now = timezone.now()
    with_files.update(purged_at=now)
    jobs.update(report={})
    old_downloads.delete()
    path = default_storage.path(folder)

    def delete_files():
        if os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)

    transaction.on_commit(delete_files)
    return report
