from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from events.city_strip import CITIES_BY_REGION, WORLDWIDE, city_strip, offset_label
from events.models import Event
from taxonomy import regions
from taxonomy.models import Region

# Mid-January and mid-July 2026: northern winter and southern summer, then the reverse.
JANUARY = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
JULY = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


def entry_named(strip, name):
    return next(entry for entry in strip if name in [str(city) for city in entry.cities])


def names(strip):
    return [", ".join(str(city) for city in entry.cities) for entry in strip]


def test_washington_is_on_eastern_daylight_time_in_july_and_standard_time_in_january():
    july = entry_named(city_strip(JULY, [regions.NORTH_AMERICA]), "Washington DC")
    january = entry_named(city_strip(JANUARY, [regions.NORTH_AMERICA]), "Washington DC")
    assert (july.local.hour, july.offset_label) == (8, "UTC-4")
    assert (january.local.hour, january.offset_label) == (7, "UTC-5")


def test_sydney_is_on_summer_time_in_january_and_standard_time_in_july():
    january = entry_named(city_strip(JANUARY, [regions.ASIA_PACIFIC]), "Sydney")
    july = entry_named(city_strip(JULY, [regions.ASIA_PACIFIC]), "Sydney")
    assert (january.local.hour, january.offset_label) == (23, "UTC+11")
    assert (july.local.hour, july.offset_label) == (22, "UTC+10")


def test_the_day_the_clocks_change_in_new_york_moves_washington_by_an_hour():
    # 8 March 2026, 02:00 local: clocks go forward.
    before = datetime(2026, 3, 8, 6, 30, tzinfo=UTC)  # 01:30 EST
    after = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT
    assert entry_named(city_strip(before, [regions.NORTH_AMERICA]), "Washington DC").local.hour == 1
    assert entry_named(city_strip(after, [regions.NORTH_AMERICA]), "Washington DC").local.hour == 3


def test_new_delhi_is_half_an_hour_off_the_hour():
    delhi = entry_named(city_strip(JANUARY, [regions.ASIA_PACIFIC]), "New Delhi")
    assert (delhi.local.hour, delhi.local.minute) == (17, 30)
    assert delhi.offset_label == "UTC+5:30"
    assert offset_label(timedelta(hours=-3, minutes=-30)) == "UTC-3:30"
    assert offset_label(timedelta(0)) == "UTC"


def test_entries_run_from_west_to_east():
    strip = city_strip(JULY, [regions.ASIA_PACIFIC, regions.NORTH_AMERICA, regions.AFRICA])
    assert names(strip) == ["Washington DC", "Dakar", "Nairobi", "New Delhi", "Manila", "Sydney"]
    offsets = [entry.utc_offset for entry in strip]
    assert offsets == sorted(offsets)


def test_cities_showing_the_same_time_share_one_entry():
    # In January Bogotá and Washington are both five hours behind UTC, London and Dakar on it;
    # in July Washington and London move an hour ahead and part from them.
    january = city_strip(
        JANUARY,
        [regions.NORTH_AMERICA, regions.LATIN_AMERICA, regions.EUROPE_CENTRAL_ASIA, regions.AFRICA],
    )
    assert names(january) == [
        "Mexico City",
        "Washington DC, Bogotá",
        "São Paulo",
        "London, Dakar",
        "Brussels",
        "Nairobi",
        "Tashkent",
    ]
    july = city_strip(JULY, [regions.NORTH_AMERICA, regions.LATIN_AMERICA])
    assert names(july) == ["Mexico City", "Bogotá", "Washington DC", "São Paulo"]


def test_an_event_for_no_region_gets_the_worldwide_set():
    strip = city_strip(JULY, [])
    assert names(strip) == [str(city.name) for city in WORLDWIDE]
    assert names(city_strip(JULY, ["antarctica"])) == names(strip)


def test_every_region_has_one_to_three_cities_with_real_zones():
    assert set(CITIES_BY_REGION) == {
        regions.AFRICA,
        regions.MENA,
        regions.ASIA_PACIFIC,
        regions.EUROPE_CENTRAL_ASIA,
        regions.LATIN_AMERICA,
        regions.NORTH_AMERICA,
    }
    for cities in CITIES_BY_REGION.values():
        assert 1 <= len(cities) <= 3
        for city in cities:
            city_strip(JULY, [], home_zone=city.zone)  # a bad zone name raises here


def test_a_city_on_another_day_than_the_event_says_so():
    # 18:00 in New York on 15 January is already the 16th in Manila and Sydney.
    evening = datetime(2026, 1, 15, 23, 0, tzinfo=UTC)
    strip = city_strip(evening, [regions.ASIA_PACIFIC], home_zone="America/New_York")
    assert [entry.day_shift for entry in strip] == [1, 1, 1]
    # Seen from UTC, where it is still the 15th, New Delhi is the 16th too (04:30).
    assert entry_named(city_strip(evening, [regions.ASIA_PACIFIC]), "New Delhi").day_shift == 1
    morning = datetime(2026, 1, 15, 3, 0, tzinfo=UTC)
    strip = city_strip(morning, [regions.NORTH_AMERICA], home_zone="Asia/Manila")
    assert entry_named(strip, "Washington DC").day_shift == -1


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        city_strip(datetime(2026, 1, 15, 12, 0), [])


@pytest.fixture
def event(db):
    return Event.objects.create(
        title="Fiscal transfers webinar",
        slug="fiscal-transfers",
        kind=Event.Kind.WEBINAR,
        starts_at=datetime(2026, 1, 15, 23, 0, tzinfo=UTC),
        ends_at=datetime(2026, 1, 16, 0, 30, tzinfo=UTC),
        time_zone="America/New_York",
    )


def render_strip(event) -> str:
    return Template("{% load events_tags %}{% event_city_strip event %}").render(
        Context({"event": event})
    )


def test_the_tag_shows_each_city_at_its_own_time_whatever_the_viewers_zone(event):
    event.regions.set(Region.objects.filter(slug=regions.ASIA_PACIFIC))
    with timezone.override("Africa/Nairobi"):
        html = render_strip(event)
    delhi = '<time datetime="2026-01-16T04:30:00+05:30">4:30 a.m. (January 16)</time> New Delhi'
    assert delhi in html
    assert '<time datetime="2026-01-16T07:00:00+08:00">7 a.m. (January 16)</time> Manila' in html
    assert '<time datetime="2026-01-16T10:00:00+11:00">10 a.m. (January 16)</time> Sydney' in html


def test_the_tag_adds_no_date_when_the_city_shares_the_events_day(event):
    event.regions.set(Region.objects.filter(slug=regions.NORTH_AMERICA))
    html = render_strip(event)
    assert '<time datetime="2026-01-15T18:00:00-05:00">6 p.m.</time> Washington DC' in html


def test_the_tag_formats_times_in_the_active_language(event):
    event.regions.set(Region.objects.filter(slug=regions.ASIA_PACIFIC))
    with translation.override("fr"):
        html = render_strip(event)
    assert ">04:30 (16 janvier)</time> New Delhi" in html
    assert 'aria-label="' in html


def test_the_tag_uses_the_worldwide_set_for_an_event_without_regions(event):
    html = render_strip(event)
    for city in WORLDWIDE:
        assert f"</time> {city.name}" in html or f", {city.name}" in html
