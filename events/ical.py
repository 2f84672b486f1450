"""iCalendar (RFC 5545) files and feeds of events, made with the icalendar library.

The join link of an online event goes only where a confirmed registrant asked for it: the `.ics`
attached to their confirmation email (`event_ics(..., registration=...)`) and their personal
feed (`calendar_for(..., include_join_url_for=...)`). Every other file and feed is public.
"""

from collections.abc import Collection, Iterable
from datetime import UTC, date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, Registration

PRODID = "-//Local Public Sector Alliance//LPSA portal//EN"
# Feeds ask subscribed calendars to come back every few hours, so a cancellation reaches them
# the same day; most clients honour one of the two spellings, some neither.
FEED_REFRESH = timedelta(hours=6)


def calendar_for(
    events: Iterable[Event], *, name: str, include_join_url_for: Collection[int] | None = None
) -> bytes:
    """A calendar of these events. `include_join_url_for` holds the primary keys of the events
    whose join link may be written: those a member's registration is confirmed for (their
    personal feed). Reads nothing beyond the events' own columns."""
    with_join_url = include_join_url_for or ()
    calendar = _calendar(name)
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", FEED_REFRESH)
    events = list(events)
    for event in events:
        calendar.add_component(_vevent(event, join_url=event.pk in with_join_url))
    _add_timezones(calendar, events)
    return calendar.to_ical()


def event_ics(event: Event, *, registration: Registration | None = None) -> bytes:
    """The `.ics` of one event; with the join link only when `registration` is a confirmed
    registration for this very event (the confirmation email's attachment)."""
    join_url = (
        registration is not None
        and registration.event_id == event.pk
        and registration.status == Registration.Status.CONFIRMED
    )
    calendar = _calendar(event.title)
    calendar.add_component(_vevent(event, join_url=join_url))
    _add_timezones(calendar, [event])
    return calendar.to_ical()


def event_page_url(event: Event) -> str:
    return settings.SITE_URL + event.get_absolute_url()


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    # PUBLISH, not REQUEST: REQUEST is an iTIP invitation, which clients answer by mailing an
    # RSVP to an ORGANIZER and which needs the recipient as ATTENDEE; we keep registrations
    # ourselves and read no replies. A cancelled event is published with STATUS:CANCELLED
    # rather than METHOD:CANCEL for the same reason.
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    return calendar


def _vevent(event: Event, *, join_url: bool) -> icalendar.Event:
    zone = _zone(event.time_zone)
    page_url = event_page_url(event)
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    # With a METHOD, DTSTAMP is when this file was made (RFC 5545, 3.8.7.2); the last edit is
    # LAST-MODIFIED.
    vevent.add("dtstamp", timezone.now())
    vevent.add("created", event.created_at)
    vevent.add("last-modified", event.updated_at)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.title)
    vevent.add("description", _description(event, page_url=page_url, join_url=join_url))
    vevent.add("url", page_url, parameters={"VALUE": "URI"})
    vevent.add("location", event.venue or _("Online"))
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("categories", [str(event.get_kind_display())])
    if join_url and event.join_url:
        # RFC 7986: clients that know it show a join button.
        vevent.add(
            "conference",
            event.join_url,
            parameters={"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"], "LABEL": _("Join online")},
        )
    return vevent


def _description(event: Event, *, page_url: str, join_url: bool) -> str:
    parts = []
    if event.is_cancelled:
        parts.append(_("This event is cancelled."))
    parts.extend(text for text in (event.summary, event.description) if text)
    if join_url and event.join_url:
        parts.append(_("Join online: %(url)s") % {"url": event.join_url})
    parts.append(_("Details: %(url)s") % {"url": page_url})
    return "\n\n".join(parts)


def _zone(name: str):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # A zone the system does not know: the times stay right, written in UTC.
        return UTC


def _add_timezones(calendar: icalendar.Calendar, events: list[Event]) -> None:
    """A VTIMEZONE for each zone the events use, covering the years around them only: the
    rules of 1970 to 2038 would add kilobytes per zone to every feed."""
    if not events:
        return
    first = date(min(event.starts_at for event in events).year - 1, 1, 1)
    last = date(max(event.ends_at for event in events).year + 2, 1, 1)
    tzids = sorted(calendar.get_missing_tzids())
    # VTIMEZONEs come before the events that name them (some parsers read in one pass).
    calendar.subcomponents[:0] = [_vtimezone(tzid, first, last) for tzid in tzids]


@lru_cache(maxsize=256)
def _vtimezone(tzid: str, first: date, last: date) -> icalendar.Timezone:
    # Working the transitions out costs milliseconds per zone; the component is only read.
    return icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)
