from celery import shared_task

from events import services
from lpsa.mail import SMTP_RETRY


@shared_task(**SMTP_RETRY)
def send_registration_confirmation(registration_id: int) -> None:
    services.send_registration_confirmation(registration_id=registration_id)


@shared_task(**SMTP_RETRY)
def send_promotion(registration_id: int) -> None:
    services.send_promotion(registration_id=registration_id)


@shared_task(**SMTP_RETRY)
def send_visitor_confirmation_link(registration_id: int) -> None:
    services.send_visitor_confirmation_link(registration_id=registration_id)


@shared_task(**SMTP_RETRY)
def send_already_registered(registration_id: int) -> None:
    services.send_already_registered(registration_id=registration_id)


@shared_task(**SMTP_RETRY)
def send_reminder(registration_id: int, stamp: str) -> None:
    services.send_reminder(registration_id=registration_id, stamp=stamp)


@shared_task
def send_due_reminders() -> int:
    """Run by beat every few minutes; each reminder is sent once however often this runs."""
    due = services.due_reminders()
    for registration_id, stamp in due:
        send_reminder.delay(registration_id, stamp)
    return len(due)
