"""The daily destruction run (beat: privacy-purge-expired). Idempotent: a destroyed cohort is marked."""

from celery import shared_task


@shared_task(name="privacy.purge_expired", acks_late=True)
def purge_expired() -> dict:
    from .services import purge_expired as run  # noqa: PLC0415 -- task calls its service

    purge = run(trigger="task")
    return {"run": purge.pk, "cohorts": len(purge.report.get("cohorts", []))}
