"""Export tasks: thin, keyword-only ids, on their own `exports` queue."""

from celery import shared_task
from django.conf import settings


@shared_task(
    bind=True,
    name="exports.run_export",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.EXPORT_TIME_LIMIT,
    soft_time_limit=settings.EXPORT_TIME_LIMIT - 30,
    max_retries=None,
)
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
