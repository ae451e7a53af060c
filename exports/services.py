"""Export jobs: request (reusing a running one), run (idempotent, resumable after a worker death),
retry, download with a logged reason, and the purge of expired files."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import socket
import time
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.errors import DomainError
from learninggroup.models import Cohort

from .base import ExportReport, ExportSubject
from .hwpx import TemplateCheck, check_template
from .models import ACTIVE_STATUSES, ContestFormTemplate, ExportDownload, ExportJob, JobStatus
from .registry import exporter_class

log = logging.getLogger(__name__)


class ExportError(DomainError):
    """An export cannot be requested, built or downloaded; `message` says why."""


class JobSuperseded(Exception):
    """Raised inside `write` when another attempt has taken the job over: stop quietly."""


def canonical_parameters(parameters: dict) -> str:
    return json.dumps(parameters, sort_keys=True, separators=(",", ":"), ensure_ascii=False)[:200]


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def subject_for(*, cohort: Cohort, exporter_cls, parameters: dict, user=None) -> ExportSubject:
    """The exporter's subject: the cohort and, for contest exports, the cohort's contest (else ExportError)."""
    contest = None
    if exporter_cls.needs_contest:
        contest_pk = parameters.get("contest")
        Contest = apps.get_model("contests", "Contest")  # contests is below exports; looked up by name
        contest = Contest.objects.filter(pk=contest_pk, cohort=cohort).first() if contest_pk else None
        if contest is None:
            raise ExportError(_("Choose a contest of this cohort."), code="contest")
    options = {k: v for k, v in parameters.items() if k != "contest"}
    return ExportSubject(cohort=cohort, contest=contest, options=options, user=user)


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


@dataclass
class Claim:
    job: ExportJob | None
    claimed: bool
    busy: bool = False  # another live attempt runs it: try again later


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_is_gone(job: ExportJob, now: dt.datetime) -> bool:
    """The running attempt is dead: its heartbeat is stale, or it ran on this host in a process that is gone."""
    stale = dt.timedelta(seconds=settings.EXPORT_HEARTBEAT_STALE_SECONDS)
    if job.heartbeat_at is None or job.heartbeat_at < now - stale:
        return True
    host, _sep, pid = job.worker.rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not _pid_alive(int(pid))


def export_claim(*, job_id: int) -> Claim:
    """Take the job for this attempt: a queued job, or a running one whose worker died."""
    now = timezone.now()
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
            return Claim(job, False)
        if job.status == JobStatus.RUNNING and not _owner_is_gone(job, now):
            return Claim(job, False, busy=True)
        job.status = JobStatus.RUNNING
        job.attempt += 1
        job.worker = _worker_id()
        job.heartbeat_at = now
        job.started_at = job.started_at or now
        job.progress_done = 0
        job.save(update_fields=["status", "attempt", "worker", "heartbeat_at", "started_at", "progress_done"])
    return Claim(job, True)


class _ProgressWriter:
    """`progress(done, total)` for an exporter: writes to the job row at most every `interval` seconds."""

    def __init__(self, job: ExportJob, interval: float = 0.5):
        self.job, self.interval, self.last = job, interval, 0.0

    def due(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if now - self.last < self.interval and done < total:
            return False
        self.last = now
        return True

    def __call__(self, done: int, total: int) -> None:
        if not self.due(done, total):
            return
        updated = ExportJob.objects.filter(pk=self.job.pk, attempt=self.job.attempt, status=JobStatus.RUNNING).update(
            progress_done=done, progress_total=total, heartbeat_at=timezone.now()
        )
        if not updated:
            raise JobSuperseded


def storage_dir(job: ExportJob) -> str:
    return f"exports/{job.cohort_id}/{job.pk}"


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
        from .batches import export_split  # noqa: PLC0415 -- batches builds on this module

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


def failure_message(exc: Exception, job: ExportJob) -> str:
    """What the job page says about a failure: a domain rule's own message, else the kind of error."""
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("The export took longer than its time limit.")
    log.error("export job %s failed", job.pk, exc_info=exc)
    return _(
        "The export failed because of an internal error (%(kind)s). Try again; if it fails again, tell the operators."
    ) % {"kind": type(exc).__name__}


def export_fail(*, job: ExportJob, attempt: int, message: str) -> None:
    """Mark this attempt of the job failed (a later attempt is left alone); its parts' files go."""
    ExportJob.objects.filter(pk=job.pk, attempt=attempt, status__in=ACTIVE_STATUSES).update(
        status=JobStatus.FAILED, error=message, finished_at=timezone.now()
    )
    _remove(os.path.join(default_storage.path(storage_dir(job)), f".parts-{attempt}"))


def _remove(path: str) -> None:
    """Remove a file or a folder of parts, if it is there."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
        return
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def _finish(job: ExportJob, cls, subject: ExportSubject, partial: str, report: ExportReport) -> None:
    """Move the complete file into place and mark the job done, in one step under the job's row lock
    (only if this attempt still owns the job; otherwise the file is dropped)."""
    name = f"{storage_dir(job)}/export-{job.pk}.{cls.extension}"
    now = timezone.now()
    with transaction.atomic():
        current = ExportJob.objects.select_for_update().get(pk=job.pk)
        if current.attempt != job.attempt or current.status != JobStatus.RUNNING:
            _remove(partial)
            return
        os.replace(partial, default_storage.path(name))
        current.status = JobStatus.DONE
        current.file = name
        current.file_name = cls().file_name(subject)[:200]
        current.file_size = os.path.getsize(default_storage.path(name))
        current.report = report.as_json()
        current.progress_done = current.progress_total = max(current.progress_total, current.progress_done, 1)
        current.finished_at = now
        current.expires_at = now + dt.timedelta(days=settings.EXPORT_RETENTION_DAYS)
        current.error = ""
        current.save()


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
    ExportDownload.objects.filter(
        downloaded_at__lt=now - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    ).delete()
    count = 0
    for job in ExportJob.objects.filter(status=JobStatus.DONE, purged_at__isnull=True, expires_at__lte=now):
        if job.file:
            try:
                default_storage.delete(job.file)
            except FileNotFoundError:
                pass
        ExportJob.objects.filter(pk=job.pk).update(purged_at=now)
        count += 1
    return count


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
