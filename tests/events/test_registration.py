"""Registering: members in one click, visitors after confirming by email; capacity, the waitlist,
cancelling, and who sees the join link."""

import re
import threading
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.members.factories import MemberFactory


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def register_url(event, name="register") -> str:
    return reverse(f"events:{name}", kwargs={"slug": event.slug})


def test_a_member_registers_in_one_click_and_gets_a_confirmation(
    member_client, member, run_on_commit
):
    event = EventFactory()
    with run_on_commit():
        response = member_client.post(register_url(event))

    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert (registration.status, registration.user, registration.email) == (
        Registration.Status.CONFIRMED,
        member,
        member.email.lower(),
    )
    assert [m.subject for m in mail.outbox] == [f"[LPSA] You are registered for {event.title}"]
    assert event.join_url in member_client.get(event.get_absolute_url()).content.decode()


def test_registering_twice_keeps_one_registration(member, run_on_commit):
    event = EventFactory()
    with run_on_commit():
        first = services.register_member(event=event, user=member)
        second = services.register_member(event=event, user=member)
    assert first.pk == second.pk and len(mail.outbox) == 1


def test_a_full_event_puts_the_next_on_the_waitlist_and_a_cancellation_promotes_them(
    run_on_commit,
):
    event = EventFactory(capacity=1)
    first, second, third = MemberFactory(), MemberFactory(), MemberFactory()
    with run_on_commit():
        seated = services.register_member(event=event, user=first)
        waiting = services.register_member(event=event, user=second)
        later = services.register_member(event=event, user=third)
    assert [r.status for r in (seated, waiting, later)] == [
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
        Registration.Status.WAITLISTED,
    ]
    mail.outbox.clear()

    with run_on_commit():
        promoted = services.cancel_registration(registration=seated)

    assert promoted.pk == waiting.pk  # the first on the waitlist, not the last
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED
    assert Registration.objects.get(pk=later.pk).status == Registration.Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [[second.email.lower()]]
    assert "A seat is yours" in mail.outbox[0].subject


def test_the_waitlist_does_not_see_the_join_link(client, run_on_commit):
    event = EventFactory(capacity=1)
    seated, waiting = MemberFactory(), MemberFactory()
    with run_on_commit():
        services.register_member(event=event, user=seated)
        services.register_member(event=event, user=waiting)

    pages = {}
    for user in (seated, waiting, MemberFactory()):
        client.force_login(user)
        pages[user] = client.get(event.get_absolute_url()).content.decode()
    client.logout()
    pages["visitor"] = client.get(event.get_absolute_url()).content.decode()

    assert [event.join_url in page for page in pages.values()] == [True, False, False, False]


def test_closed_cancelled_and_past_events_refuse_registrations(member):
    for event in (
        EventFactory(registration_open=False),
        EventFactory(cancelled_at=timezone.now()),
        EventFactory(
            starts_at=timezone.now() - timedelta(hours=3),
            ends_at=timezone.now() - timedelta(hours=2),
        ),
    ):
        with pytest.raises(services.RegistrationRefused):
            services.register_member(event=event, user=member)
    assert not Registration.objects.exists()


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/events/confirm/\S+/", message.body).group(0)


def test_a_visitor_registers_confirms_by_the_emailed_link_and_sees_the_join_link(
    client, settings, run_on_commit
):
    settings.SITE_URL = "http://testserver"
    event = EventFactory()
    with run_on_commit():
        response = client.post(
            register_url(event, "register_visitor"),
            {
                "name": "Awa Diallo",
                "email": "Awa.Diallo@Example.org",
                "show_in_participants": "on",
            },
        )
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    registration = Registration.objects.get(event=event)
    assert (registration.status, registration.email, registration.show_in_participants) == (
        Registration.Status.PENDING,
        "awa.diallo@example.org",
        True,
    )
    assert event.join_url not in client.get(event.get_absolute_url()).content.decode()

    link = confirmation_link(mail.outbox[0]).removeprefix("http://testserver")
    assert client.get(link).status_code == 200  # a page with a button: nothing yet
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.PENDING
    with run_on_commit():
        response = client.post(link)

    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CONFIRMED
    assert "You are registered for" in mail.outbox[-1].subject
    assert event.join_url in client.get(event.get_absolute_url()).content.decode()


