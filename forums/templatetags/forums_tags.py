from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from forums import permissions
from forums.cache import FRAGMENT_SECONDS, forum_version
from forums.models import Category
from lpsa.page_cache import fragment_key

register = template.Library()

GROUP_FORUM_TOPICS = 5


@register.filter
def member_name(user) -> str:
    """An author's name as members show it; never their address."""
    if user is None:
        return _("A former member")
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else _("LPSA member")


@register.simple_tag(takes_context=True)
def group_forum_topics(context, group) -> str:
    """A working group's forum on its page: the five latest topics the viewer may read.

    Rendered once per version of the forums for moderators (who see hidden topics) and for
    everyone else, and kept; whether this viewer may read a private forum at all is asked per
    request, so the kept panel serves members and outsiders alike."""
    request = context["request"]
    user = request.user
    moderator = permissions.is_group_moderator(user, group.pk)
    key = fragment_key("group-forum", forum_version(request), group.pk, moderator)
    stored = cache.get(key)
    if stored is None:
        category = Category.objects.filter(group=group).first()
        topics = []
        if category is not None:
            topics = list(
                category.topics.shown_to(moderator=moderator).order_by("-last_posted_at", "-pk")[
                    :GROUP_FORUM_TOPICS
                ]
            )
        stored = {
            "private": category is not None and category.private,
            "html": render_to_string(
                "forums/includes/group_forum_topics.html", {"category": category, "topics": topics}
            ),
        }
        cache.set(key, stored, FRAGMENT_SECONDS)
    if stored["private"] and not permissions.can_read_group_forum(user, group.pk):
        return ""
    return mark_safe(stored["html"])  # rendered, so escaped, above
