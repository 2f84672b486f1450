from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from members import services
from members.directory_cache import directory_version
from members.models import Profile

register = template.Library()

REGION_COUNTS_CACHE_KEY = "members:listed-by-region"


@register.inclusion_tag("members/includes/members_by_region.html")
def members_by_region():
    """Aggregate counts only: safe for visitors. Counted every ten minutes by a task, and
    cached because the landing page is hot."""
    counts = cache.get(REGION_COUNTS_CACHE_KEY)
    if counts is None:
        counts = services.listed_members_by_region()
        cache.set(REGION_COUNTS_CACHE_KEY, counts, 600)
    return counts


@register.simple_tag(takes_context=True)
def profile_completeness_panel(context) -> str:
    """The members app's panel on the member home: how complete the viewer's profile is. Kept
    under the directory's version, which any change to a profile moves on."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return ""
    key = f"members:completeness-panel:{directory_version(request)}:{user.pk}:{get_language()}"
    html = cache.get(key)
    if html is None:
        profile = Profile.objects.filter(user=user).with_lists_filled().first()
        html = render_to_string(
            "members/includes/profile_completeness_panel.html", {"profile": profile}, request
        )
        cache.set(key, html, 60 * 60)
    return html
