from celery import shared_task

from lpsa.mail import SMTP_RETRY
from newsletter import emails, sending, services


@shared_task(**SMTP_RETRY)
def send_confirmation_request(subscriber_id: int) -> None:
    emails.send_confirmation_request(subscriber_id=subscriber_id)


@shared_task(**SMTP_RETRY)
def send_welcome(subscriber_id: int) -> None:
    emails.send_welcome(subscriber_id=subscriber_id)


@shared_task(acks_late=True)
def prepare_issue(issue_id: int) -> None:
    sending.prepare_issue(issue_id=issue_id)


# A lost SMTP connection hands the batch back and retries with backoff (SMTP_RETRY); a task lost
# with its worker is re-dispatched by the sweeper.
@shared_task(acks_late=True, **SMTP_RETRY)
def send_issue_batch(issue_id: int) -> None:
    sending.send_batch(issue_id=issue_id)


@shared_task
def sweep() -> None:
    sending.sweep()


@shared_task(**SMTP_RETRY)
def send_test_issue(issue_id: int, email: str) -> None:
    services.deliver_test_issue(issue_id=issue_id, email=email)
