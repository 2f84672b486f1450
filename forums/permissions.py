"""Who may do what in the forums: named predicates that the views and templates ask.

Which categories, topics and posts a person may read at all is a lookup scope
(`Category.objects.visible_to(user)` and the same on Topic and Post); these predicates say what
they may do with what they can see. The rules:
- reading: anyone reads the general categories and public group categories; a private group
  category is read by the group's members and staff (see CategoryQuerySet.visible_to);
- posting: any signed-in active member in a general category; in a group's category, the group's
  members (and staff), so a group's forum is its members' conversation, open to be read;
- moderating: staff everywhere, a group's co-chairs in their group's category.

The user's group roles are read once per request (`working_groups.permissions.group_roles`), so
a page asks at most one query for them whatever it shows.
"""

from forums.models import Category, Post, Topic
from working_groups.models import Membership
from working_groups.permissions import group_roles


def group_role(user, group_id: int | None) -> str | None:
    """The user's role in a group ("member", "co-chair") or None."""
    if group_id is None:
        return None
    return group_roles(user).get(group_id)


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def can_read_group_forum(user, group_id: int) -> bool:
    """Whether the user may read a group's category were it private."""
    return _active(user) and (user.is_staff or group_role(user, group_id) is not None)


def can_read_category(user, category: Category) -> bool:
    return not category.private or can_read_group_forum(user, category.group_id)


def is_group_moderator(user, group_id: int | None) -> bool:
    """Staff, or a co-chair of the group: moderates the group's category (or, with None, the
    general ones, which only staff moderate)."""
    if not _active(user):
        return False
    return user.is_staff or group_role(user, group_id) == Membership.Role.CO_CHAIR


def can_moderate(user, category: Category) -> bool:
    return is_group_moderator(user, category.group_id)


def can_post_in(user, category: Category) -> bool:
    if not _active(user) or not can_read_category(user, category):
        return False
    if category.group_id is None or user.is_staff:
        return True
    return group_role(user, category.group_id) is not None


def can_reply(user, topic: Topic) -> bool:
    return not topic.locked and can_post_in(user, topic.category)


def can_edit_post(user, post: Post) -> bool:
    return (
        _active(user)
        and post.author_id == user.pk
        and post.deleted_at is None
        and not post.hidden
        and not post.topic.locked
    )


def can_delete_post(user, post: Post) -> bool:
    return can_edit_post(user, post)


def can_like(user, post: Post) -> bool:
    return (
        _active(user)
        and post.author_id != user.pk
        and post.deleted_at is None
        and not post.hidden
        and can_read_category(user, post.topic.category)
    )


def can_flag(user, post: Post) -> bool:
    return can_like(user, post)


def can_see_post_text(user, post: Post) -> bool:
    """A hidden post's text is for its moderators; a deleted one's for no one."""
    if post.deleted_at is not None:
        return False
    return not post.hidden or can_moderate(user, post.topic.category)


def can_open_moderation(user) -> bool:
    """The queue and the log: staff, and co-chairs of any group."""
    if not _active(user):
        return False
    return user.is_staff or Membership.objects.co_chairs().filter(user=user).exists()
