"""Thin Celery tasks: keyword-only ids, one service each. Idempotent: the services record what they sent."""

from celery import shared_task


@shared_task(
    name="sessions.send_due_reminders", acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3
)
def send_due_reminders() -> dict:
    from .services import reminders_send_due  # noqa: PLC0415 -- task calls its service

    result = reminders_send_due()
    return {
        "sent": result.sent,
        "failed": result.failed,
        "skipped": result.skipped,
        "deferred": result.deferred,
        "already": result.already,
        "warnings": result.warnings,
    }


@shared_task(
    name="sessions.notify_session_change", acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notify_session_change(*, session_id: int, change: str) -> int:
    from .services import session_change_notify  # noqa: PLC0415 -- task calls its service

    return session_change_notify(session_id=session_id, change=change).sent
