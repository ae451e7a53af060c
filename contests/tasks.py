from celery import shared_task


@shared_task(
    name="contests.send_judging_reminders",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def send_judging_reminders() -> dict:
    from .reminders import judging_reminders_send  # noqa: PLC0415 -- task calls its service

    return {"queued": judging_reminders_send()}
