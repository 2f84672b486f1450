from smtplib import SMTPException

from celery import shared_task

from lpsa.mail import build_email


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_email(**fields) -> None:
    build_email(**fields).send()
