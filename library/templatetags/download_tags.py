"""`{% load download_tags %}{% downloads resource %}`: "1,234 downloads", for the resource's page
and lists (the count is `Resource.download_count`, unique downloads kept by library.downloads)."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def downloads(resource) -> str:
    count = resource.download_count
    return ngettext("%(count)s download", "%(count)s downloads", count) % {"count": intcomma(count)}
