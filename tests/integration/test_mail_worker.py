"""The one mail path end to end: queue_email → on_commit → Redis → Celery worker → SMTP."""

import pytest
from django.db import transaction

from lpsa import mail
from lpsa.models import OutgoingEmail
from tests.integration.conftest import wait_until

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//LPSA//Portal//EN\r\nEND:VCALENDAR\r\n"


def test_headers_and_attachments_reach_the_smtp_server_through_the_worker(
    celery_worker_process, smtp_server
):
    message = mail.build_email(
        template="account/allauth_message",
        context={"body": "Your webinar starts soon."},
        subject="Webinar reminder",
        to=["leila@example.org"],
        reply_to=["events@lpsa.example"],
        headers={"List-Unsubscribe": "<https://portal.example/unsubscribe/abc>"},
        attachments=[mail.Attachment("webinar.ics", ICS, "text/calendar")],
    )
    with transaction.atomic():
        mail.queue_email(message, template="events/reminder")

    received = smtp_server.wait_for(
        lambda m: m.rcpt_tos == ["leila@example.org"], diagnostics=celery_worker_process.log_tail
    )
    parsed = received.message
    assert parsed["Subject"] == "[LPSA] Webinar reminder"
    assert parsed["Reply-To"] == "events@lpsa.example"
    assert parsed["List-Unsubscribe"] == "<https://portal.example/unsubscribe/abc>"
    attachments = list(parsed.iter_attachments())
    assert [(a.get_filename(), a.get_content_type()) for a in attachments] == [
        ("webinar.ics", "text/calendar")
    ]
    assert attachments[0].get_content().encode() == ICS
    assert "Your webinar starts soon." in received.text()
    assert "Your webinar starts soon." in received.html()

    row = OutgoingEmail.objects.get()
    wait_until(
        lambda: OutgoingEmail.objects.filter(pk=row.pk, sent_at__isnull=False).exists(),
        what="the worker to record sent_at",
        diagnostics=celery_worker_process.log_tail,
    )
    assert len(smtp_server.received) == 1
