"""Every write in the forums: keyword-only, atomic, verb-named. The views check permissions
(forums.permissions) before calling these; the services keep the invariants (numbering, counters,
the moderation record)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from forums import notifications
from forums.markdown import render_post
from forums.models import Category, Flag, Like, ModerationAction, Post, ReadState, Topic
from working_groups.models import WorkingGroup


class TopicLocked(Exception):
    """A reply to a topic a moderator has locked."""


# --- categories ------------------------------------------------------------------------------


@transaction.atomic
def create_group_category(*, group: WorkingGroup) -> Category:
    """A working group's own category, made with the group and kept in step with it when the
    group is saved again (idempotent).

    Private exactly when the group is listed to members only: a group that does not show itself
    to visitors does not show its conversation either. Its members read and post; everyone else
    reads a public group's category and is asked to join to post.
    """
    private = group.visibility == WorkingGroup.Visibility.MEMBERS
    existing = Category.objects.filter(group=group).first()
    if existing is not None:
        if (existing.name, existing.private) != (group.name, private):
            existing.name, existing.private = group.name, private
            existing.save(update_fields=["name", "private", "updated_at"])
        return existing
    slug = slugify(group.slug)[:100] or f"group-{group.pk}"
    if Category.objects.filter(slug=slug).exists():
        slug = f"{slug}-{group.pk}"
    return Category.objects.create(
        group=group,
        name=group.name,
        slug=slug,
        description=group.summary,
        private=private,
        position=100,
    )


# --- posting ---------------------------------------------------------------------------------


def _advance_read_state(*, topic_id: int, user, number: int) -> None:
    updated = ReadState.objects.filter(
        topic_id=topic_id, user=user, last_read_number__lt=number
    ).update(last_read_number=number)
    if not updated:
        try:
            with transaction.atomic():
                ReadState.objects.create(topic_id=topic_id, user=user, last_read_number=number)
        except IntegrityError:
            pass  # a row already at or past that number


@transaction.atomic
def start_topic(*, category: Category, author, title: str, source: str) -> Topic:
    now = timezone.now()
    topic = Topic.objects.create(
        category=category, author=author, title=title, last_post_number=1, last_posted_at=now
    )
    post = Post.objects.create(
        topic=topic, number=1, author=author, source=source, html=render_post(source)
    )
    ReadState.objects.create(topic=topic, user=author, last_read_number=1)
    notifications.post_created(post=post)
    topic.opening_post = post
    return topic


@transaction.atomic
def reply_to_topic(*, topic: Topic, author, source: str) -> Post:
    """The next number in the topic, safe under concurrent replies: the topic row is locked
    while its counter moves, so two replies never take the same number."""
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    if locked.locked:
        raise TopicLocked(_("This topic is locked: it takes no new replies."))
    number = locked.last_post_number + 1
    post = Post.objects.create(
        topic=locked, number=number, author=author, source=source, html=render_post(source)
    )
    Topic.objects.filter(pk=locked.pk).update(
        last_post_number=number, last_posted_at=post.created_at
    )
    topic.last_post_number, topic.last_posted_at = number, post.created_at
    _advance_read_state(topic_id=topic.pk, user=author, number=number)
    notifications.post_created(post=post)
    return post


@transaction.atomic
def edit_post(*, post: Post, source: str) -> Post:
    post.source = source
    post.html = render_post(source)
    post.edited_at = timezone.now()
    post.save(update_fields=["source", "html", "edited_at", "updated_at"])
    return post


@transaction.atomic
def delete_post(*, post: Post) -> Post:
    """Soft: the post keeps its number and place, shown as deleted to everyone."""
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at", "updated_at"])
    return post


def mark_read(*, topic: Topic, user, number: int) -> None:
    _advance_read_state(topic_id=topic.pk, user=user, number=min(number, topic.last_post_number))


# --- likes and flags -------------------------------------------------------------------------


@transaction.atomic
def like_post(*, post: Post, user) -> bool:
    """True if this like is new; liking twice changes nothing."""
    try:
        with transaction.atomic():
            Like.objects.create(post=post, user=user)
    except IntegrityError:
        return False
    Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
    return True


@transaction.atomic
def unlike_post(*, post: Post, user) -> bool:
    deleted, _ = Like.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk, like_count__gt=0).update(like_count=F("like_count") - 1)
    return bool(deleted)


@transaction.atomic
def flag_post(*, post: Post, reporter, reason: str) -> Flag:
    """A member's open flag on a post; flagging it again while open updates the reason."""
    flag, created = Flag.objects.get_or_create(
        post=post, reporter=reporter, status=Flag.Status.OPEN, defaults={"reason": reason}
    )
    if not created:
        flag.reason = reason
        flag.save(update_fields=["reason", "updated_at"])
    return flag


