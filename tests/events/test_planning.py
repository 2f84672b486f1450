import time as clock
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.planning import rank_meeting_slots
from lpsa.timezones import SESSION_KEY
from tests.members.factories import StaffFactory, activate_totp
from tests.working_groups.conftest import add_members
from tests.working_groups.factories import CoChairFactory, MembershipFactory, WorkingGroupFactory
from working_groups.models import Membership

HOUR = timedelta(hours=1)
MONDAY = date(2026, 1, 12)  # winter in the north: New York UTC-5, London UTC+0


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


# --- the ranking ---------------------------------------------------------------------------


def test_a_group_all_in_europe_gets_the_hours_when_london_and_berlin_both_work():
    plan = rank_meeting_slots(
        {"Europe/London": 5, "Europe/Berlin": 5}, first_day=MONDAY, days=1, duration=HOUR
    )
    # London works 07:00-20:00 UTC starts, Berlin (UTC+1) 06:00-19:00: together 07:00-19:00.
    everyone = [slot for slot in plan.slots if slot.members_in_hours == 10]
    assert [slot.starts_at for slot in everyone] == [
        at(MONDAY, 7) + n * timedelta(minutes=30) for n in range(25)
    ]
    assert plan.slots[0].share == 1.0
    # Then the half hours only one city works, earliest first.
    assert [(slot.starts_at, slot.members_in_hours) for slot in plan.slots[25:]] == [
        (at(MONDAY, 6), 5),
        (at(MONDAY, 6, 30), 5),
        (at(MONDAY, 19, 30), 5),
        (at(MONDAY, 20), 5),
    ]


def test_a_group_split_between_asia_and_the_americas_gets_its_best_compromise():
    zones = {
        "America/New_York": 4,  # UTC-5: starts 12:00-01:00 UTC suit
        "America/Los_Angeles": 1,  # UTC-8: 15:00-04:00
        "Asia/Kolkata": 3,  # UTC+5:30: 01:30-14:30
        "Asia/Manila": 2,  # UTC+8: 23:00-12:00
    }
    plan = rank_meeting_slots(zones, first_day=MONDAY, days=7, duration=HOUR)
    # 12:00 UTC is 07:00 in New York, 17:30 in Kolkata and 20:00 in Manila (ending at 21:00):
    # nine of ten, each weekday; only Los Angeles (04:00) is left out.
    best = plan.slots[:5]
    assert [slot.starts_at for slot in best] == [
        at(MONDAY + timedelta(days=n), 12) for n in range(5)
    ]
    assert {(slot.members_in_hours, slot.members_with_zone) for slot in best} == {(9, 10)}
    assert best[0].share == 0.9 and best[0].percent == 90
    # Next: half an hour later Manila's meeting would end after 21:00; New York and Kolkata
    # (seven) stay.
    assert (plan.slots[5].starts_at, plan.slots[5].members_in_hours) == (at(MONDAY, 12, 30), 7)


def test_the_same_local_hour_is_an_hour_earlier_in_utc_after_london_moves_to_summer_time():
    # The clocks go forward on Sunday 29 March 2026.
    friday, monday = date(2026, 3, 27), date(2026, 3, 30)
    plan = rank_meeting_slots({"Europe/London": 3}, first_day=friday, days=4, duration=HOUR)
    starts = sorted(slot.starts_at for slot in plan.slots)
    assert {s.date() for s in starts} == {friday, monday}
    assert min(s for s in starts if s.date() == friday) == at(friday, 7)
    assert max(s for s in starts if s.date() == friday) == at(friday, 20)
    assert min(s for s in starts if s.date() == monday) == at(monday, 6)
    assert max(s for s in starts if s.date() == monday) == at(monday, 19)


def test_the_same_local_hour_is_an_hour_later_in_utc_after_sydney_leaves_summer_time():
    # Summer time ends in Sydney on Sunday 5 April 2026 (UTC+11, then UTC+10).
    sydney = zoneinfo.ZoneInfo("Australia/Sydney")
    plan = rank_meeting_slots(
        {"Australia/Sydney": 2}, first_day=date(2026, 4, 1), days=8, duration=HOUR
    )
    by_local_day: dict[date, list[datetime]] = {}
    for slot in plan.slots:
        by_local_day.setdefault(slot.starts_at.astimezone(sydney).date(), []).append(slot.starts_at)
    assert min(by_local_day[date(2026, 4, 3)]) == at(date(2026, 4, 2), 20)  # Friday 07:00
    assert min(by_local_day[date(2026, 4, 6)]) == at(date(2026, 4, 5), 21)  # Monday 07:00
    assert all(d.weekday() < 5 for d in by_local_day)


