"""One export over several workers: its batches as tasks on the `exports` queue, assembled at the end.

A `BatchExporter` (exports/base.py) lists its items' keys; when the installation runs several export
workers (`EXPORT_SPLIT`) and the keys span more than one batch (`EXPORT_BATCH_SIZES`, else the exporter's
`batch_size`), the job is split:

1. `export_split` (in the task that claimed the job) writes one `ExportPart` row per batch and sends the
   batches as a Celery `group` of `exports.run_export_part` tasks;
2. each part task renders its batch into a folder of its own (`.parts-<attempt>/<index>.tmp-<pid>`, renamed
   to `<index>` only when complete), adds its progress to the job's (the job's progress is the sum of its
   parts'), and is retried up to `EXPORT_PART_TRIES` times if it fails (a domain error fails the job at once);
3. the part that finishes last (counted under the job's row lock, so exactly one sees none left) sends
   `exports.assemble_export`: the chord's callback. It assembles the parts' folders into the job's
   `.partial-<attempt>` file and moves it into place with the job marked done in one step (services._finish).

The barrier is counted in the database rather than by Celery's `chord`, which needs a result backend this
project does not run; the effect is the same and survives a worker's death: every task is acknowledged
late and rejected back to the queue if its process dies, and every step is idempotent (a part that is
done is not done again, an assembly of a job that is no longer running does nothing).
"""

from __future__ import annotations

import logging
import os
import shutil

from celery import group
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.errors import DomainError

from .base import BatchExporter, Exporter, ExportReport, ExportSubject
from .jobs import (
    ExportError,
    JobSuperseded,
    _finish,
    _ProgressWriter,
    _remove,
    _worker_id,
    export_fail,
    failure_message,
    storage_dir,
    subject_for,
)
from .models import SPLIT_WORKER, ExportJob, ExportPart, JobStatus
from .registry import exporter_class

log = logging.getLogger(__name__)


def batch_size_for(cls: type[Exporter]) -> int:
    """How many items a batch holds (0: never split)."""
    if not issubclass(cls, BatchExporter):
        return 0
    return int(getattr(settings, "EXPORT_BATCH_SIZES", {}).get(cls.identifier, cls.batch_size))


def chunk(keys: list, size: int) -> list[list]:
    return [keys[i : i + size] for i in range(0, len(keys), size)] if size > 0 else [keys]


def parts_dir(job: ExportJob, attempt: int) -> str:
    return os.path.join(default_storage.path(storage_dir(job)), f".parts-{attempt}")


def export_split(*, job: ExportJob, exporter: Exporter, subject: ExportSubject) -> bool:
    """Split the job into batch tasks if its items span more than one batch; False: run it in one piece."""
    size = batch_size_for(type(exporter))
    if not size or not settings.EXPORT_SPLIT:
        return False
    keys = exporter.plan(subject)
    batches = chunk(keys, size)
    if len(batches) < 2:
        exporter.planned = keys  # planned once: `write` does not plan (for certificates: issue) again
        return False
    os.makedirs(parts_dir(job, job.attempt), exist_ok=True)
    with transaction.atomic():
        ExportPart.objects.bulk_create(
            ExportPart(job=job, attempt=job.attempt, index=index, keys=batch, progress_total=len(batch))
            for index, batch in enumerate(batches)
        )
        ExportJob.objects.filter(pk=job.pk, attempt=job.attempt).update(
            worker=SPLIT_WORKER, progress_done=0, progress_total=2 * len(keys) + 1, heartbeat_at=timezone.now()
        )
        job_id, attempt, count = job.pk, job.attempt, len(batches)
        transaction.on_commit(lambda: _send_parts(job_id, attempt, count))
    return True


def _send_parts(job_id: int, attempt: int, count: int) -> None:
    from .tasks import run_export_part  # noqa: PLC0415 -- service enqueues its task

    group(
        run_export_part.si(job_id=job_id, attempt=attempt, index=index).set(queue="exports") for index in range(count)
    ).apply_async()


class _PartProgress:
    """A part's progress: its own row, then the job's progress as the sum of its parts' (and the heartbeat)."""

    def __init__(self, part: ExportPart, interval: float = 0.5):
        self.part, self.writer = part, _ProgressWriter(part.job, interval)

    def __call__(self, done: int, total: int) -> None:
        now = timezone.now()
        if not self.writer.due(done, total):
            return
        ExportPart.objects.filter(pk=self.part.pk).update(progress_done=min(done, self.part.progress_total))
        if not _add_up(self.part.job, self.part.attempt, now):
            raise JobSuperseded


def _add_up(job: ExportJob, attempt: int, now) -> int:
    summed = (
        ExportPart.objects.filter(job=OuterRef("pk"), attempt=attempt)
        .values("job")
        .annotate(total=Sum("progress_done"))
        .values("total")
    )
    return ExportJob.objects.filter(pk=job.pk, attempt=attempt, status=JobStatus.RUNNING).update(
        progress_done=Coalesce(Subquery(summed), 0), heartbeat_at=now
    )


