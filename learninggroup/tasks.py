from celery import shared_task


@shared_task(
    name="learninggroup.send_invitation",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_invitation(*, invitation_id: int) -> bool:
    from .services import invitation_send  # noqa: PLC0415 -- task calls its service

    return invitation_send(invitation_id=invitation_id)
