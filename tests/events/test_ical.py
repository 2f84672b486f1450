"""The iCalendar files and feeds: what they hold, who gets the join link, time zones, queries."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import calendar_feeds
from events.ical import calendar_for, event_ics
from events.models import CalendarFeed, Event, Registration
from tests.events.factories import EventFactory, MemberRegistrationFactory
from tests.working_groups.factories import WorkingGroupFactory
from working_groups.models import WorkingGroup

pytestmark = pytest.mark.django_db

SITE_URL = "https://portal.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def visitor():
    """A client of its own: `member_client` logs in the shared `client`."""
    return Client()


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def parse(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def unfolded(body: bytes) -> bytes:
    """The text with RFC 5545's line folding undone, so a long URL is searched whole."""
    return body.replace(b"\r\n ", b"")


def uids(body: bytes) -> set[str]:
    return {str(vevent["UID"]) for vevent in parse(body).walk("VEVENT")}


def ics_url(event: Event) -> str:
    return reverse("events:event_ics", kwargs={"slug": event.slug})


def personal_feed_url(feed: CalendarFeed) -> str:
    return reverse("events:personal_feed", kwargs={"token": feed.token})


# --- one event's file -------------------------------------------------------------------------


def test_an_event_file_parses_and_says_what_the_event_is(client):
    event = EventFactory(title="Property tax in secondary cities", slug="property-tax")

    response = client.get(ics_url(event))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="property-tax.ics"'
    calendar = parse(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "LPSA" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Property tax in secondary cities"
    vevent = only_event(calendar)
    page = f"{SITE_URL}/events/property-tax/"
    assert str(vevent["UID"]) == event.uid
    assert str(vevent["SUMMARY"]) == "Property tax in secondary cities"
    assert str(vevent["URL"]) == page
    assert page in str(vevent["DESCRIPTION"])
    assert str(vevent["LOCATION"]) == "Online"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent["CATEGORIES"].cats == ["Webinar"]
    assert "DTSTAMP" in vevent


def test_an_event_in_person_is_located_at_its_venue():
    event = EventFactory(format=Event.Format.IN_PERSON, venue="Kenyatta ICC, Nairobi", join_url="")

    assert str(only_event(parse(event_ics(event)))["LOCATION"]) == "Kenyatta ICC, Nairobi"


def test_the_uid_survives_an_edit_and_the_sequence_is_as_stored():
    event = EventFactory()
    before = only_event(parse(event_ics(event)))

    event.title = "Moved and renamed"
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    event.save()
    Event.objects.filter(pk=event.pk).update(sequence=3)
    event.refresh_from_db()
    after = only_event(parse(event_ics(event)))

    assert str(after["UID"]) == str(before["UID"]) == event.uid
    assert before["SEQUENCE"] == 0
    assert after["SEQUENCE"] == 3
    assert str(after["SUMMARY"]) == "Moved and renamed"


def test_a_cancelled_event_goes_out_cancelled_and_still_published(client):
    event = EventFactory(cancelled_at=timezone.now())

    for body in (
        client.get(ics_url(event)).content,
        client.get(reverse("events:public_feed")).content,
    ):
        calendar = parse(body)
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert str(only_event(calendar)["STATUS"]) == "CANCELLED"


# --- time zones -------------------------------------------------------------------------------

# An instant in each half of the year, in a northern and two southern zones: (zone, start in UTC,
# the wall-clock time the file must say, the offset then).
ZONE_CASES = [
    ("Europe/London", utc(2026, 7, 15, 12), "20260715T130000", timedelta(hours=1)),
    ("Europe/London", utc(2026, 1, 15, 12), "20260115T120000", timedelta(0)),
    ("America/Santiago", utc(2026, 1, 15, 12), "20260115T090000", timedelta(hours=-3)),
    ("America/Santiago", utc(2026, 7, 15, 12), "20260715T080000", timedelta(hours=-4)),
    ("Australia/Sydney", utc(2026, 1, 15, 0), "20260115T110000", timedelta(hours=11)),
    ("Australia/Sydney", utc(2026, 7, 15, 0), "20260715T100000", timedelta(hours=10)),
]


@pytest.mark.parametrize(("zone", "starts_at", "wall_clock", "offset"), ZONE_CASES)
def test_times_are_written_in_the_events_zone_with_its_vtimezone(
    zone, starts_at, wall_clock, offset
):
    event = EventFactory(
        time_zone=zone, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )

    body = event_ics(event)

    assert f"DTSTART;TZID={zone}:{wall_clock}".encode() in body
    calendar = parse(body)
    vevent = only_event(calendar)
    assert vevent["DTSTART"].params["TZID"] == zone
    assert vevent.start.astimezone(UTC) == event.starts_at
    assert vevent.end.astimezone(UTC) == event.ends_at
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone.tz_name == zone
    # The file's own rules, not the system's database, give the offset then.
    own_rules = vtimezone.to_tz(lookup_tzid=False)
    local = datetime.strptime(wall_clock, "%Y%m%dT%H%M%S")
    assert local.replace(tzinfo=own_rules).utcoffset() == offset


def test_an_event_across_a_change_of_clocks_ends_on_the_new_time():
    # London goes from GMT to BST at 01:00 UTC on 29 March 2026.
    event = EventFactory(
        time_zone="Europe/London", starts_at=utc(2026, 3, 29, 0, 30), ends_at=utc(2026, 3, 29, 2)
    )

    body = event_ics(event)

    assert b"DTSTART;TZID=Europe/London:20260329T003000" in body
    assert b"DTEND;TZID=Europe/London:20260329T030000" in body


def test_a_zone_the_system_does_not_know_is_written_in_utc():
    event = EventFactory(time_zone="Mars/Olympus_Mons", starts_at=utc(2026, 5, 4, 9))

    calendar = parse(event_ics(event))

    assert calendar.walk("VTIMEZONE") == []
    assert only_event(calendar).start == event.starts_at
    assert b"DTSTART:20260504T090000Z" in event_ics(event)


def test_a_feed_has_one_vtimezone_per_zone_used_before_the_events():
    EventFactory(time_zone="Europe/London")
    EventFactory(time_zone="Europe/London")
    EventFactory(time_zone="Africa/Nairobi")
    EventFactory(time_zone="UTC")

    calendar = parse(calendar_for(Event.objects.all(), name="All"))

    assert sorted(tz.tz_name for tz in calendar.walk("VTIMEZONE")) == [
        "Africa/Nairobi",
        "Europe/London",
    ]
    names = [component.name for component in calendar.subcomponents]
    assert names.index("VEVENT") > max(i for i, name in enumerate(names) if name == "VTIMEZONE")
    assert calendar.get_missing_tzids() == set()


def test_a_file_round_trips_through_a_second_parser():
    event = EventFactory(
        title="Fiscal transfers in Chile",
        time_zone="America/Santiago",
        starts_at=utc(2026, 1, 20, 13),
        ends_at=utc(2026, 1, 20, 15),
    )

    parsed = vobject.readOne(event_ics(event).decode())

    vevent = parsed.vevent
    assert vevent.uid.value == event.uid
    assert vevent.summary.value == "Fiscal transfers in Chile"
    assert vevent.dtstart.value.astimezone(UTC) == event.starts_at
    assert vevent.dtend.value.astimezone(UTC) == event.ends_at
    # vobject reads the offset from the file's VTIMEZONE: summer time, three hours behind UTC.
    assert vevent.dtstart.value.utcoffset() == timedelta(hours=-3)


# --- the join link ----------------------------------------------------------------------------


def test_the_join_link_is_in_no_public_file_or_feed(visitor, member_client, member):
    group = WorkingGroupFactory()
    event = EventFactory(working_group=group)
    MemberRegistrationFactory(event=event, user=member)

    bodies = [
        visitor.get(ics_url(event)).content,
        # Not even for a confirmed registrant downloading from the page: the address is shared.
        member_client.get(ics_url(event)).content,
        visitor.get(reverse("events:public_feed")).content,
        visitor.get(reverse("events:group_feed", kwargs={"slug": group.slug})).content,
        event_ics(event),
    ]

    for body in bodies:
        assert event.uid in uids(body)
        assert event.join_url.encode() not in unfolded(body)


def test_the_confirmation_file_has_the_join_link_for_a_confirmed_registration_only():
    event = EventFactory()
    confirmed = MemberRegistrationFactory(event=event)
    waitlisted = MemberRegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    for_another_event = MemberRegistrationFactory()

    with_link = only_event(parse(event_ics(event, registration=confirmed)))

    assert event.join_url in str(with_link["DESCRIPTION"])
    assert str(with_link["CONFERENCE"]) == event.join_url
    for registration in (waitlisted, for_another_event):
        body = event_ics(event, registration=registration)
        assert event.join_url.encode() not in unfolded(body)


def test_the_personal_feed_has_the_join_link_for_confirmed_registrations_only(client, member):
    confirmed = MemberRegistrationFactory(user=member)
    waitlisted = MemberRegistrationFactory(user=member, status=Registration.Status.WAITLISTED)
    feed = calendar_feeds.personal_feed_for(member)

    body = client.get(personal_feed_url(feed)).content

    assert uids(body) == {confirmed.event.uid, waitlisted.event.uid}
    text = unfolded(body)
    assert confirmed.event.join_url.encode() in text
    assert waitlisted.event.join_url.encode() not in text


# --- who sees which events --------------------------------------------------------------------


def test_members_only_events_are_in_no_public_feed_or_file_for_visitors(visitor, member_client):
    group = WorkingGroupFactory()
    public = EventFactory(working_group=group)
    members_only = EventFactory(working_group=group, visibility=Event.Visibility.MEMBERS)

    public_feed = visitor.get(reverse("events:public_feed")).content
    # Fetched with a member's session, the feeds are the same: calendar apps have none.
    member_feed = member_client.get(reverse("events:public_feed")).content
    group_feed = member_client.get(reverse("events:group_feed", kwargs={"slug": group.slug}))

    assert uids(public_feed) == uids(member_feed) == uids(group_feed.content) == {public.uid}
    visitor_file = visitor.get(ics_url(members_only))
    assert visitor_file.status_code == 302
    assert visitor_file["Location"].startswith(reverse("account_login"))
    assert member_client.get(ics_url(members_only)).status_code == 200


def test_a_visitor_asking_for_an_unknown_event_is_sent_to_log_in_a_member_gets_404(
    visitor, member_client
):
    url = reverse("events:event_ics", kwargs={"slug": "no-such-event"})

    assert visitor.get(url).status_code == 302
    assert member_client.get(url).status_code == 404


def test_the_public_feed_keeps_ninety_days_of_past_events(client):
    now = timezone.now()
    recent = EventFactory(
        starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=10) + timedelta(hours=2)
    )
    old = EventFactory(
        starts_at=now - timedelta(days=100), ends_at=now - timedelta(days=100) + timedelta(hours=2)
    )
    upcoming = EventFactory()

    body = client.get(reverse("events:public_feed")).content

    assert uids(body) == {recent.uid, upcoming.uid}
    assert old.uid not in uids(body)


