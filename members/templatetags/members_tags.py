from django import template
from django.core.cache import cache

from members.models import Profile

register = template.Library()

REGION_COUNTS_CACHE_KEY = "members:listed-by-region"


@register.inclusion_tag("members/includes/members_by_region.html")
def members_by_region():
    """Aggregate counts only: safe for visitors, cached because the landing page is hot."""
    counts = cache.get(REGION_COUNTS_CACHE_KEY)
    if counts is None:
        counts = Profile.objects.listed().region_totals()
        cache.set(REGION_COUNTS_CACHE_KEY, counts, 600)
    return counts


@register.inclusion_tag("members/includes/profile_completeness_panel.html", takes_context=True)
def profile_completeness_panel(context):
    """The members app's panel on the member home: how complete the viewer's profile is."""
    user = context["request"].user
    profile = (
        Profile.objects.filter(user=user).with_lists_filled().first()
        if user.is_authenticated
        else None
    )
    return {"profile": profile}
