"""The calendar's pages: upcoming events with filters, the month view, the archive, an event."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from taxonomy.models import Region
from tests.events.factories import EventFactory, RegistrationFactory
from tests.working_groups.factories import WorkingGroupFactory

LIST = reverse("events:list")
MONTH = reverse("events:month")
PAST = reverse("events:past")


def test_the_list_shows_upcoming_events_and_filters_them(client):
    africa = Region.objects.get(slug="africa")
    webinar = EventFactory(title="Transfers in Kenya")
    webinar.regions.set([africa])
    EventFactory(title="Training on budgets", kind=Event.Kind.TRAINING)
    EventFactory(
        title="Last year's meeting",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=1),
    )

    everything = client.get(LIST).content.decode()
    assert "Transfers in Kenya" in everything and "Training on budgets" in everything
    assert "Last year's meeting" not in everything
    by_region = client.get(LIST, {"region": "africa"}).content.decode()
    assert "Transfers in Kenya" in by_region and "Training on budgets" not in by_region
    by_kind = client.get(LIST, {"kind": "training"}).content.decode()
    assert "Training on budgets" in by_kind and "Transfers in Kenya" not in by_kind


def test_a_members_only_event_is_hidden_from_visitors(member_client):
    EventFactory(title="The group meeting", visibility=Event.Visibility.MEMBERS)
    assert "The group meeting" not in Client().get(LIST).content.decode()
    assert "The group meeting" in member_client.get(LIST).content.decode()


def test_the_filters_offer_only_groups_the_viewer_may_see(client):
    WorkingGroupFactory(name="Hidden circle", visibility="members")
    assert "Hidden circle" not in client.get(LIST).content.decode()


def test_the_month_view_places_events_on_their_day_in_the_viewers_zone(member_client):
    # 23:30 UTC on 9 December is already the 10th in Nairobi (UTC+3).
    EventFactory(
        title="Late webinar",
        starts_at=datetime(2026, 12, 9, 23, 30, tzinfo=UTC),
        ends_at=datetime(2026, 12, 10, 0, 30, tzinfo=UTC),
    )
    session = member_client.session
    session["lpsa_time_zone"] = "Africa/Nairobi"
    session.save()
    member = member_client.get(MONTH, {"year": 2026, "month": 12})
    content = member.content.decode()
    cell = content[content.index("Thursday </span>10</span>") :][:400]
    assert "Late webinar" in cell and "2:30" in cell
    assert 'rel="next" href' not in content  # links are plain, with the next month's numbers
    assert "?year=2027&amp;month=1" in content and "?year=2026&amp;month=11" in content


def test_a_month_that_does_not_exist_is_a_clear_400(client):
    response = client.get(MONTH, {"year": "2026", "month": "13"})
    assert response.status_code == 400
    assert "That is not a month we can show" in response.content.decode()


def test_the_archive_lists_past_events_with_their_recordings(client):
    EventFactory(
        title="The 2025 webinar",
        starts_at=timezone.now() - timedelta(days=200),
        ends_at=timezone.now() - timedelta(days=200) + timedelta(hours=1),
        recording_url="https://video.example.org/2025",
    )
    assert "The 2025 webinar" in client.get(PAST).content.decode()


def page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [LIST, MONTH, PAST])
def test_list_pages_ask_the_same_queries_for_3_events_and_40(member_client, url, clear_cache):
    """Cold (nothing kept) and warm, the same count at both sizes."""
    group = WorkingGroupFactory()
    now = timezone.now()

    def add(count):
        for n in range(count):
            start = now + timedelta(days=n % 20, hours=n) * (-1 if url == PAST else 1)
            if url == PAST:
                start -= timedelta(days=1)
            EventFactory(starts_at=start, ends_at=start + timedelta(hours=1), working_group=group)

    def cold_and_warm():
        clear_cache()
        return page_queries(member_client, url), page_queries(member_client, url)

    add(3)
    member_client.get(url)  # the first visit to the list makes the member's calendar feed
    small = cold_and_warm()
    add(40)
    assert cold_and_warm() == small


def test_the_event_page_asks_the_same_queries_for_few_and_many_registrants(member_client):
    event = EventFactory()
    for _ in range(2):
        RegistrationFactory(event=event, show_in_participants=True)
    small = page_queries(member_client, event.get_absolute_url())
    for _ in range(30):
        RegistrationFactory(event=event, show_in_participants=True)
    assert page_queries(member_client, event.get_absolute_url()) == small


def test_the_home_lists_the_members_next_events_and_the_group_page_its_meetings(
    member_client, member
):
    group = WorkingGroupFactory(name="Climate")
    meeting = EventFactory(title="Climate quarterly", working_group=group, kind=Event.Kind.MEETING)
    RegistrationFactory(event=meeting, user=member, email=member.email.lower())
    EventFactory(title="Someone else's webinar")

    home = member_client.get(reverse("home")).content.decode()
    assert "Climate quarterly" in home and "Someone else's webinar" not in home
    assert "Climate quarterly" in member_client.get(group.get_absolute_url()).content.decode()


def test_the_home_panel_is_kept_until_a_registration_changes(member_client, member):
    event = EventFactory(title="First webinar")
    member_client.get(reverse("home"))
    with CaptureQueriesContext(connection) as kept:
        assert "First webinar" not in member_client.get(reverse("home")).content.decode()
    assert not any("events_event" in q["sql"] for q in kept.captured_queries)

    RegistrationFactory(event=event, user=member, email=member.email.lower())

    assert "First webinar" in member_client.get(reverse("home")).content.decode()


def test_a_busy_day_in_the_month_shows_three_and_links_to_the_rest(client):
    start = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
    for n in range(5):
        at = start + timedelta(hours=n)
        EventFactory(title=f"Session {n}", starts_at=at, ends_at=at + timedelta(minutes=30))

    content = client.get(MONTH, {"year": 2027, "month": 3}).content.decode()

    assert [f"Session {n}" in content for n in range(5)] == [True] * 3 + [False] * 2
    assert "and 2 more" in content
    day = client.get(LIST, {"day": "2027-03-10"}).content.decode()
    assert all(f"Session {n}" in day for n in range(5))


def test_kept_pages_show_changes_at_once_and_keep_members_things_from_visitors(member_client):
    visitor = Client()
    event = EventFactory(title="Open webinar")
    for client in (member_client, visitor):
        client.get(LIST), client.get(event.get_absolute_url())

    EventFactory(title="Members meeting", visibility=Event.Visibility.MEMBERS)
    event.speakers.create(name="Priya Raman", affiliation="NIPFP")
    RegistrationFactory(event=event, name="Listed Person", show_in_participants=True)

    assert "Members meeting" in member_client.get(LIST).content.decode()
    assert "Members meeting" not in visitor.get(LIST).content.decode()
    as_member = member_client.get(event.get_absolute_url()).content.decode()
    as_visitor = visitor.get(event.get_absolute_url()).content.decode()
    assert "Priya Raman" in as_member and "Priya Raman" in as_visitor
    assert "Listed Person" in as_member and "Listed Person" not in as_visitor


def test_the_event_page_is_kept_per_time_zone(client):
    event = EventFactory(
        starts_at=datetime(2027, 1, 14, 7, 0, tzinfo=UTC),
        ends_at=datetime(2027, 1, 14, 8, 0, tzinfo=UTC),
    )
    client.cookies["tz"] = "Asia/Tokyo"
    assert "(Asia/Tokyo)" in client.get(event.get_absolute_url()).content.decode()
    client.cookies["tz"] = "America/Lima"
    assert "(America/Lima)" in client.get(event.get_absolute_url()).content.decode()


def test_an_event_cannot_take_one_of_the_calendars_own_addresses():
    event = EventFactory.build(slug="month")
    with pytest.raises(ValidationError) as refused:
        event.full_clean(exclude=["working_group"])
    assert "one of the calendar's own addresses" in str(refused.value)


def test_the_kept_month_and_group_panel_show_a_new_meeting_at_once(member_client):
    group = WorkingGroupFactory(name="Urban")
    start = datetime(2027, 5, 12, 9, 0, tzinfo=UTC)
    month = {"year": 2027, "month": 5}
    assert "Urban spring meeting" not in member_client.get(MONTH, month).content.decode()
    member_client.get(group.get_absolute_url())

    EventFactory(
        title="Urban spring meeting",
        working_group=group,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )

    assert "Urban spring meeting" in member_client.get(MONTH, month).content.decode()
    assert "Urban spring meeting" in member_client.get(group.get_absolute_url()).content.decode()