# --- moderation ------------------------------------------------------------------------------


def _record(*, actor, kind, topic=None, post=None, detail: str = "") -> ModerationAction:
    return ModerationAction.objects.create(
        actor=actor,
        kind=kind,
        topic=topic or (post.topic if post else None),
        post=post,
        detail=detail[:300],
    )


@transaction.atomic
def pin_topic(*, topic: Topic, actor, pinned: bool = True) -> Topic:
    topic.pinned = pinned
    topic.save(update_fields=["pinned", "updated_at"])
    kind = ModerationAction.Kind.PIN if pinned else ModerationAction.Kind.UNPIN
    _record(actor=actor, kind=kind, topic=topic)
    return topic


@transaction.atomic
def lock_topic(*, topic: Topic, actor, locked: bool = True) -> Topic:
    topic.locked = locked
    topic.save(update_fields=["locked", "updated_at"])
    kind = ModerationAction.Kind.LOCK if locked else ModerationAction.Kind.UNLOCK
    _record(actor=actor, kind=kind, topic=topic)
    return topic


@transaction.atomic
def hide_topic(*, topic: Topic, actor, hidden: bool = True) -> Topic:
    topic.hidden = hidden
    topic.save(update_fields=["hidden", "updated_at"])
    kind = ModerationAction.Kind.HIDE_TOPIC if hidden else ModerationAction.Kind.SHOW_TOPIC
    _record(actor=actor, kind=kind, topic=topic)
    return topic


@transaction.atomic
def move_topic(*, topic: Topic, actor, category: Category) -> Topic:
    origin = topic.category
    topic.category = category
    topic.save(update_fields=["category", "updated_at"])
    _record(
        actor=actor,
        kind=ModerationAction.Kind.MOVE,
        topic=topic,
        detail=_("from %(origin)s to %(target)s") % {"origin": origin, "target": category},
    )
    return topic


@transaction.atomic
def hide_post(*, post: Post, actor, hidden: bool = True) -> Post:
    post.hidden = hidden
    post.save(update_fields=["hidden", "updated_at"])
    kind = ModerationAction.Kind.HIDE_POST if hidden else ModerationAction.Kind.SHOW_POST
    _record(actor=actor, kind=kind, post=post)
    return post


@transaction.atomic
def resolve_flag(*, flag: Flag, actor, uphold: bool) -> Flag:
    """Upholding hides the post and closes every open flag on it; dismissing closes this one."""
    now = timezone.now()
    status = Flag.Status.UPHELD if uphold else Flag.Status.DISMISSED
    if uphold:
        if not flag.post.hidden:
            hide_post(post=flag.post, actor=actor)
        flags = Flag.objects.open().filter(post=flag.post)
    else:
        flags = Flag.objects.open().filter(pk=flag.pk)
    flags.update(status=status, resolved_by=actor, resolved_at=now, updated_at=now)
    flag.refresh_from_db()
    _record(
        actor=actor,
        kind=ModerationAction.Kind.RESOLVE_FLAG,
        post=flag.post,
        detail=str(flag.get_status_display()),
    )
    return flag
