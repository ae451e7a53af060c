"""Export jobs: request (reusing a running one), run (idempotent, resumable after a worker death),
retry, download with a logged reason, and the purge of expired files."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.models import Cohort

from .base import ExportReport
from .batches import export_split
from .hwpx import TemplateCheck, check_template
from .jobs import (  # noqa: F401 -- ExportError, storage_dir and subject_for are part of this module's interface
    Claim,
    ExportError,
    JobSuperseded,
    _finish,
    _ProgressWriter,
    _remove,
    _worker_id,
    export_claim,
    export_fail,
    failure_message,
    storage_dir,
    subject_for,
)
from .models import ACTIVE_STATUSES, ContestFormTemplate, ExportDownload, ExportJob, JobStatus
from .personal_data import download_log_cutoff
from .registry import exporter_class

log = logging.getLogger(__name__)


def canonical_parameters(parameters: dict) -> str:
    return json.dumps(parameters, sort_keys=True, separators=(",", ":"), ensure_ascii=False)[:200]


# Requesting ---------------------------------------------------------------------------------------


def export_request(*, cohort: Cohort, identifier: str, parameters: dict | None = None, user=None) -> ExportJob:
    """Queue an export, or return the one already queued or running for the same thing.

    The partial unique index decides: of two requests at the same moment one inserts, the other
    gets the IntegrityError and returns the first one's job.
    """
    cls = exporter_class(identifier)
    if cls is None:
        raise ExportError(_("There is no such export."), code="unknown")
    parameters = dict(parameters or {})
    subject_for(cohort=cohort, exporter_cls=cls, parameters=parameters)  # refuses a foreign or missing contest
    key = canonical_parameters(parameters)
    try:
        with transaction.atomic():
            job = ExportJob.objects.create(
                cohort=cohort,
                exporter=identifier,
                parameters=parameters,
                parameters_key=key,
                requested_by=user,
            )
    except IntegrityError:
        job = ExportJob.objects.filter(
            cohort=cohort, exporter=identifier, parameters_key=key, status__in=ACTIVE_STATUSES
        ).first()
        if job is None:  # it finished between our insert and this look-up: ask again
            return export_request(cohort=cohort, identifier=identifier, parameters=parameters, user=user)
        return job
    _enqueue(job.pk)
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_export  # noqa: PLC0415 -- service enqueues its task

    transaction.on_commit(lambda: run_export.apply_async(kwargs={"job_id": job_id}, queue="exports"))


def export_retry(*, job: ExportJob, user=None) -> ExportJob:
    """A failed or expired export asked again: a new job with the same parameters."""
    if job.is_active:
        return job
    return export_request(cohort=job.cohort, identifier=job.exporter, parameters=job.parameters, user=user)


# Running --------------------------------------------------------------------------------------------


def export_run(*, job_id: int) -> Claim:
    """Build the job's file. Safe to call again and again: a finished job is left alone, a running one
    with a live worker is reported busy, one whose worker died is taken over. The file is written under
    a temporary name of this attempt and renamed into place only when it is complete. An exporter whose
    items span several batches (exports/batches.py) is split: its batches become tasks of their own and
    this call returns with the job still running."""
    claim = export_claim(job_id=job_id)
    if not claim.claimed:
        return claim
    job = claim.job
    cls = exporter_class(job.exporter)
    folder = default_storage.path(storage_dir(job))
    os.makedirs(folder, exist_ok=True)
    for leftover in os.listdir(folder):  # half files and parts of attempts that died: never used, removed
        if leftover.startswith((".partial-", ".parts-")):
            _remove(os.path.join(folder, leftover))
    partial = os.path.join(folder, f".partial-{job.attempt}.{cls.extension if cls else 'bin'}")
    try:
        if cls is None:
            raise ExportError(_("This export no longer exists."), code="unknown")
        exporter = cls()
        subject = subject_for(cohort=job.cohort, exporter_cls=cls, parameters=job.parameters, user=job.requested_by)
        progress = _ProgressWriter(job)
        progress(0, exporter.total(subject))
        if export_split(job=job, exporter=exporter, subject=subject):
            job.refresh_from_db()
            return Claim(job, True)
        with open(partial, "wb") as out:
            report = exporter.write(subject, out, progress)
            out.flush()
            os.fsync(out.fileno())
        _finish(job, cls, subject, partial, report or ExportReport())
    except JobSuperseded:
        _remove(partial)
    except Exception as exc:
        _remove(partial)
        export_fail(job=job, attempt=job.attempt, message=failure_message(exc, job))
    job.refresh_from_db()
    return Claim(job, True)


def export_run_sync(*, cohort: Cohort, identifier: str, parameters: dict, out, progress) -> ExportReport:
    """Run an exporter without a job (manage.py export): the same code, straight into `out`."""
    cls = exporter_class(identifier)
    if cls is None:
        raise ExportError(_("There is no such export."), code="unknown")
    subject = subject_for(cohort=cohort, exporter_cls=cls, parameters=parameters)
    return cls().write(subject, out, progress) or ExportReport()


# Downloading and expiry ---------------------------------------------------------------------------------


def export_download(*, job: ExportJob, user, reason: str, ip_address: str | None) -> ExportDownload:
    """Record a download (who, when, from where, which export, why) before the file is sent."""
    reason = " ".join((reason or "").split())
    if job.status != JobStatus.DONE or not job.file:
        raise ExportError(_("This export has no file yet."), code="not_ready")
    if job.is_expired():
        raise ExportError(
            _("This file has expired and was deleted. Run the export again to get a new one."), code="expired"
        )
    if len(reason) < 2:
        raise ExportError(_("Give the reason for downloading this file."), code="reason")
    return ExportDownload.objects.create(
        job=job,
        cohort=job.cohort,
        exporter=job.exporter,
        user=user,
        user_email=user.email,
        ip_address=ip_address,
        reason=reason[:200],
    )


def exports_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the files of expired jobs (the job row stays) and the download-log rows past the access
    record's retention (`ACCESS_LOG_RETENTION_DAYS`, exports/personal_data.py). Returns how many files."""
    now = now or timezone.now()
    ExportDownload.objects.filter(downloaded_at__lt=download_log_cutoff(now)).delete()
    expired = ExportJob.objects.filter(status=JobStatus.DONE, purged_at__isnull=True, expires_at__lte=now)
    pks = []
    for pk, name in expired.values_list("pk", "file"):
        if name:
            default_storage.delete(name)  # a file already gone is no error; a crash here only repeats this
        pks.append(pk)
    return ExportJob.objects.filter(pk__in=pks).update(purged_at=now)


