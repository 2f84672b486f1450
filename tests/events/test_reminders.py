"""Reminders 24 hours and 1 hour before: each goes once, however often the beat job runs."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from events import services, tasks
from events.models import Registration
from tests.events.factories import EventFactory, RegistrationFactory


def test_each_reminder_goes_once_even_when_the_job_runs_twice():
    now = timezone.now()
    tomorrow = EventFactory(starts_at=now + timedelta(hours=23), ends_at=now + timedelta(hours=24))
    soon = EventFactory(starts_at=now + timedelta(minutes=50), ends_at=now + timedelta(hours=2))
    later = EventFactory(
        starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=1)
    )
    for event in (tomorrow, soon, later):
        RegistrationFactory(event=event)
    RegistrationFactory(event=tomorrow, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=tomorrow, status=Registration.Status.CANCELLED)

    assert tasks.send_due_reminders.delay().get() == 3  # 24 h for both, 1 h for the soon one
    assert tasks.send_due_reminders.delay().get() == 0

    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == sorted(
        [
            f"[LPSA] Tomorrow: {tomorrow.title}",
            f"[LPSA] Tomorrow: {soon.title}",
            f"[LPSA] In one hour: {soon.title}",
        ]
    )


def test_a_redelivered_reminder_task_sends_nothing_more():
    event = EventFactory(starts_at=timezone.now() + timedelta(minutes=30))
    registration = RegistrationFactory(event=event)

    assert services.send_reminder(registration_id=registration.pk, stamp="reminder_1h_sent_at")
    assert not services.send_reminder(registration_id=registration.pk, stamp="reminder_1h_sent_at")
    assert len(mail.outbox) == 1


def test_a_cancelled_event_sends_no_reminders():
    event = EventFactory(starts_at=timezone.now() + timedelta(hours=2), cancelled_at=timezone.now())
    RegistrationFactory(event=event)
    assert services.due_reminders() == []
