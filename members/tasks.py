from celery import shared_task

from lpsa.mail import SMTP_RETRY
from members import services


@shared_task(**SMTP_RETRY)
def deliver_contact_message(message_id: int) -> None:
    services.deliver_contact_message(message_id=message_id)


@shared_task
def count_listed_members_by_region() -> None:
    services.count_listed_members_by_region()