# The contest's HWPX entry form ------------------------------------------------------------------------

FORM_TEMPLATE_MAX_BYTES = 10 * 1024 * 1024


def form_template_upload(*, contest, upload, user) -> tuple[ContestFormTemplate, TemplateCheck]:
    """Check an organizer's HWPX 서식 (a valid HWPX with at least one known {{필드}}) and keep it for the contest."""
    if upload.size > FORM_TEMPLATE_MAX_BYTES:
        raise ExportError(_("The form may be at most 10 MB."), code="size")
    data = upload.read()
    check = check_template(data)
    if not check.ok:
        raise ExportError(check.problem, code="template")
    with transaction.atomic():
        old = ContestFormTemplate.objects.select_for_update().filter(contest=contest).first()
        if old is not None:
            old.file.delete(save=False)
            old.delete()
        row = ContestFormTemplate(
            contest=contest,
            original_name=upload.name[:255],
            placeholders=check.present,
            missing=check.missing,
            uploaded_by=user,
        )
        row.file.save("form.hwpx", ContentFile(data), save=False)
        row.save()
    return row, check


def form_template_remove(*, contest) -> None:
    row = ContestFormTemplate.objects.filter(contest=contest).first()
    if row is not None:
        row.file.delete(save=False)
        row.delete()