def test_a_group_feed_holds_the_groups_public_events_only(client):
    group, other_group = WorkingGroupFactory(), WorkingGroupFactory()
    ours = EventFactory(working_group=group)
    EventFactory(working_group=other_group)
    EventFactory()  # the Alliance's own

    response = client.get(reverse("events:group_feed", kwargs={"slug": group.slug}))

    assert response["Content-Disposition"] == f'inline; filename="{group.slug}.ics"'
    assert uids(response.content) == {ours.uid}


def test_a_group_listed_to_members_only_has_no_feed_even_for_a_member(member_client):
    group = WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS)
    EventFactory(working_group=group)

    response = member_client.get(reverse("events:group_feed", kwargs={"slug": group.slug}))

    assert response.status_code == 404


def test_the_personal_feed_holds_the_members_registrations_and_no_one_elses(client, member):
    members_only = EventFactory(visibility=Event.Visibility.MEMBERS)
    mine = MemberRegistrationFactory(user=member, event=members_only)
    MemberRegistrationFactory(user=member, status=Registration.Status.CANCELLED)
    MemberRegistrationFactory(user=member, status=Registration.Status.PENDING)
    MemberRegistrationFactory()  # someone else's
    feed = calendar_feeds.personal_feed_for(member)

    response = client.get(personal_feed_url(feed))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private"
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline;")
    assert uids(response.content) == {mine.event.uid}


