"""Thin Celery task: send what is due. Idempotent: each delivery row records what happened to it."""

from celery import shared_task


@shared_task(name="notifications.send_pending", acks_late=True)
def send_pending(*, kinds: list[str] | None = None, ids: list[int] | None = None) -> dict:
    from .services import deliveries_send  # noqa: PLC0415 -- task calls its service

    result = deliveries_send(kinds=kinds, ids=ids)
    return {"sent": result.sent, "failed": result.failed, "deferred": result.deferred, "skipped": result.skipped}
