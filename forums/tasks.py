from celery import shared_task

from forums import notifications
from lpsa.mail import SMTP_RETRY


@shared_task(**SMTP_RETRY)
def deliver_notifications(user_id: int) -> None:
    notifications.deliver_notifications(user_id=user_id)


@shared_task(**SMTP_RETRY)
def deliver_digest(user_id: int) -> None:
    notifications.deliver_digest(user_id=user_id)


@shared_task
def send_due_notifications() -> None:
    """Every minute: members whose email is due and whose delivery task never came."""
    notifications.enqueue_due_notifications()


@shared_task
def send_daily_digests() -> None:
    """Every 15 minutes: daily members whose local morning it is (one digest a day each)."""
    notifications.enqueue_daily_digests()
