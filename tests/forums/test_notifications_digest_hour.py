"""Daily digests go out in each member's own morning (DIGEST_LOCAL_HOUR in their zone), once a
day: the beat job runs every 15 minutes and picks the members whose morning it is.

The clock is walked with explicit `now` values: `beat(now)` is one run of the job with the
worker delivering at that same moment."""

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from forums import notifications, tasks
from forums.models import MemberSettings, Notification, NotificationFrequency
from tests.forums.factories import PostFactory
from tests.members.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

BEAT = timedelta(minutes=15)
NEW_YORK = ZoneInfo("America/New_York")


def daily_member(time_zone: str = "", user=None):
    member = user or MemberFactory(profile__time_zone=time_zone)
    MemberSettings.objects.create(user=member, frequency=NotificationFrequency.DAILY)
    something_waiting(member)
    return member


def something_waiting(member) -> None:
    Notification.objects.create(user=member, post=PostFactory(), reason=Notification.Reason.REPLY)


def beat(now: datetime) -> list[str]:
    """The digest job at `now`; returns whom digests went to."""
    before = len(mail.outbox)
    for user_id in notifications.digest_user_ids(now=now):
        notifications.deliver_digest(user_id=user_id, now=now)
    return [message.to[0] for message in mail.outbox[before:]]


def walk(start: datetime, end: datetime, *, every_midnight_utc=()) -> list[tuple[datetime, str]]:
    """Runs the job every 15 minutes from `start` to `end`; at each UTC midnight the members in
    `every_midnight_utc` get something new to read. Returns (when, to whom) for each digest."""
    sent = []
    now = start
    while now < end:
        if now.hour == 0 and now.minute == 0:
            for member in every_midnight_utc:
                something_waiting(member)
        sent += [(now, address) for address in beat(now)]
        now += BEAT
    return sent


def test_each_member_gets_the_digest_in_their_own_morning_not_at_six_utc():
    kathmandu = daily_member("Asia/Kathmandu")  # UTC+05:45
    new_york = daily_member("America/New_York")  # UTC-04:00 in June
    utc = daily_member("")
    nowhere = daily_member("Mars/Olympus_Mons")  # not a zone: read as UTC
    day = datetime(2026, 6, 15, tzinfo=UTC)

    sent = walk(day, day + timedelta(days=1))

    assert sorted(sent) == [
        (day.replace(hour=0, minute=15), kathmandu.email),  # 06:00 in Kathmandu
        *sorted([(day.replace(hour=6), utc.email), (day.replace(hour=6), nowhere.email)]),
        (day.replace(hour=10), new_york.email),  # 06:00 in New York (EDT)
    ]


def test_at_six_utc_only_members_whose_morning_it_is_are_picked():
    daily_member("Asia/Kathmandu")
    daily_member("America/New_York")
    utc = daily_member("")
    six_utc = datetime(2026, 1, 15, 6, 0, tzinfo=UTC)
    assert list(notifications.digest_user_ids(now=six_utc)) == [utc.pk]


def test_an_account_without_a_profile_is_read_as_utc():
    bare = daily_member(user=UserFactory())
    assert list(notifications.digest_user_ids(now=datetime(2026, 1, 15, 5, 59, tzinfo=UTC))) == []
    six_utc = datetime(2026, 1, 15, 6, 30, tzinfo=UTC)
    assert list(notifications.digest_user_ids(now=six_utc)) == [bare.pk]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(datetime(2026, 3, 8, tzinfo=UTC), id="clocks-forward"),
        pytest.param(datetime(2026, 11, 1, tzinfo=UTC), id="clocks-back"),
    ],
)
def test_across_a_daylight_saving_change_new_york_gets_exactly_one_digest_a_day(change):
    new_york = daily_member("America/New_York")

    sent = walk(
        change - timedelta(days=3), change + timedelta(days=3), every_midnight_utc=[new_york]
    )

    local = [when.astimezone(NEW_YORK) for when, _address in sent]
    assert [when.hour for when in local] == [notifications.DIGEST_LOCAL_HOUR] * len(local)
    days = [when.date() for when in local]
    assert len(days) == len(set(days)) == 6
    assert days == sorted(days) and (days[-1] - days[0]).days == 5
    # The UTC hour moved with the clocks; the member's morning did not.
    assert len({when.hour for when, _address in sent}) == 2


def test_a_repeated_run_in_the_same_hour_sends_nothing_more():
    member = daily_member("Europe/Paris")
    morning = datetime(2026, 6, 15, 6, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert beat(morning) == [member.email]
    something_waiting(member)
    assert beat(morning) == []
    assert beat(morning + BEAT) == []
    assert beat(morning + 3 * BEAT) == []
    # The next morning it is all there.
    assert beat(morning + timedelta(days=1)) == [member.email]
    assert mail.outbox[-1].subject.endswith(": 1 new post")


def test_a_member_who_moves_west_after_the_days_digest_gets_no_second_one_that_day():
    member = daily_member("Asia/Tokyo")
    tokyo_morning = datetime(2026, 6, 15, 6, 5, tzinfo=ZoneInfo("Asia/Tokyo"))  # 21:05 UTC
    assert beat(tokyo_morning) == [member.email]
    member.profile.time_zone = "America/New_York"
    member.profile.save()
    something_waiting(member)
    new_york_morning = datetime(2026, 6, 15, 6, 5, tzinfo=NEW_YORK)  # 13 hours later
    assert beat(new_york_morning) == []
    assert beat(new_york_morning + timedelta(days=1)) == [member.email]


@pytest.mark.parametrize("members", [3, 30])
def test_picking_the_members_costs_two_queries_however_many_members_and_zones(
    members, django_assert_num_queries
):
    zones = ["", "Asia/Kathmandu", "America/New_York", "Europe/Paris", "Africa/Nairobi"]
    for number in range(members):
        daily_member(zones[number % len(zones)])
    with django_assert_num_queries(2):
        picked = list(notifications.digest_user_ids(now=datetime(2026, 6, 15, 6, tzinfo=UTC)))
    assert len(picked) == len(range(0, members, len(zones)))


def zones_in_and_out_of_the_digest_hour_now(margin_seconds: int = 30) -> tuple[str, str]:
    """A zone where it is the digest hour now, and one where it is twelve hours off; for tests
    of the real beat task. Within `margin_seconds` of the next hour, waits for it first, so the
    hour does not turn while the test runs."""
    now = timezone.now()
    if (now + timedelta(seconds=margin_seconds)).hour != now.hour:
        time.sleep(margin_seconds + 1)
        now = timezone.now()
    offset = (notifications.DIGEST_LOCAL_HOUR - now.hour) % 24
    offset = offset - 24 if offset > 12 else offset
    evening_offset = offset + 12 if offset <= 0 else offset - 12
    return _etc_zone(offset), _etc_zone(evening_offset)


def _etc_zone(offset: int) -> str:
    # The Etc zones' signs are POSIX's, the other way round: Etc/GMT-3 is UTC+03:00.
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


def test_the_beat_task_sends_digests_to_members_whose_morning_it_is_now():
    morning, evening = zones_in_and_out_of_the_digest_hour_now()
    awake = daily_member(morning)
    daily_member(evening)

    tasks.send_daily_digests()  # eager: the deliveries ran

    assert [message.to for message in mail.outbox] == [[awake.email]]
