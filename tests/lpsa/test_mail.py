import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from lpsa import mail as portal_mail
from lpsa.models import OutgoingEmail
from lpsa.tasks import send_outgoing_email

pytestmark = pytest.mark.django_db

EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "emails"


def contact_like_email(**overrides):
    fields = {
        "template": "account/allauth_message",
        "context": {"body": "Hello from the portal."},
        "subject": "Your\nconfirmation",
        "to": ["amina@example.org"],
    }
    return portal_mail.build_email(**{**fields, **overrides})


def test_build_email_renders_both_parts_in_the_layout_with_one_subject_prefix():
    message = contact_like_email()

    assert message.subject == "[LPSA] Your confirmation"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "Hello from the portal." in message.body
    html = {kind: body for body, kind in message.alternatives}["text/html"]
    assert "Hello from the portal." in html
    # The footer of the one email layout, in both parts, with reversed links.
    for part in (message.body, html):
        assert "free global community of practice" in part
        assert f"{settings.SITE_URL}/accounts/email/" in part


def test_build_email_carries_reply_to_headers_and_attachments():
    ics = portal_mail.Attachment(
        "event.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"
    )
    message = contact_like_email(
        reply_to=["sender@example.org"],
        headers={"List-Unsubscribe": "<https://example.org/u/1>"},
        attachments=[ics],
    )

    raw = message.message().as_string()
    assert "Reply-To: sender@example.org" in raw
    assert "List-Unsubscribe: <https://example.org/u/1>" in raw
    assert 'filename="event.ics"' in raw
    assert "text/calendar" in raw


def test_a_queued_email_is_sent_once_by_its_task_and_its_body_dropped(
    django_capture_on_commit_callbacks,
):
    ics = portal_mail.Attachment(
        "event.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"
    )
    message = contact_like_email(
        headers={"List-Unsubscribe": "<https://x.example/u>"}, attachments=[ics]
    )

    with django_capture_on_commit_callbacks(execute=True):
        portal_mail.queue_email(message, template="account/test")

    row = OutgoingEmail.objects.get()
    assert row.sent_at is not None
    assert (row.body, row.html, row.attachments) == ("", "", [])
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.extra_headers["List-Unsubscribe"] == "<https://x.example/u>"
    assert sent.attachments[0][0] == "event.ics"

    # A redelivered or retried task finds it sent and sends nothing.
    send_outgoing_email(row.pk)
    assert len(mail.outbox) == 1


def test_nothing_is_enqueued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        portal_mail.queue_email(contact_like_email())
    # The callbacks run only on commit; none has run, so nothing was sent.
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_every_task_that_talks_to_smtp_shares_the_retry_policy():
    from lpsa.celery import app

    app.loader.import_default_modules()
    smtp_tasks = [
        task
        for name, task in app.tasks.items()
        if (name.startswith(("lpsa.", "members.")) and "mail" in name) or "deliver" in name
    ]
    assert smtp_tasks, "no mail task found"
    for task in smtp_tasks:
        assert task.autoretry_for == portal_mail.SMTP_RETRY["autoretry_for"], task.name
        assert task.max_retries == portal_mail.SMTP_RETRY["max_retries"], task.name
        assert task.retry_backoff == portal_mail.SMTP_RETRY["retry_backoff"], task.name


def _email_templates():
    return sorted(
        path
        for path in EMAIL_TEMPLATES.rglob("*")
        if path.suffix in {".txt", ".html"} and path.parent != EMAIL_TEMPLATES
    )


def test_every_email_has_a_text_and_an_html_part_extending_the_layout():
    templates = _email_templates()
    assert templates
    for path in templates:
        twin = path.with_suffix(".html" if path.suffix == ".txt" else ".txt")
        assert twin.exists(), f"{path.relative_to(EMAIL_TEMPLATES)} has no {twin.suffix} twin"
        assert f'{{% extends "emails/base{path.suffix}" %}}' in path.read_text(), path


def test_links_in_emails_are_reversed_never_typed():
    typed_path = re.compile(r"""(?:href=["']|\{\{ ?site_url ?\}\})/[a-z]""")
    for path in [*_email_templates(), EMAIL_TEMPLATES / "base.txt", EMAIL_TEMPLATES / "base.html"]:
        assert not typed_path.search(path.read_text()), path
