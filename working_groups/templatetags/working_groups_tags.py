from django import template
from django.core.cache import cache

from members.directory_cache import directory_version
from working_groups.models import WorkingGroup

register = template.Library()

SUGGESTIONS_SHOWN = 3
SUGGESTIONS_SECONDS = 60 * 60


@register.inclusion_tag("working_groups/includes/suggested_groups.html", takes_context=True)
def suggested_working_groups(context):
    """The working groups app's panel on the member home: groups matching the interests the
    member gave at sign-up, with a one-click join. One query, then kept under the directory's
    version, which moves with any change to a profile, a group, a membership or a request."""
    request = context["request"]
    user = request.user
    groups: list = []
    if user.is_authenticated:
        key = f"working_groups:suggested:{directory_version(request)}:{user.pk}"
        groups = cache.get(key)
        if groups is None:
            groups = list(
                WorkingGroup.objects.suggested_for(user)
                .only("slug", "name", "summary", "join_policy")
                .order_by("kind", "name", "pk")[:SUGGESTIONS_SHOWN]
            )
            cache.set(key, groups, SUGGESTIONS_SECONDS)
    return {"groups": groups, "request": request, "csrf_token": context.get("csrf_token")}