def test_a_registered_address_learns_nothing_on_the_page_and_gets_an_email(client, run_on_commit):
    event = EventFactory()
    RegistrationFactory(event=event, email="awa@example.org")
    fresh = EventFactory()

    with run_on_commit():
        known = client.post(
            register_url(event, "register_visitor"), {"name": "Awa", "email": "awa@example.org"}
        )
        unknown = client.post(
            register_url(fresh, "register_visitor"), {"name": "Awa", "email": "awa@example.org"}
        )

    def text(response):
        page = response.content.decode()
        for each in (event, fresh):
            page = page.replace(each.title, "").replace(each.slug, "")
        # The CSRF token is masked afresh on every response.
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    assert known.status_code == unknown.status_code == 200
    assert text(known) == text(unknown)
    assert Registration.objects.filter(email="awa@example.org").count() == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == sorted(
        [
            f"[LPSA] You are already registered for {event.title}",
            f"[LPSA] Confirm your registration for {fresh.title}",
        ]
    )


def test_a_forged_or_expired_link_confirms_nothing(client):
    registration = RegistrationFactory(status=Registration.Status.PENDING)
    url = reverse("events:confirm_registration", kwargs={"token": "forged"})
    assert client.post(url).status_code == 400
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.PENDING


def test_a_bad_visitor_form_keeps_what_was_typed(client):
    event = EventFactory()
    response = client.post(
        register_url(event, "register_visitor"), {"name": "Awa Diallo", "email": "not an address"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Awa Diallo" in content and "Enter a valid email address." in content
    assert not Registration.objects.exists()


def test_the_visitor_form_is_rate_limited(client):
    event = EventFactory()
    for n in range(5):
        client.post(
            register_url(event, "register_visitor"), {"name": "A", "email": f"a{n}@example.org"}
        )
    response = client.post(
        register_url(event, "register_visitor"), {"name": "A", "email": "a9@example.org"}
    )
    assert response.status_code == 429
    assert Registration.objects.count() == 5


def test_a_member_cancels_from_the_event_page(member_client, member):
    event = EventFactory()
    RegistrationFactory(event=event, user=member, email=member.email.lower())
    response = member_client.post(register_url(event, "cancel"))
    assert response.status_code == 302
    assert Registration.objects.get(event=event).status == Registration.Status.CANCELLED


def test_participants_are_listed_to_members_only_when_they_chose_it(client, member):
    event = EventFactory()
    RegistrationFactory(event=event, name="Listed Person", show_in_participants=True)
    RegistrationFactory(event=event, name="Private Person")
    client.force_login(member)
    content = client.get(event.get_absolute_url()).content.decode()
    assert "Listed Person" in content and "Private Person" not in content
    client.logout()
    assert "Listed Person" not in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_taking_the_last_seat_at_once_never_overbook_it():
    """Both requests count the seats at the same moment; the lock on the event's row makes the
    second wait for the first's commit and count again."""
    event = EventFactory(capacity=1)
    racers = [MemberFactory() for _ in range(4)]
    barrier = threading.Barrier(len(racers))
    errors = []

    def take_the_seat(user):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                services.register_member(event=Event.objects.get(pk=event.pk), user=user)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_the_seat, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == ["confirmed", "waitlisted", "waitlisted", "waitlisted"]


def test_clients_of_the_two_kinds_get_the_page_they_expect(db):
    event = EventFactory(capacity=3)
    content = Client().get(event.get_absolute_url()).content.decode()
    assert "Your email address" in content and "3 seats" in content


def test_the_confirmation_carries_the_events_ics_with_the_join_link(member, run_on_commit):
    event = EventFactory()
    with run_on_commit():
        services.register_member(event=event, user=member)

    (filename, content, mimetype) = mail.outbox[0].attachments[0]
    assert (filename, mimetype) == (f"{event.slug}.ics", "text/calendar")
    vevent = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(vevent["UID"]) == event.uid
    assert event.join_url in str(vevent["DESCRIPTION"])