def export_part_run(*, job_id: int, attempt: int, index: int) -> str:
    """Render one batch. Returns "done", "retry" (the task tries again later), "failed" or "gone" (the job
    is no longer this attempt's, or the part was done already by an earlier delivery)."""
    part = (
        ExportPart.objects.select_related("job__cohort", "job__requested_by")
        .filter(job_id=job_id, attempt=attempt, index=index)
        .first()
    )
    if part is None or part.status == JobStatus.DONE:
        return "gone"
    job = part.job
    if job.attempt != attempt or job.status != JobStatus.RUNNING:
        return "gone"
    ExportPart.objects.filter(pk=part.pk).update(status=JobStatus.RUNNING, tries=F("tries") + 1, worker=_worker_id())
    base = parts_dir(job, attempt)
    work = os.path.join(base, f"{index:05d}.tmp-{os.getpid()}")
    _remove(work)
    os.makedirs(work)
    try:
        cls = exporter_class(job.exporter)
        if cls is None:
            raise ExportError(_("This export no longer exists."), code="unknown")
        subject = subject_for(cohort=job.cohort, exporter_cls=cls, parameters=job.parameters, user=job.requested_by)
        report = cls().write_part(subject, list(part.keys), work, _PartProgress(part))
        final = os.path.join(base, f"{index:05d}")
        _remove(final)  # an earlier delivery of this part that got this far: replaced by the same content
        os.rename(work, final)
    except JobSuperseded:
        _remove(work)
        return "gone"
    except Exception as exc:
        _remove(work)
        tries = ExportPart.objects.filter(pk=part.pk).values_list("tries", flat=True).first() or 0
        if not isinstance(exc, DomainError) and tries < settings.EXPORT_PART_TRIES:
            log.warning("export job %s part %s failed (try %s), retrying", job.pk, index, tries, exc_info=exc)
            ExportPart.objects.filter(pk=part.pk).update(status=JobStatus.QUEUED, error=repr(exc)[:500])
            return "retry"
        message = failure_message(exc, job)
        ExportPart.objects.filter(pk=part.pk).update(status=JobStatus.FAILED, error=message)
        export_fail(job=job, attempt=attempt, message=message)
        return "failed"
    return _part_done(job, attempt, part, report or ExportReport())


def _part_done(job: ExportJob, attempt: int, part: ExportPart, report: ExportReport) -> str:
    now = timezone.now()
    with transaction.atomic():
        current = ExportJob.objects.select_for_update().filter(pk=job.pk).first()
        if current is None or current.attempt != attempt or current.status != JobStatus.RUNNING:
            return "gone"
        ExportPart.objects.filter(pk=part.pk).update(
            status=JobStatus.DONE,
            report=report.as_json(),
            progress_done=F("progress_total"),
            finished_at=now,
            error="",
        )
        _add_up(current, attempt, now)
        if not ExportPart.objects.filter(job=current, attempt=attempt).exclude(status=JobStatus.DONE).exists():
            transaction.on_commit(lambda: _send_assembly(job.pk, attempt))
    return "done"


def _send_assembly(job_id: int, attempt: int) -> None:
    from .tasks import assemble_export  # noqa: PLC0415 -- service enqueues its task

    assemble_export.apply_async(kwargs={"job_id": job_id, "attempt": attempt}, queue="exports")


def export_assemble(*, job_id: int, attempt: int) -> ExportJob | None:
    """The chord's callback: every part is done; build the job's file from them and mark it done."""
    job = ExportJob.objects.select_related("cohort", "requested_by").filter(pk=job_id).first()
    if job is None or job.attempt != attempt or job.status != JobStatus.RUNNING:
        return job
    parts = list(ExportPart.objects.filter(job=job, attempt=attempt).order_by("index"))
    if not parts or any(p.status != JobStatus.DONE for p in parts):
        return job  # a replayed message: the last part sends the assembly again when it is done
    base = parts_dir(job, attempt)
    cls = exporter_class(job.exporter)
    extension = cls.extension if cls else "bin"
    partial = os.path.join(default_storage.path(storage_dir(job)), f".partial-{attempt}.{extension}")
    items = sum(len(p.keys) for p in parts)
    total = 2 * items + 1
    writer = _ProgressWriter(job)
    report = ExportReport()
    for p in parts:
        report.add(ExportReport.from_json(p.report))
    try:
        if cls is None:
            raise ExportError(_("This export no longer exists."), code="unknown")
        subject = subject_for(cohort=job.cohort, exporter_cls=cls, parameters=job.parameters, user=job.requested_by)
        writer(items, total)
        with open(partial, "wb") as out:
            folders = [os.path.join(base, f"{p.index:05d}") for p in parts]
            assembled = cls().assemble(subject, folders, out, lambda done, _n: writer(items + done, total))
            out.flush()
            os.fsync(out.fileno())
        report.add(assembled or ExportReport())
        _finish(job, cls, subject, partial, report)
    except JobSuperseded:
        _remove(partial)
    except Exception as exc:
        _remove(partial)
        export_fail(job=job, attempt=attempt, message=failure_message(exc, job))
    job.refresh_from_db()
    if job.status != JobStatus.RUNNING or job.attempt != attempt:
        shutil.rmtree(base, ignore_errors=True)
    return job
