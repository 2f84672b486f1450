from celery import shared_task

from lpsa.mail import SMTP_RETRY
from members import services


@shared_task(**SMTP_RETRY)
def deliver_contact_message(message_id: int) -> None:
    services.deliver_contact_message(message_id=message_id)
