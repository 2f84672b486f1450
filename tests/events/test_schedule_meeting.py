"""A working group's co-chairs put a meeting on the calendar, the planner's pick filled in."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event
from taxonomy.models import Region, Topic
from tests.members.factories import MemberFactory
from tests.working_groups.factories import CoChairFactory, WorkingGroupFactory
from working_groups.models import WorkingGroup


@pytest.fixture
def group():
    group = WorkingGroupFactory(name="Urban", visibility=WorkingGroup.Visibility.MEMBERS)
    group.topics.set(Topic.objects.all()[:2])
    group.regions.set(Region.objects.filter(slug="africa"))
    return group


@pytest.fixture
def chair_client(group):
    client = Client()
    client.force_login(CoChairFactory(group=group).user)
    return client


def url(group) -> str:
    return reverse("events:schedule_meeting", kwargs={"slug": group.slug})


def next_year_day() -> date:
    return date.today().replace(year=date.today().year + 1, month=3, day=10)


def meeting(**fields) -> dict:
    return {
        "title": "Urban: spring meeting",
        "starts_on": next_year_day().isoformat(),
        "starts_time": "14:30",
        "time_zone": "Africa/Nairobi",
        "duration": "90",
        "format": Event.Format.ONLINE,
        "join_url": "meet.example.org/urban",
        **fields,
    }


def test_the_planners_pick_fills_the_form(chair_client, group):
    response = chair_client.get(
        url(group),
        {"starts_on": "2027-03-10", "starts_time": "14:30", "time_zone": "Asia/Manila"},
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert (form["starts_on"].value(), form["starts_time"].value()) == ("2027-03-10", "14:30")
    assert form["time_zone"].value() == "Asia/Manila"


def test_a_co_chair_puts_the_meeting_on_the_calendar(chair_client, group):
    response = chair_client.post(url(group), meeting())

    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    day = next_year_day()
    # 14:30 in Nairobi (UTC+3) is 11:30 UTC.
    assert event.starts_at == datetime(day.year, day.month, day.day, 11, 30, tzinfo=UTC)
    assert event.ends_at - event.starts_at == timedelta(minutes=90)
    assert (event.kind, event.working_group, event.time_zone) == (
        Event.Kind.MEETING,
        group,
        "Africa/Nairobi",
    )
    assert event.visibility == Event.Visibility.MEMBERS  # as the group is listed
    assert event.join_url == "https://meet.example.org/urban"
    assert set(event.topics.all()) == set(group.topics.all())
    assert list(event.regions.values_list("slug", flat=True)) == ["africa"]


def test_bad_input_is_answered_and_nothing_saved(chair_client, group):
    past = chair_client.post(url(group), meeting(starts_on="2020-01-01"))
    in_person = chair_client.post(url(group), meeting(format=Event.Format.IN_PERSON))

    assert past.status_code == in_person.status_code == 400
    assert "Choose a start still to come." in past.content.decode()
    assert "A meeting in person needs its venue." in in_person.content.decode()
    assert "Urban: spring meeting" in in_person.content.decode()  # what was typed is kept
    assert not Event.objects.exists()


def test_only_the_groups_co_chairs_and_staff_schedule(group):
    member = Client()
    member.force_login(MemberFactory())
    assert member.get(url(group)).status_code == 403
    assert member.post(url(group), meeting()).status_code == 403
    assert not Event.objects.exists()


def test_scheduling_is_rate_limited(chair_client, group):
    for n in range(10):
        assert chair_client.post(url(group), meeting(title=f"Meeting {n}")).status_code == 302
    response = chair_client.post(url(group), meeting(title="One too many"))
    assert response.status_code == 429
    assert Event.objects.count() == 10