# --- the personal feed's address --------------------------------------------------------------


def test_the_personal_feed_is_made_once_with_a_long_random_token(member, other_member):
    feed = calendar_feeds.personal_feed_for(member)

    assert calendar_feeds.personal_feed_for(member).token == feed.token
    assert len(feed.token) >= 43
    assert calendar_feeds.personal_feed_for(other_member).token != feed.token
    assert calendar_feeds.personal_feed_url(feed) == SITE_URL + personal_feed_url(feed)


def test_an_unknown_token_is_not_found(client, member):
    calendar_feeds.personal_feed_for(member)

    response = client.get(reverse("events:personal_feed", kwargs={"token": "x" * 43}))

    assert response.status_code == 404


def test_resetting_the_feed_makes_the_old_address_not_found(visitor, member_client, member):
    MemberRegistrationFactory(user=member)
    old_url = personal_feed_url(calendar_feeds.personal_feed_for(member))
    assert visitor.get(old_url).status_code == 200

    response = member_client.post(
        reverse("events:reset_personal_feed"), {"next": "/events/my-page/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/events/my-page/"
    new_url = personal_feed_url(CalendarFeed.objects.get(user=member))
    assert new_url != old_url
    assert visitor.get(old_url).status_code == 404
    assert visitor.get(new_url).status_code == 200


def test_resetting_sends_elsewhere_home_and_needs_a_post_and_a_login(visitor, member_client):
    url = reverse("events:reset_personal_feed")

    assert member_client.post(url, {"next": "https://evil.example.com/"})["Location"] == "/"
    assert member_client.get(url).status_code == 405
    refused = visitor.post(url)
    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("account_login"))


def test_a_deactivated_members_feed_is_not_found(client, member):
    feed = calendar_feeds.personal_feed_for(member)
    member.is_active = False
    member.save(update_fields=["is_active"])

    assert client.get(personal_feed_url(feed)).status_code == 404


def test_the_feed_fragment_shows_the_address_and_the_reset_button(member):
    feed = calendar_feeds.personal_feed_for(member)
    request = RequestFactory().get("/events/")
    request.user = member

    html = render_to_string(
        "events/includes/personal_feed.html",
        {"feed_url": calendar_feeds.personal_feed_url(feed)},
        request=request,
    )

    assert f'value="{SITE_URL}/events/my/{feed.token}.ics"' in html
    assert f'action="{reverse("events:reset_personal_feed")}"' in html
    assert "csrfmiddlewaretoken" in html


# --- queries ----------------------------------------------------------------------------------


def bulk_events(numbers: range, **fields) -> list[Event]:
    """Events numbered `numbers`, an hour apart, across four zones, in one query."""
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    zones = ["Europe/London", "America/Santiago", "Australia/Sydney", "Asia/Kolkata"]
    return Event.objects.bulk_create(
        Event(
            title=f"Meeting {n}",
            slug=f"bulk-{n}",
            kind=Event.Kind.MEETING,
            starts_at=start + timedelta(hours=n),
            ends_at=start + timedelta(hours=n + 1),
            time_zone=zones[n % len(zones)],
            join_url=f"https://meet.example.org/j/bulk{n}",
            **fields,
        )
        for n in numbers
    )


@pytest.mark.parametrize("feed", ["public_feed", "group_feed", "personal_feed"])
def test_a_feed_costs_the_same_queries_for_10_or_200_events(client, member, feed):
    group = WorkingGroupFactory()
    kwargs = {
        "public_feed": {},
        "group_feed": {"slug": group.slug},
        "personal_feed": {"token": calendar_feeds.personal_feed_for(member).token},
    }[feed]
    url = reverse(f"events:{feed}", kwargs=kwargs)
    queries, sizes = [], []
    for numbers in (range(10), range(10, 200)):
        events = bulk_events(numbers, working_group=group)
        Registration.objects.bulk_create(
            Registration(
                event=event,
                user=member,
                name="A member",
                email=member.email,
                status=Registration.Status.CONFIRMED,
            )
            for event in events
        )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        queries.append(len(captured.captured_queries))
        sizes.append(len(parse(response.content).walk("VEVENT")))

    assert sizes == [10, 200]
    # A group feed reads the group, then its events; the personal feed the token, then the
    # registrations with their events; the public feed its events alone.
    assert queries[0] == queries[1] == (1 if feed == "public_feed" else 2)
