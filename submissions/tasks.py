"""Thin Celery tasks. Idempotent: the service records each reminder it sends (notifications.Delivery)."""

from celery import shared_task


@shared_task(
    name="submissions.send_deadline_reminders",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def send_deadline_reminders() -> dict:
    from .services import deadline_reminders_send  # noqa: PLC0415 -- task calls its service

    result = deadline_reminders_send()
    return {"sent": result.sent, "already": result.already}
