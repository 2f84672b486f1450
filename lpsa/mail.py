"""The one path for every message the portal sends.

- `build_email` makes a message from templates/emails/<app>/<name>.txt and .html (both extend
  emails/base.*, which carries the portal's footer), adds the subject prefix, and carries reply-to,
  extra headers (List-Unsubscribe, …) and attachments (an event's .ics, …) through to SMTP.
- Mail about a row of an app (a contact message, a registration, a newsletter delivery) is
  enqueued by the row's primary key after commit; its task calls `send_once`, which renders and
  sends it and stamps the row's `sent_at`, so a retried or redelivered task never sends twice.
- Mail that is about no row of ours (allauth's account mails) is rendered in the request and
  stored as an `OutgoingEmail` by `queue_email`; the worker sends it the same way.
- Every task that talks to SMTP declares `@shared_task(**SMTP_RETRY)`.
"""

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

# Connection failures and SMTP errors are retried with exponential backoff (about 30 s, then
# doubling, at most 10 min apart) for roughly an hour before the task gives up.
SMTP_RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def subject_line(text: str) -> str:
    """The prefixed subject on one line: a line break in a header would fail the send."""
    return settings.EMAIL_SUBJECT_PREFIX + " ".join(str(text).split())


def build_email(
    *,
    template: str,
    context: dict,
    subject: str,
    to: list[str],
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    attachments: Iterable[Attachment] = (),
    language: str | None = None,
) -> EmailMultiAlternatives:
    """A message from templates/emails/`template`.txt and .html ("<app>/<name>").

    `language` renders it in the recipient's language; by default, the active one.
    """
    with translation.override(language or translation.get_language()):
        context = {"site_url": settings.SITE_URL, "subject": subject, **context}
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
        message = EmailMultiAlternatives(
            subject=subject_line(subject),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=to,
            reply_to=reply_to or [],
            headers=headers or {},
        )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


def send_once(
    *,
    model: type[models.Model],
    pk: int,
    build: Callable[[models.Model], EmailMessage],
    once_sent: dict | None = None,
    stamp: str = "sent_at",
) -> bool:
    """Sends the message `build` makes for row `pk` unless its `sent_at` says it went already.

    The row stays locked while the message goes out, so two deliveries of the same task (a
    retry racing a redelivery) cannot both send. `once_sent` gives other fields to set in the
    same write as `sent_at`; `stamp` names the field to use instead of `sent_at` for a row that
    carries another message too (a membership's welcome). Returns whether this call sent it.
    """
    with transaction.atomic():
        row = model.objects.select_for_update().get(pk=pk)
        if getattr(row, stamp) is not None:
            return False
        build(row).send()
        setattr(row, stamp, timezone.now())
        for name, value in (once_sent or {}).items():
            setattr(row, name, value)
        row.save(update_fields=[stamp, *(once_sent or {})])
    return True


def queue_email(message: EmailMessage, *, template: str = "") -> None:
    """Stores an already rendered message and has the worker send it once the request commits."""
    from lpsa.models import OutgoingEmail
    from lpsa.tasks import send_outgoing_email

    html = None
    if isinstance(message, EmailMultiAlternatives):
        html = next((body for body, kind in message.alternatives if kind == "text/html"), None)
    outgoing = OutgoingEmail.objects.create(
        template=template,
        subject=message.subject,
        body=message.body,
        html=html or "",
        from_email=message.from_email,
        to=list(message.to),
        reply_to=list(message.reply_to),
        headers=dict(message.extra_headers),
        attachments=[
            {
                "filename": name,
                "content": base64.b64encode(
                    content.encode() if isinstance(content, str) else content
                ).decode(),
                "mimetype": mimetype,
            }
            for name, content, mimetype in message.attachments
        ],
    )
    transaction.on_commit(lambda: send_outgoing_email.delay(outgoing.pk))


def send_outgoing_email(*, email_id: int) -> bool:
    from lpsa.models import OutgoingEmail

    # The bodies carry one-time links (confirmations, password resets): once the message is out,
    # only what an audit needs is kept.
    return send_once(
        model=OutgoingEmail,
        pk=email_id,
        build=_message_from_row,
        once_sent={"body": "", "html": "", "attachments": []},
    )


def _message_from_row(row) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        reply_to=row.reply_to,
        headers=row.headers,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    for attachment in row.attachments:
        message.attach(
            attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"]
        )
    return message
