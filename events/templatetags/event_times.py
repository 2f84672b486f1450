"""An event's times: in the viewer's zone beside the event's own, each zone named."""

import zoneinfo
from datetime import UTC

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from lpsa.timezones import zone_label

register = template.Library()

DASH = "\N{EN DASH}"


def _day(moment) -> str:
    """The weekday and the date in the active language's format: "Tuesday, Dec. 8, 2026"."""
    return f"{date_filter(moment, 'l')}, {date_filter(moment, 'DATE_FORMAT')}"


def _span(event, zone) -> str:
    """Like "Tuesday 8 December 2026, 13:00-14:30" (with an en dash), or with both dates when
    it ends on another day."""
    starts, ends = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    start_text = f"{_day(starts)}, {date_filter(starts, 'TIME_FORMAT')}"
    if starts.date() == ends.date():
        return f"{start_text}{DASH}{date_filter(ends, 'TIME_FORMAT')}"
    end_text = f"{_day(ends)}, {date_filter(ends, 'TIME_FORMAT')}"
    return f"{start_text} {DASH} {end_text}"


def event_zone(event) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@register.simple_tag
def event_time_text(event) -> str:
    """For email, where the reader's zone is unknown: the event's own time and zone."""
    zone = event_zone(event)
    return f"{_span(event, zone)} ({zone_label(zone)})"


@register.simple_tag
def event_when(event) -> str:
    """The event's times in the viewer's zone (the middleware's), named, and beside them the
    event's own when it differs: right across daylight-saving changes, since each instant is
    converted with its own date's offset."""
    viewer_zone = timezone.get_current_timezone()
    own_zone = event_zone(event)
    viewer = format_html(
        '<time datetime="{}">{}</time> <span class="zone">({})</span>',
        event.starts_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        _span(event, viewer_zone),
        zone_label(viewer_zone),
    )
    same_offsets = event.starts_at.astimezone(viewer_zone).utcoffset() == (
        event.starts_at.astimezone(own_zone).utcoffset()
    ) and str(viewer_zone) == str(own_zone)
    if same_offsets:
        return viewer
    return format_html(
        '{}<br><span class="small">{} {} ({})</span>',
        viewer,
        _("The event's own time:"),
        _span(event, own_zone),
        zone_label(own_zone),
    )