def test_members_without_a_known_zone_are_counted_apart_not_taken_for_utc():
    plan = rank_meeting_slots(
        {"Europe/London": 3, "": 2, "Mars/Olympus_Mons": 1},
        first_day=MONDAY,
        days=1,
        duration=HOUR,
    )
    assert (plan.members_with_zone, plan.members_without_zone) == (3, 3)
    assert (plan.slots[0].members_in_hours, plan.slots[0].share) == (3, 1.0)
    # Had the six been in UTC, 06:30 would suit nobody and 07:00 all six; London alone decides.
    assert at(MONDAY, 6, 30) not in [slot.starts_at for slot in plan.slots]


def test_a_group_with_no_known_zone_has_no_slot():
    plan = rank_meeting_slots({"": 4}, first_day=MONDAY, days=7, duration=HOUR)
    assert (plan.slots, plan.members_with_zone, plan.members_without_zone) == ([], 0, 4)


def test_weekends_are_left_out_unless_asked_for():
    saturday = date(2026, 1, 10)
    weekdays = rank_meeting_slots({"Europe/London": 2}, first_day=saturday, days=3, duration=HOUR)
    assert {slot.starts_at.date() for slot in weekdays.slots} == {MONDAY}
    everyday = rank_meeting_slots(
        {"Europe/London": 2},
        first_day=saturday,
        days=3,
        duration=HOUR,
        weekdays_only=False,
    )
    assert everyday.slots[0].starts_at == at(saturday, 7)
    assert {slot.starts_at.date() for slot in everyday.slots} == {
        saturday,
        saturday + timedelta(days=1),
        MONDAY,
    }


def test_the_weekend_is_each_members_own():
    # Sunday 23:00 UTC is Monday 07:00 in Manila: a working day there.
    sunday = date(2026, 1, 11)
    plan = rank_meeting_slots({"Asia/Manila": 1}, first_day=sunday, days=1, duration=HOUR)
    assert [slot.starts_at for slot in plan.slots] == [at(sunday, 23), at(sunday, 23, 30)]


def test_a_longer_meeting_must_end_within_working_hours_too():
    plan = rank_meeting_slots(
        {"Europe/London": 1}, first_day=MONDAY, days=1, duration=timedelta(minutes=120)
    )
    assert max(slot.starts_at for slot in plan.slots) == at(MONDAY, 19)


def test_the_days_are_read_in_the_organisers_zone_and_starts_before_now_are_dropped():
    plan = rank_meeting_slots(
        {"Asia/Tokyo": 1},
        first_day=MONDAY,
        days=1,
        duration=HOUR,
        day_zone="Asia/Tokyo",
        not_before=at(MONDAY, 0, 15),
    )
    # Monday in Tokyo is Sunday 15:00 to Monday 15:00 UTC; its working day 22:00 to 11:00 UTC.
    starts = [slot.starts_at for slot in plan.slots]
    assert min(starts) == at(MONDAY, 0, 30)
    assert max(starts) == at(MONDAY, 11)


def test_sixty_zones_of_a_thousand_members_over_six_weeks_rank_at_once():
    zones = dict.fromkeys(sorted(zoneinfo.available_timezones())[:60], 1000)
    started = clock.perf_counter()
    plan = rank_meeting_slots(zones, first_day=MONDAY, days=42, duration=HOUR)
    assert clock.perf_counter() - started < 1.0
    assert plan.members_with_zone == 60_000


# --- the membership count ------------------------------------------------------------------


@pytest.fixture
def group(db):
    return WorkingGroupFactory()


def test_a_groups_time_zones_are_counted_in_one_query(group, django_assert_num_queries):
    add_members(group, 3, time_zone="Europe/London")
    add_members(group, 2, time_zone="Asia/Kolkata")
    add_members(group, 2, time_zone="")
    gone = add_members(group, 1, time_zone="Asia/Kolkata")[0].user
    gone.is_active = False
    gone.save()
    add_members(WorkingGroupFactory(), 4, time_zone="America/Lima")
    with django_assert_num_queries(1):
        counts = Membership.objects.filter(group=group).time_zone_counts()
    assert counts == {"Europe/London": 3, "Asia/Kolkata": 2, "": 2}


# --- the page ------------------------------------------------------------------------------


def a_monday_ahead() -> date:
    """A Monday two to three weeks from now: a day the form accepts whenever the tests run."""
    today = date.today()
    return today + timedelta(days=14 + (7 - today.weekday()) % 7)


def local_to_utc(day: date, hour: int, zone: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)


