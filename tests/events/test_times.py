"""An event's time in the viewer's zone beside its own, each zone named, right across
daylight-saving changes in both hemispheres."""

import html
import zoneinfo
from datetime import UTC, datetime, timedelta

from django.utils import timezone, translation

from events.templatetags.event_times import event_time_text, event_when
from tests.events.factories import EventFactory


def at(utc: datetime, *, zone: str):
    return EventFactory.build(starts_at=utc, ends_at=utc + timedelta(hours=1), time_zone=zone)


def shown_to(event, viewer_zone: str) -> str:
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo(viewer_zone)):
        return html.unescape(str(event_when(event)))


def test_the_same_utc_hour_reads_differently_across_a_northern_dst_change():
    # 13:00 UTC is 9 a.m. in New York on summer time (EDT, until 1 November), 8 a.m. after.
    summer = at(datetime(2026, 10, 27, 13, 0, tzinfo=UTC), zone="America/New_York")
    winter = at(datetime(2026, 11, 3, 13, 0, tzinfo=UTC), zone="America/New_York")
    assert "9 a.m." in shown_to(summer, "America/New_York")
    assert "8 a.m." in shown_to(winter, "America/New_York")


def test_the_southern_hemisphere_changes_the_other_way():
    # Santiago leaves summer time in April and starts it in September.
    before = at(datetime(2026, 4, 1, 15, 0, tzinfo=UTC), zone="America/Santiago")
    after = at(datetime(2026, 4, 8, 15, 0, tzinfo=UTC), zone="America/Santiago")
    assert "noon" in shown_to(before, "America/Santiago")  # UTC-3
    assert "11 a.m." in shown_to(after, "America/Santiago")  # UTC-4


def test_the_viewers_zone_is_named_and_the_events_own_shown_beside_it():
    event = at(datetime(2026, 12, 8, 13, 0, tzinfo=UTC), zone="Europe/London")
    html = shown_to(event, "Africa/Nairobi")
    assert "4 p.m." in html and "(Africa/Nairobi)" in html
    assert "The event's own time:" in html and "1 p.m." in html and "(Europe/London)" in html
    assert 'datetime="2026-12-08T13:00:00Z"' in html


def test_a_viewer_in_the_events_zone_sees_one_time():
    event = at(datetime(2026, 12, 8, 13, 0, tzinfo=UTC), zone="Europe/London")
    assert "The event's own time" not in shown_to(event, "Europe/London")


def test_email_gives_the_events_own_time_and_zone():
    event = at(datetime(2026, 7, 8, 12, 30, tzinfo=UTC), zone="Asia/Kolkata")
    with translation.override("en"):
        text = event_time_text(event)
    assert text == "Wednesday, July 8, 2026, 6 p.m.\N{EN DASH}7 p.m. (Asia/Kolkata)"
