from celery import shared_task

from lpsa.mail import SMTP_RETRY
from working_groups import services


@shared_task(**SMTP_RETRY)
def send_welcome_message(membership_id: int) -> None:
    services.send_welcome_message(membership_id=membership_id)


@shared_task(**SMTP_RETRY)
def send_join_decision(join_request_id: int) -> None:
    services.send_join_decision(join_request_id=join_request_id)


@shared_task(**SMTP_RETRY)
def deliver_announcement(announcement_id: int) -> None:
    services.deliver_announcement(announcement_id=announcement_id)