def plan_url(group, **params) -> str:
    url = reverse("events:plan_meeting", kwargs={"slug": group.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.fixture
def co_chair_client(client, group):
    co_chair = CoChairFactory(group=group).user
    client.force_login(co_chair)
    return client


def test_a_visitor_is_sent_to_log_in(client, group):
    response = client.get(plan_url(group))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_members_who_do_not_lead_the_group_are_refused(client, group, member):
    client.force_login(MembershipFactory(group=group).user)
    assert client.get(plan_url(group)).status_code == 403
    client.force_login(member)
    assert client.get(plan_url(group)).status_code == 403
    client.force_login(CoChairFactory().user)  # a co-chair of another group
    assert client.get(plan_url(group)).status_code == 403


def test_a_co_chair_sees_the_best_slots_in_their_own_zone_without_links_to_the_admin(
    co_chair_client, group
):
    add_members(group, 4, time_zone="Europe/London")
    add_members(group, 2, time_zone="")
    session = co_chair_client.session
    session[SESSION_KEY] = "Africa/Nairobi"
    session.save()
    monday = a_monday_ahead()
    response = co_chair_client.get(plan_url(group, starting=monday, weeks=1, duration=60))
    assert response.status_code == 200
    html = response.content.decode()
    # The co-chair's own profile names no zone: four with a zone, three without.
    slots = response.context["slots"]
    assert len(slots) == 10
    first, link = slots[0]
    london_seven = local_to_utc(monday, 7, "Europe/London")
    assert (first.starts_at, first.members_in_hours, first.members_with_zone) == (
        london_seven,
        4,
        4,
    )
    assert f'<time datetime="{london_seven.isoformat().replace("+00:00", "Z")}">' in html
    assert "(Africa/Nairobi)" in html
    assert "4 of 4 members (100%)" in html
    assert "3 members have no time zone in their profile" in html
    # Co-chairs schedule the meeting themselves: each time links to the group's form.
    assert urlsplit(link).path == reverse("events:schedule_meeting", kwargs={"slug": group.slug})
    assert "Schedule at this time" in html
    assert "<caption>" in html and 'scope="row"' in html


def test_the_schedule_link_carries_the_start_on_the_organisers_clock(client, staff, group):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    add_members(group, 2, time_zone="Europe/London")
    session = client.session
    session[SESSION_KEY] = "America/New_York"
    session.save()
    monday = a_monday_ahead()
    response = client.get(plan_url(group, starting=monday, weeks=1, duration=90))
    assert response.status_code == 200
    slot, link = response.context["slots"][0]
    assert slot.starts_at == local_to_utc(monday, 7, "Europe/London")
    in_new_york = slot.starts_at.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    url = urlsplit(link)
    assert url.path == reverse("events:schedule_meeting", kwargs={"slug": group.slug})
    assert parse_qs(url.query) == {
        # On the organiser's clock (New York), which is the event's zone too.
        "starts_on": [in_new_york.date().isoformat()],
        "starts_time": [in_new_york.strftime("%H:%M")],
        "time_zone": ["America/New_York"],
        "duration": ["90"],
    }
    assert "Schedule at this time" in response.content.decode()


def test_an_empty_query_plans_an_hour_over_the_next_two_weeks(co_chair_client, group):
    add_members(group, 1, time_zone="Asia/Manila")
    response = co_chair_client.get(plan_url(group))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form.cleaned_data["weeks"], form.cleaned_data["duration"]) == (2, 60)
    assert response.context["slots"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"starting": "2020-01-06"}, "past meetings cannot be planned"),
        ({"starting": "2099-01-05"}, "within the coming year"),
        ({"starting": "not-a-date"}, "Enter a valid date"),
        ({"weeks": "9"}, "Select a valid choice"),
        ({"duration": "45"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_answered_with_the_form_kept_and_what_to_fix(
    co_chair_client, group, params, message
):
    response = co_chair_client.get(plan_url(group, **params))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    value = next(iter(params.values()))
    assert f'value="{value}"' in html or value.isdigit()
    assert "slots" not in response.context


def queries_for(client, group) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(plan_url(group, starting=a_monday_ahead(), weeks=6, duration=120))
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_3_and_60_members(co_chair_client, group):
    add_members(group, 3, time_zone="Europe/London")
    few = queries_for(co_chair_client, group)
    add_members(group, 30, time_zone="Asia/Kolkata")
    add_members(group, 27, time_zone="America/Bogota")
    many = queries_for(co_chair_client, group)
    assert few == many <= 4


def test_the_schedule_link_fills_the_new_events_start_in_the_admin(client):
    staff = StaffFactory(is_superuser=True)
    activate_totp(staff)
    client.force_login(staff)
    response = client.get(
        reverse("admin:events_event_add"),
        {"starts_at_0": "2027-03-10", "starts_at_1": "14:30", "time_zone": "Africa/Nairobi"},
    )
    assert response.status_code == 200
    starts_at = response.context["adminform"].form.initial["starts_at"]
    assert starts_at.isoformat() == "2027-03-10T14:30:00+03:00"
