"""Which meeting start times suit most of a working group, from the time zones in its profiles.

A start suits a member when the whole meeting falls between WORKDAY_STARTS and WORKDAY_ENDS of
their own clock, and, unless weekends are allowed, on a Monday to Friday of their own calendar.
Members are taken by zone (a group of thousands has a few dozen), and for each zone and local
day the starts that suit it form one interval of UTC time, found with that day's offset, so a
change of clocks is counted where it happens. Each interval adds its members to the candidate
starts it covers (a difference array): the work grows with zones times days, not with members
times candidates.
"""

import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from lpsa.timezones import is_known

# Waking working hours on the member's own clock: the meeting starts and ends within them.
WORKDAY_STARTS = time(7, 0)
WORKDAY_ENDS = time(21, 0)
DEFAULT_STEP = timedelta(minutes=30)
SATURDAY = 5  # date.weekday(): Saturday and Sunday are 5 and 6


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # UTC
    members_in_hours: int
    members_with_zone: int

    @property
    def share(self) -> float:
        return self.members_in_hours / self.members_with_zone if self.members_with_zone else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)


@dataclass(frozen=True)
class MeetingPlan:
    slots: list[Slot]  # best first; only starts that suit at least one member
    members_with_zone: int
    # Members whose profile names no zone, or one the zone database does not know: not
    # counted in any share, and never taken to be in UTC.
    members_without_zone: int


def _utc_at(day: date, at: time, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _ceil_index(moment: datetime, origin: datetime, step: timedelta) -> int:
    return -((origin - moment) // step)


def rank_meeting_slots(
    zone_counts: Mapping[str, int],
    *,
    first_day: date,
    days: int,
    duration: timedelta,
    step: timedelta = DEFAULT_STEP,
    weekdays_only: bool = True,
    not_before: datetime | None = None,
    day_zone: str = "UTC",
) -> MeetingPlan:
    """Candidate starts every `step` (on the step's grid in UTC: :00 and :30 for half an hour)
    from `first_day` for `days` days, both read in `day_zone` (the organiser's), ranked by how
    many members of known zone the whole meeting suits; ties go to the earlier start.

    `zone_counts` maps an IANA zone name to its number of members; blank or unknown names are
    counted as members without a zone. `not_before` drops starts before that moment (now)."""
    if duration <= timedelta(0) or step <= timedelta(0) or days < 1:
        raise ValueError("duration, step and days must be positive")
    known: dict[str, int] = {}
    without_zone = 0
    for name, count in zone_counts.items():
        if is_known(name):
            known[name] = known.get(name, 0) + count
        else:
            without_zone += count
    with_zone = sum(known.values())

    range_zone = zoneinfo.ZoneInfo(day_zone) if is_known(day_zone) else UTC
    range_start = datetime.combine(first_day, time(0), tzinfo=range_zone).astimezone(UTC)
    range_end = datetime.combine(
        first_day + timedelta(days=days), time(0), tzinfo=range_zone
    ).astimezone(UTC)
    if not_before is not None:
        range_start = max(range_start, not_before.astimezone(UTC))
    epoch = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday at midnight: the grid's anchor
    origin = epoch + _ceil_index(range_start, epoch, step) * step
    candidates = _ceil_index(range_end, origin, step)
    if candidates <= 0 or not known:
        return MeetingPlan([], with_zone, without_zone)

    # added[i] - removed[i]: the members that candidate i suits, as a running sum.
    change = [0] * (candidates + 1)
    # Clocks differ by at most 26 hours: two days either side cover every zone's days.
    local_days = [first_day + timedelta(days=n) for n in range(-2, days + 2)]
    for name, count in known.items():
        zone = zoneinfo.ZoneInfo(name)
        for day in local_days:
            if weekdays_only and day.weekday() >= SATURDAY:
                continue
            earliest = _utc_at(day, WORKDAY_STARTS, zone)
            latest = _utc_at(day, WORKDAY_ENDS, zone) - duration
            first = max(_ceil_index(earliest, origin, step), 0)
            last = min((latest - origin) // step, candidates - 1)
            if first <= last:
                change[first] += count
                change[last + 1] -= count

    suited = []
    running = 0
    for index in range(candidates):
        running += change[index]
        if running:
            suited.append((-running, index))
    suited.sort()
    slots = [Slot(origin + index * step, -minus, with_zone) for minus, index in suited]
    return MeetingPlan(slots, with_zone, without_zone)
