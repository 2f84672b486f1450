from celery import shared_task

from lpsa import mail


@shared_task(**mail.SMTP_RETRY)
def send_outgoing_email(email_id: int) -> None:
    mail.send_outgoing_email(email_id=email_id)
