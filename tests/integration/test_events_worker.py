"""Events end to end: a registration's confirmation and the reminders go through Redis, a real
Celery worker and an SMTP server; the confirmation carries a valid .ics; a reminder goes once
however often the beat job runs."""

import time
from datetime import UTC, timedelta

import icalendar
import pytest
from django.db import transaction
from django.utils import timezone

from events import services
from events.models import Registration
from events.tasks import send_due_reminders
from tests.events.factories import EventFactory, RegistrationFactory
from tests.integration.conftest import wait_until
from tests.members.factories import MemberFactory

QUIET_SECONDS = 3

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_registration_is_confirmed_by_email_with_a_valid_ics(celery_worker_process, smtp_server):
    event = EventFactory(title="Fiscal transfers that follow functions")
    member = MemberFactory()

    with transaction.atomic():
        services.register_member(event=event, user=member)

    mail = smtp_server.wait_for(lambda m: m.rcpt_tos == [member.email.lower()])
    assert f"You are registered for {event.title}" in mail.message["Subject"]
    (calendar_part,) = list(mail.message.iter_attachments())
    assert calendar_part.get_content_type() == "text/calendar"
    assert calendar_part.get_filename() == f"{event.slug}.ics"
    vevent = icalendar.Calendar.from_ical(calendar_part.get_payload(decode=True)).walk("VEVENT")[0]
    assert str(vevent["UID"]) == event.uid
    assert vevent.decoded("DTSTART").astimezone(UTC) == event.starts_at
    assert event.join_url in str(vevent["DESCRIPTION"])
    wait_until(
        lambda: Registration.objects.filter(confirmation_sent_at__isnull=False).exists(),
        what="the confirmation stamped",
    )


def test_reminders_go_once_though_the_beat_job_runs_twice(celery_worker_process, smtp_server):
    event = EventFactory(title="Tomorrow's webinar", starts_at=timezone.now() + timedelta(hours=20))
    registration = RegistrationFactory(event=event, email="awa@example.org")

    send_due_reminders.delay()
    send_due_reminders.delay()
    smtp_server.wait_for(lambda m: "Tomorrow: Tomorrow's webinar" in m.message["Subject"])
    wait_until(
        lambda: Registration.objects.filter(
            pk=registration.pk, reminder_24h_sent_at__isnull=False
        ).exists(),
        what="the reminder stamped",
    )
    # Both runs may have found it due and enqueued a send: the row lock and the stamp let one
    # through. A run after the stamp finds nothing; a quiet moment lets a duplicate arrive.
    assert send_due_reminders() == 0
    time.sleep(QUIET_SECONDS)
    reminders = [m for m in smtp_server.received if "Tomorrow:" in m.message["Subject"]]
    assert len(reminders) == 1
