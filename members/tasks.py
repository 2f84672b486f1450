from smtplib import SMTPException

from celery import shared_task

from members import services


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def deliver_contact_message(message_id: int) -> None:
    services.deliver_contact_message(message_id=message_id)
