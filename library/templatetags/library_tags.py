"""The library's tags: machine-readable metadata in a page, and a working group's outputs on
the group's page."""

import json
from urllib.parse import urlsplit

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from library.cache import FRAGMENT_SECONDS, LIBRARY
from library.models import CollectionItem
from lpsa.page_cache import fragment_key

register = template.Library()

GROUP_OUTPUTS_SHOWN = 5
# As django.utils.html.json_script: nothing in the data can close the script element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def external_host(url: str) -> str:
    """The site an external link leads to ("www.example.org"), said beside the link."""
    return urlsplit(url).hostname or ""


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """`data` as a schema.org JSON-LD block (allowed by the pages' no-inline-script rule: it is
    data, never run)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def group_library_collection(context, group) -> SafeString:
    """The group's outputs in the library: its collection's first resources, read in one query
    and kept rendered under the library's version, for visitors and for members."""
    request = context["request"]
    is_member = request.user.is_authenticated
    key = fragment_key("library-group", LIBRARY.current(request), group.pk, is_member)
    html = cache.get(key)
    if html is None:
        items = list(
            CollectionItem.objects.filter(collection__working_group=group)
            .select_related("collection", "resource")
            .order_by("position", "pk")[: GROUP_OUTPUTS_SHOWN + 1]
        )
        html = render_to_string(
            "library/includes/group_collection.html",
            {
                "collection": items[0].collection if items else None,
                "resources": [item.resource for item in items[:GROUP_OUTPUTS_SHOWN]],
                "more": len(items) > GROUP_OUTPUTS_SHOWN,
                "user": request.user,
            },
        )
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # rendered, so escaped, above
