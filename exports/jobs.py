"""The life of an export job's attempt, shared by the whole-job task (services) and the batches of a split
job (batches): claiming the job (or taking over from a dead worker), progress with a heartbeat, moving the
complete file into place, and failing with a reason."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import socket
import time
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.errors import DomainError
from learninggroup.models import Cohort

from .base import ExportReport, ExportSubject
from .models import ACTIVE_STATUSES, ExportJob, JobStatus

log = logging.getLogger("exports.services")


class ExportError(DomainError):
    """An export cannot be requested, built or downloaded; `message` says why."""


class JobSuperseded(Exception):
    """Raised inside `write` when another attempt has taken the job over: stop quietly."""


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
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


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
