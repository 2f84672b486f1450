"""Site-wide template tags: `{% load portal %}`."""

from datetime import UTC

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from lpsa.page_cache import mark
from lpsa.sections import SECTIONS
from lpsa.timezones import zone_label

register = template.Library()

# Site-wide fragments (the header, the footer, the home's section tiles), rendered once per
# process for each combination of what they may depend on (language, signed in, staff, current
# section, at its root): the header and footer were a third of a short page's time. The two
# per-request parts (CSRF token, the path to come back to) are marks replaced in the stored HTML.
_CHROME: dict[tuple, str] = {}
_CSRF_MARK = "\x00csrf\x00"
_NEXT_MARK = "\x00next\x00"


@register.simple_tag(takes_context=True)
def site_chrome(context, template_name: str) -> str:
    request = context["request"]
    user = request.user
    section = context.get("current_section")
    language = get_language()
    key = (
        template_name,
        language,
        user.is_authenticated,
        user.is_staff,
        section.slug if section else None,
        section is not None and request.path == section.url,
    )
    html = _CHROME.get(key)
    if html is None:
        html = render_to_string(
            template_name,
            {
                "LANGUAGE_CODE": language,
                "user_is_authenticated": key[2],
                "user_is_staff": key[3],
                "portal_sections": SECTIONS,
                "current_section": section,
                "at_section_root": key[5],
                "csrf_input": mark_safe(_CSRF_MARK),
                "next_path": _NEXT_MARK,
            },
        )
        if not settings.DEBUG:  # while developing, template edits show at once
            _CHROME[key] = html
    csrf_input = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    return mark_safe(  # the stored HTML was escaped when rendered; the parts are escaped here
        html.replace(_CSRF_MARK, csrf_input).replace(_NEXT_MARK, escape(request.get_full_path()))
    )


@register.simple_tag
def page_mark(name: str, pk: int | None = None) -> str:
    """A place in a cached fragment for a per-request part (lpsa.page_cache.fill_marks)."""
    return mark(name, pk)


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
