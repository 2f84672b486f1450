from django import template
from django.core.cache import cache

from members.models import Profile

register = template.Library()

REGION_COUNTS_CACHE_KEY = "members:count-by-region"


@register.inclusion_tag("members/includes/members_by_region.html")
def members_by_region():
    """Aggregate counts only: safe for visitors, cached because the landing page is hot."""
    regions = cache.get(REGION_COUNTS_CACHE_KEY)
    if regions is None:
        regions = Profile.objects.listed().count_by_region()
        cache.set(REGION_COUNTS_CACHE_KEY, regions, 600)
    return {"regions": regions, "total": sum(region["count"] for region in regions)}
