"""Site-wide template tags: `{% load portal %}`."""

from datetime import UTC

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html

from lpsa.timezones import zone_label

register = template.Library()


@register.simple_tag
def local_time(value, format_name: str = "DATETIME_FORMAT"):
    """A <time> in the viewer's zone, which it names: "23 Nov 2026, 14:00 (Africa/Nairobi)".

    The middleware has activated the viewer's zone; the machine-readable value stays in UTC.
    """
    if not value:
        return ""
    return format_html(
        '<time datetime="{}">{} ({})</time>',
        value.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        date_filter(timezone.localtime(value), format_name),
        zone_label(timezone.get_current_timezone()),
    )
