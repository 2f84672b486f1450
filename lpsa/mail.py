"""Mail goes out from the Celery worker, enqueued only once the request's transaction commits."""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction


def send_email_after_commit(message: EmailMessage) -> None:
    from lpsa.tasks import send_email

    html = None
    if isinstance(message, EmailMultiAlternatives):
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"),
            None,
        )
    payload = {
        "subject": message.subject,
        "body": message.body,
        "html": html,
        "from_email": message.from_email,
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
    }
    transaction.on_commit(lambda: send_email.delay(**payload))


def build_email(
    *,
    subject: str,
    body: str,
    html: str | None,
    from_email: str,
    to: list[str],
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email,
        to=to,
        reply_to=reply_to or [],
        headers=headers or {},
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message
