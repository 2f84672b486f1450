"""The city strip under an event's time: "8:00 Washington DC · 13:00 London · 17:30 New Delhi".

Staff used to type it by hand; it is made here from a few cities of each region the event is
meant for (`Event.regions`), or from a worldwide set when it names none. Cities whose clocks
show the same time at the event's start share one entry ("7:00 Washington DC, Bogotá"), so the
strip stays short and each time in it is different; entries run from west to east.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils.translation import gettext_lazy as _

from lpsa.timezones import is_known
from taxonomy import regions


@dataclass(frozen=True)
class City:
    name: str  # a lazy translation
    zone: str


WASHINGTON = City(_("Washington DC"), "America/New_York")
MEXICO_CITY = City(_("Mexico City"), "America/Mexico_City")
BOGOTA = City(_("Bogotá"), "America/Bogota")
SAO_PAULO = City(_("São Paulo"), "America/Sao_Paulo")
LONDON = City(_("London"), "Europe/London")
BRUSSELS = City(_("Brussels"), "Europe/Brussels")
TASHKENT = City(_("Tashkent"), "Asia/Tashkent")
DAKAR = City(_("Dakar"), "Africa/Dakar")
NAIROBI = City(_("Nairobi"), "Africa/Nairobi")
CAIRO = City(_("Cairo"), "Africa/Cairo")
NEW_DELHI = City(_("New Delhi"), "Asia/Kolkata")
MANILA = City(_("Manila"), "Asia/Manila")
SYDNEY = City(_("Sydney"), "Australia/Sydney")

# One to three cities a region's members read times by, chosen to spread over the region's
# offsets: Central Asia is five hours from Brussels, the Pacific two to three from Manila.
CITIES_BY_REGION: dict[str, tuple[City, ...]] = {
    regions.NORTH_AMERICA: (WASHINGTON,),
    regions.LATIN_AMERICA: (MEXICO_CITY, BOGOTA, SAO_PAULO),
    regions.EUROPE_CENTRAL_ASIA: (LONDON, BRUSSELS, TASHKENT),
    regions.AFRICA: (DAKAR, NAIROBI),
    regions.MENA: (CAIRO,),
    regions.ASIA_PACIFIC: (NEW_DELHI, MANILA, SYDNEY),
}

# An event meant for no region in particular is meant for everyone: one city per region.
WORLDWIDE: tuple[City, ...] = (WASHINGTON, SAO_PAULO, LONDON, NAIROBI, NEW_DELHI, MANILA)


@dataclass(frozen=True)
class CityTime:
    """One entry of the strip: the cities whose clocks read `local` when the event starts."""

    cities: tuple[str, ...]  # lazy translations, in the order of the region table
    zone: str  # the first city's zone
    local: datetime  # aware, in `zone`
    offset_label: str  # "UTC-4", "UTC+5:30", "UTC"
    # Days ahead of (1) or behind (-1) the date in the event's own zone.
    day_shift: int

    @property
    def utc_offset(self) -> timedelta:
        return self.local.utcoffset()


def offset_label(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}:{minutes:02d}" if minutes else f"UTC{sign}{hours}"


def cities_for(region_slugs) -> list[City]:
    """The cities of the regions, each once, in the order of the region table."""
    wanted = set(region_slugs)
    cities = [
        city
        for slug, region_cities in CITIES_BY_REGION.items()
        if slug in wanted
        for city in region_cities
    ]
    return list(dict.fromkeys(cities)) or list(WORLDWIDE)


def city_strip(starts_at: datetime, region_slugs=(), *, home_zone: str = "UTC") -> list[CityTime]:
    """The strip for an event starting at `starts_at` (aware) and meant for `region_slugs`
    (none: the worldwide set). `home_zone` is the event's own zone: an entry on another
    calendar day than the event there says by how much."""
    if starts_at.tzinfo is None:
        raise ValueError("city_strip needs an aware datetime")
    moment = starts_at.astimezone(UTC)
    home = zoneinfo.ZoneInfo(home_zone) if is_known(home_zone) else UTC
    home_date = moment.astimezone(home).date()
    by_offset: dict[timedelta, list[tuple[City, datetime]]] = {}
    for city in cities_for(region_slugs):
        local = moment.astimezone(zoneinfo.ZoneInfo(city.zone))
        by_offset.setdefault(local.utcoffset(), []).append((city, local))
    strip = []
    for offset in sorted(by_offset):
        sharing = by_offset[offset]
        first_city, local = sharing[0]
        strip.append(
            CityTime(
                cities=tuple(city.name for city, _local in sharing),
                zone=first_city.zone,
                local=local,
                offset_label=offset_label(offset),
                day_shift=(local.date() - home_date).days,
            )
        )
    return strip
