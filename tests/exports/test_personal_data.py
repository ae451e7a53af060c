"""Exports' part of the retention purge (exports/personal_data.py): export files go, the download log stays
until it is two years old (it is the record of access to personal data), the certificate ledger stays."""

import datetime as dt
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from exports import personal_data, services
from exports.certificates import certificate_verify, certificates_issue, verification_token
from exports.models import Certificate, ExportDownload, ExportJob, JobStatus
from privacy.services import purge_expired

TODAY = dt.date(2026, 8, 1)  # past the 12 months after the cohort's last day (2025-07-16)


@pytest.fixture
def old_exports(attended_cohort, organizer):
    cohort, people = attended_cohort
    certificates_issue(cohort=cohort)
    job = ExportJob.objects.create(
        cohort=cohort,
        exporter="attendance-xlsx",
        status=JobStatus.DONE,
        file=default_storage.save(f"exports/{cohort.pk}/1/export-1.xlsx", ContentFile(b"PK names")),
        file_name="출석부.xlsx",
        report={"items": 3, "missing": ["2. 민원 분류: 김민준 연락처.pdf"], "notes": []},
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    now = timezone.now()
    for days, address in ((800, "10.0.0.1"), (10, "10.0.0.2")):
        ExportDownload.objects.create(
            job=job,
            cohort=cohort,
            exporter=job.exporter,
            user=organizer,
            user_email=organizer.email,
            ip_address=address,
            reason="행안부 제출",
            downloaded_at=now - dt.timedelta(days=days),
        )
    return cohort, job, people


def test_the_dry_run_says_what_exports_would_destroy_and_keep(old_exports):
    _cohort, job, _people = old_exports
    out = io.StringIO()

    call_command("purge_expired", "--dry-run", "--today", TODAY.isoformat(), stdout=out)

    text = out.getvalue()
    assert "exports.export_files: 1" in text
    assert "exports.export_downloads_past_two_years: 1" in text
    assert "exports.export_downloads_kept_as_access_record: 1" in text
    assert "exports.certificates_kept_in_ledger: 1" in text
    assert default_storage.exists(job.file) and ExportDownload.objects.count() == 2


def test_the_purge_deletes_files_keeps_the_access_record_and_the_ledger(
    old_exports, organizer, django_capture_on_commit_callbacks
):
    cohort, job, _people = old_exports
    certificate = Certificate.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        purge_expired(today=TODAY)

    job.refresh_from_db()
    assert not default_storage.exists(job.file) and job.purged_at is not None and job.report == {}
    assert not os.path.exists(default_storage.path(f"exports/{cohort.pk}"))
    kept = ExportDownload.objects.get()  # the one younger than two years, whole: it proves an access
    assert (kept.ip_address, kept.reason) == ("10.0.0.2", "행안부 제출")
    assert kept.user_email == organizer.email  # the copy stays although the account is anonymized
    verified = certificate_verify(token=verification_token(certificate))
    assert verified.valid and verified.name == "김민준" and verified.number == "2025-AI-0001"


def test_download_rows_go_when_they_are_two_years_old(old_exports):
    _cohort, _job, _people = old_exports

    services.exports_purge_expired()

    assert list(ExportDownload.objects.values_list("ip_address", flat=True)) == ["10.0.0.2"]
    assert personal_data.download_log_cutoff() < timezone.now() - dt.timedelta(days=729)


def test_a_person_sees_their_downloads_and_certificates(old_exports, organizer):
    _cohort, _job, people = old_exports

    downloads = personal_data.export_person(user=organizer)["export_downloads"]
    certificates = personal_data.export_person(user=people["김민준"].user)["certificates"]

    assert [d["address"] for d in downloads] == ["10.0.0.1", "10.0.0.2"]
    assert [(c["number"], c["name"], c["attended"]) for c in certificates] == [("2025-AI-0001", "김민준", "2/2")]
