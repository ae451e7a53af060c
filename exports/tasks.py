"""Export tasks: thin, keyword-only ids, on their own `exports` queue."""

from celery import shared_task
from django.conf import settings

# Every export task: acknowledged late, put back on the queue if its process dies, its own time limit.
LONG_RUNNING = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "time_limit": settings.EXPORT_TIME_LIMIT,
    "soft_time_limit": settings.EXPORT_TIME_LIMIT - 30,
}


@shared_task(bind=True, name="exports.run_export", max_retries=None, **LONG_RUNNING)
def run_export(self, *, job_id: int) -> str | None:
    from .services import export_run  # noqa: PLC0415 -- task calls its service

    claim = export_run(job_id=job_id)
    if claim.busy:  # another worker is on it and alive: look again when its heartbeat would be stale
        raise self.retry(countdown=settings.EXPORT_HEARTBEAT_STALE_SECONDS, max_retries=20)
    return claim.job.status if claim.job else None


@shared_task(name="exports.purge_expired", acks_late=True)
def purge_expired() -> int:
    from .services import exports_purge_expired  # noqa: PLC0415 -- task calls its service

    return exports_purge_expired()


@shared_task(bind=True, name="exports.run_export_part", max_retries=None, **LONG_RUNNING)
def run_export_part(self, *, job_id: int, attempt: int, index: int) -> str:
    """One batch of a split export (exports/batches.py); a failed batch is tried again a few times."""
    from .batches import export_part_run  # noqa: PLC0415 -- task calls its service

    outcome = export_part_run(job_id=job_id, attempt=attempt, index=index)
    while outcome == "retry" and self.request.is_eager:  # eager (tests, no Redis): try again here and now
        outcome = export_part_run(job_id=job_id, attempt=attempt, index=index)
    if outcome == "retry":
        raise self.retry(countdown=settings.EXPORT_PART_RETRY_SECONDS)
    return outcome


@shared_task(name="exports.assemble_export", **LONG_RUNNING)
def assemble_export(*, job_id: int, attempt: int) -> str | None:
    """The callback of a split export: the parts are done, build the file and mark the job done."""
    from .batches import export_assemble  # noqa: PLC0415 -- task calls its service

    job = export_assemble(job_id=job_id, attempt=attempt)
    return job.status if job else None
