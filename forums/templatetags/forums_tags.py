from django import template
from django.utils.translation import gettext as _

from forums.models import Category, Topic

register = template.Library()

GROUP_FORUM_TOPICS = 5


@register.filter
def member_name(user) -> str:
    """An author's name as members show it; never their address."""
    if user is None:
        return _("A former member")
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else _("LPSA member")


@register.inclusion_tag("forums/includes/group_forum_topics.html", takes_context=True)
def group_forum_topics(context, group):
    """A working group's forum: its five latest topics the viewer may read (two queries)."""
    user = context["request"].user
    category = Category.objects.visible_to(user).filter(group=group).first()
    topics = []
    if category is not None:
        topics = list(
            Topic.objects.visible_to(user)
            .filter(category=category)
            .order_by("-last_posted_at", "-pk")[:GROUP_FORUM_TOPICS]
        )
    return {"category": category, "topics": topics}
