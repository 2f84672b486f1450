from django import template
from django.core.cache import cache
from django.db.models import Exists, OuterRef

from members.directory_cache import directory_version
from members.models import Profile
from working_groups.models import Membership, WorkingGroup

register = template.Library()

# A group page shows this many of its listed members; the directory, filtered by the group,
# lists them all.
MEMBERS_SHOWN = 48
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


@register.simple_tag
def group_co_chairs(group) -> list:
    """The group's co-chairs, each with `is_listed` (whether their profile may be linked)."""
    listed = Profile.objects.listed().filter(user=OuterRef("user"))
    return list(
        group.memberships.co_chairs()
        .select_related("user__profile")
        .annotate(is_listed=Exists(listed))
        .order_by("created_at", "pk")
    )


@register.simple_tag
def group_listed_members(group) -> dict:
    """The first members who chose to be listed (shown to signed-in members only, as the
    directory), and whether there are more than the page shows."""
    members = list(
        group.listed_profiles(role=Membership.Role.MEMBER).order_by("full_name", "pk")[
            : MEMBERS_SHOWN + 1
        ]
    )
    return {"shown": members[:MEMBERS_SHOWN], "more": len(members) > MEMBERS_SHOWN}
