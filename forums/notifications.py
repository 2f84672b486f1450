"""Forum subscriptions and the notification emails they bring.

How it flows:

1. The posting services call `post_created(post=…)` inside their transaction. It watches the
   author into the topic (unless they muted it) and records one `Notification` per member to
   tell: the topic's watchers (a reply), the category's watchers (a new topic), and the members
   the post @mentions (forums.mentions). Only members who may read the topic are told, never the
   author, never about a hidden post, and never members who chose no forum email at all.
2. After commit, a member with no notification waiting yet gets a `deliver_notifications` task
   due one interval later (FORUM_NOTIFICATION_INTERVAL). When it runs it locks the member's
   `MemberSettings` row, sends every notification that waits in one email, and stamps their
   `sent_at` and the row's `last_emailed_at` in the same transaction: a busy topic sends one
   email per member per interval, and a retried or doubled task finds nothing left to send.
   A beat job (`send_due_notifications`, every minute) enqueues any member whose email is due
   and whose task was lost; another (`send_daily_digests`, every 15 minutes) sends daily
   members one digest in their own morning (DIGEST_LOCAL_HOUR in their time zone).
3. Each email is in the member's language (members.languages), links straight to each post
   and carries, per topic, a signed link that mutes it without logging in; List-Unsubscribe
   (one-click) stops forum email altogether.

Whether a member may read is asked again when the email is built: a post hidden, a topic moved
to a private category or a member who left the group since is simply not sent (and dropped).
"""

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums.mentions import mentioned_user_ids
from forums.models import (
    Category,
    MemberSettings,
    Notification,
    NotificationFrequency,
    Post,
    Topic,
    Watch,
)
from lpsa.mail import build_email
from lpsa.timezones import is_known
from members.languages import mail_language
from members.models import User
from working_groups.models import Membership

# A second digest within this time of the last is a repeated beat run (or a clock moved by
# daylight saving time, or a member who changed zone), not a new day.
DIGEST_MIN_GAP = timedelta(hours=20)
# Daily digests go out in this hour of each member's own morning (06:00 to 06:59 in their
# Profile.time_zone; UTC without one). Beat looks every 15 minutes.
DIGEST_LOCAL_HOUR = 6
# An email lists at most this many posts of a topic, then says how many more there are.
POSTS_PER_TOPIC_IN_EMAIL = 10
UNSUBSCRIBE_SALT = "forums.notifications.unsubscribe"


def notification_interval() -> timedelta:
    return timedelta(seconds=settings.FORUM_NOTIFICATION_INTERVAL)


# --- Who may read ---------------------------------------------------------------------------
# The reading rule is the forum's own (Category.objects.visible_to, forums/permissions.py);
# notifications add that only active members hear of anything, and never of a hidden topic.


def readable_category(user, path: str = "") -> Q:
    """A filter keeping rows whose category (at `path`, "" for Category itself) `user` may
    read."""
    readable = Category.objects.visible_to(user).values("pk")
    return Q(pk__in=readable) if not path else Q(**{f"{path}__in": readable})


def readable_topics(user) -> QuerySet[Topic]:
    if not (user.is_authenticated and user.is_active):
        return Topic.objects.none()
    return Topic.objects.filter(readable_category(user, "category"), hidden=False)


def readable_categories(user) -> QuerySet[Category]:
    if not (user.is_authenticated and user.is_active):
        return Category.objects.none()
    return Category.objects.filter(readable_category(user))


def may_read_topic(user, topic: Topic) -> bool:
    return readable_topics(user).filter(pk=topic.pk).exists()


def readers_of(category: Category) -> Q:
    """A filter on User keeping the members who may read topics of `category`: the same rule
    as Category.objects.visible_to, from the other side."""
    readers = Q(is_active=True)
    if category.private:
        readers &= Q(is_staff=True) | Q(
            Exists(Membership.objects.filter(group_id=category.group_id, user=OuterRef("pk")))
        )
    return readers


def readable_notifications(user) -> Q:
    return readable_category(user, "post__topic__category") & Q(
        post__hidden=False, post__deleted_at__isnull=True, post__topic__hidden=False
    )


# --- Watching -------------------------------------------------------------------------------


@transaction.atomic
def watch_topic(*, user: User, topic: Topic) -> Watch:
    watch, _created = Watch.objects.update_or_create(
        user=user, topic=topic, defaults={"muted": False}
    )
    return watch


@transaction.atomic
def unwatch_topic(*, user: User, topic: Topic) -> Watch:
    """Mutes the topic: the watch stays, so replying later does not watch it again, and nothing
    from it (mentions included) is emailed any more."""
    watch, _created = Watch.objects.update_or_create(
        user=user, topic=topic, defaults={"muted": True}
    )
    Notification.objects.filter(user=user, post__topic=topic, sent_at__isnull=True).delete()
    return watch


@transaction.atomic
def watch_category(*, user: User, category: Category) -> Watch:
    watch, _created = Watch.objects.update_or_create(
        user=user, category=category, defaults={"muted": False}
    )
    return watch


@transaction.atomic
def unwatch_category(*, user: User, category: Category) -> None:
    Watch.objects.filter(user=user, category=category).delete()


def watches_topic(user, topic: Topic) -> bool:
    """For the topic page's button: whether `user` hears of its replies."""
    return (
        user.is_authenticated and Watch.objects.filter(user=user, topic=topic, muted=False).exists()
    )


def watches_category(user, category: Category) -> bool:
    return (
        user.is_authenticated
        and Watch.objects.filter(user=user, category=category, muted=False).exists()
    )


def get_member_settings(*, user: User) -> MemberSettings:
    member_settings, _created = MemberSettings.objects.get_or_create(user=user)
    return member_settings


@transaction.atomic
def set_notification_frequency(*, user: User, frequency: str) -> MemberSettings:
    member_settings = get_member_settings(user=user)
    member_settings = MemberSettings.objects.select_for_update().get(pk=member_settings.pk)
    member_settings.frequency = frequency
    member_settings.save(update_fields=["frequency"])
    waiting = Notification.objects.filter(user=user, sent_at__isnull=True)
    if frequency == NotificationFrequency.NONE:
        # Nothing will ever send them; keeping them would flood the member who turns email
        # back on.
        waiting.delete()
    elif frequency == NotificationFrequency.IMMEDIATE and waiting.exists():
        _schedule_delivery([user.pk])
    return member_settings


# --- Recording ------------------------------------------------------------------------------


def post_created(*, post: Post) -> dict[int, str]:
    """Watches the author into the topic and records who to tell about `post`; their emails
    are enqueued once the caller's transaction commits. Returns {user id: reason}."""
    topic = Topic.objects.select_related("category").get(pk=post.topic_id)
    if post.author_id:
        # An existing watch, muted or not, stays as it is.
        Watch.objects.bulk_create(
            [Watch(user_id=post.author_id, topic=topic)], ignore_conflicts=True
        )
    if post.hidden or post.deleted_at or topic.hidden:
        return {}
    reasons: dict[int, str] = {}
    watchers = Watch.objects.filter(muted=False).values_list("user_id", flat=True)
    for user_id in watchers.filter(topic=topic):
        reasons[user_id] = Notification.Reason.REPLY
    if post.number == 1:
        for user_id in watchers.filter(category_id=topic.category_id):
            reasons.setdefault(user_id, Notification.Reason.NEW_TOPIC)
    for user_id in mentioned_user_ids(post.source):
        reasons[user_id] = Notification.Reason.MENTION
    reasons.pop(post.author_id, None)
    if not reasons:
        return {}
    recipients = set(
        User.objects.filter(readers_of(topic.category), pk__in=reasons)
        .exclude(forum_settings__frequency=NotificationFrequency.NONE)
        # Exists(), not exclude() across forum_watches: that would drop a member who muted
        # any topic at all and watches this one.
        .exclude(Exists(Watch.objects.filter(user=OuterRef("pk"), topic=topic, muted=True)))
        .values_list("pk", flat=True)
    )
    reasons = {user_id: reason for user_id, reason in reasons.items() if user_id in recipients}
    if not reasons:
        return {}
    # Members with nothing waiting get a delivery task; the others have one pending already.
    already_waiting = set(
        Notification.objects.filter(user_id__in=reasons, sent_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    Notification.objects.bulk_create(
        [
            Notification(user_id=user_id, post=post, reason=reason)
            for user_id, reason in reasons.items()
        ],
        ignore_conflicts=True,
    )
    immediate = User.objects.filter(pk__in=set(reasons) - already_waiting).exclude(
        forum_settings__frequency__in=[NotificationFrequency.DAILY, NotificationFrequency.NONE]
    )
    _schedule_delivery(list(immediate.values_list("pk", flat=True)))
    return reasons


def _schedule_delivery(user_ids: Iterable[int]) -> None:
    from forums.tasks import deliver_notifications

    countdown = settings.FORUM_NOTIFICATION_INTERVAL
    for user_id in user_ids:
        transaction.on_commit(
            lambda user_id=user_id: deliver_notifications.apply_async(
                (user_id,), countdown=countdown
            )
        )


# --- Sending --------------------------------------------------------------------------------


def deliver_notifications(*, user_id: int) -> bool:
    """Sends a member on "immediate" everything waiting for them in one email, if one is due:
    the oldest waiting notification and the last email both one interval old. Returns whether
    an email went out. Safe to run twice at once: the member's settings row is locked."""
    return _deliver(user_id=user_id, digest=False)


def deliver_digest(*, user_id: int, now: datetime | None = None) -> bool:
    """Sends a daily member their digest, once a day at most. `now`: the time it is (tests
    walk the clock through days with it)."""
    return _deliver(user_id=user_id, digest=True, now=now)


def _deliver(*, user_id: int, digest: bool, now: datetime | None = None) -> bool:
    if not User.objects.filter(pk=user_id).exists():
        return False
    MemberSettings.objects.get_or_create(user_id=user_id)
    with transaction.atomic():
        member_settings = (
            MemberSettings.objects.select_for_update(of=("self",))
            .select_related("user__profile")
            .get(user_id=user_id)
        )
        # After the lock: another delivery may have held it a while.
        now = now or timezone.now()
        user = member_settings.user
        wanted = NotificationFrequency.DAILY if digest else NotificationFrequency.IMMEDIATE
        if member_settings.frequency != wanted or not user.is_active:
            return False
        last = member_settings.last_emailed_at
        if digest and last and last > now - DIGEST_MIN_GAP:
            return False
        waiting = Notification.objects.filter(user=user, sent_at__isnull=True)
        # Whatever the member may no longer read is never sent.
        waiting.exclude(pk__in=waiting.filter(readable_notifications(user)).values("pk")).delete()
        notifications = list(
            waiting.select_related("post__topic__category", "post__author__profile").order_by(
                "created_at", "pk"
            )
        )
        if not notifications:
            return False
        if not digest:
            oldest = min(notification.created_at for notification in notifications)
            due = max(oldest, last or oldest) + notification_interval()
            if due > now:
                return False
        _notification_email(user, notifications, digest=digest).send()
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(sent_at=now)
        member_settings.last_emailed_at = now
        member_settings.save(update_fields=["last_emailed_at"])
    return True


def due_user_ids() -> QuerySet:
    """Members on "immediate" whose email is due: something has waited an interval, and their
    last email is an interval old."""
    since = timezone.now() - notification_interval()
    return (
        Notification.objects.filter(sent_at__isnull=True, created_at__lte=since)
        .exclude(
            user__forum_settings__frequency__in=[
                NotificationFrequency.DAILY,
                NotificationFrequency.NONE,
            ]
        )
        .exclude(user__forum_settings__last_emailed_at__gt=since)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )


def enqueue_due_notifications() -> int:
    from forums.tasks import deliver_notifications

    user_ids = list(due_user_ids())
    for user_id in user_ids:
        deliver_notifications.delay(user_id)
    return len(user_ids)


def in_digest_hour(zone_name: str | None, now: datetime) -> bool:
    """Whether it is the digest hour in `zone_name` at `now`; a blank or unknown zone is UTC."""
    zone = ZoneInfo(zone_name) if is_known(zone_name) else UTC
    return now.astimezone(zone).hour == DIGEST_LOCAL_HOUR


def digest_user_ids(*, now: datetime) -> QuerySet:
    """Daily members with something waiting, no digest in the last DIGEST_MIN_GAP, and in
    their digest hour at `now`. Two queries whatever the number of members: the zones daily
    members use, then the members in those of them where it is the digest hour now."""
    daily = MemberSettings.objects.filter(frequency=NotificationFrequency.DAILY)
    zones_in_use = daily.order_by().values_list("user__profile__time_zone", flat=True).distinct()
    # None: an account without a profile, read as UTC like a blank zone.
    zones_now = [zone for zone in zones_in_use if in_digest_hour(zone, now)]
    in_hour = Q(user__profile__time_zone__in=[zone for zone in zones_now if zone is not None])
    if None in zones_now:
        in_hour |= Q(user__profile__isnull=True)
    return (
        daily.filter(in_hour)
        .exclude(last_emailed_at__gt=now - DIGEST_MIN_GAP)
        .filter(Exists(Notification.objects.filter(user=OuterRef("user"), sent_at__isnull=True)))
        .values_list("user_id", flat=True)
    )


def enqueue_daily_digests(*, now: datetime | None = None) -> int:
    from forums.tasks import deliver_digest

    user_ids = list(digest_user_ids(now=now or timezone.now()))
    for user_id in user_ids:
        deliver_digest.delay(user_id)
    return len(user_ids)


# --- The email ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostInEmail:
    url: str
    number: int
    author: str
    reason: str
    excerpt: str
    created_at: object


@dataclass(frozen=True)
class TopicInEmail:
    title: str
    category: str
    url: str
    unsubscribe_url: str
    # For a new topic in a watched category: the link that stops the category's new topics.
    category_unsubscribe_url: str
    posts: list[PostInEmail]
    more: int


def _author_name(post: Post) -> str:
    author = post.author
    if author is None:
        return _("A former member")
    profile = getattr(author, "profile", None)
    return profile.display_name if profile else _("LPSA member")


def _excerpt(post: Post) -> str:
    return Truncator(" ".join(html.unescape(strip_tags(post.html)).split())).chars(280)


def _notification_email(user: User, notifications: list[Notification], *, digest: bool):
    # Subject, reasons and names are translated here, before build_email renders the body.
    language = mail_language(user)
    with translation.override(language):
        return _notification_email_in(user, notifications, digest=digest, language=language)


def _notification_email_in(
    user: User, notifications: list[Notification], *, digest: bool, language: str
):
    site = settings.SITE_URL
    by_topic: dict[int, list[Notification]] = {}
    for notification in notifications:
        by_topic.setdefault(notification.post.topic_id, []).append(notification)
    topics = []
    for group in by_topic.values():
        topic = group[0].post.topic
        group.sort(key=lambda notification: notification.post.number)
        shown = group[:POSTS_PER_TOPIC_IN_EMAIL]
        topics.append(
            TopicInEmail(
                title=topic.title,
                category=topic.category.name,
                url=site + topic.get_absolute_url(),
                unsubscribe_url=site + unsubscribe_url(user_id=user.pk, topic=topic),
                category_unsubscribe_url=site
                + unsubscribe_url(user_id=user.pk, category=topic.category)
                if any(n.reason == Notification.Reason.NEW_TOPIC for n in group)
                else "",
                posts=[
                    PostInEmail(
                        url=site + n.post.get_absolute_url(),
                        number=n.post.number,
                        author=_author_name(n.post),
                        reason=n.get_reason_display(),
                        excerpt=_excerpt(n.post),
                        created_at=n.post.created_at,
                    )
                    for n in shown
                ],
                more=len(group) - len(shown),
            )
        )
    count = len(notifications)
    if digest:
        subject = ngettext(
            "Your daily forum digest: %(count)d new post",
            "Your daily forum digest: %(count)d new posts",
            count,
        ) % {"count": count}
    elif len(topics) == 1:
        subject = ngettext(
            "%(count)d new post in “%(topic)s”", "%(count)d new posts in “%(topic)s”", count
        ) % {"count": count, "topic": topics[0].title}
    else:
        subject = ngettext(
            "%(count)d new forum post in %(topics)d topics",
            "%(count)d new forum posts in %(topics)d topics",
            count,
        ) % {"count": count, "topics": len(topics)}
    stop_all = site + unsubscribe_url(user_id=user.pk)
    return build_email(
        template="forums/notifications",
        context={
            "digest": digest,
            "topics": topics,
            "count": count,
            "stop_all_url": stop_all,
            "settings_url": site + reverse("forums:notification_settings"),
        },
        subject=subject,
        to=[user.email],
        language=language,
        headers={
            # RFC 2369 and RFC 8058: the mail client's "unsubscribe" button stops forum email.
            "List-Unsubscribe": f"<{stop_all}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# --- Unsubscribing without logging in ---------------------------------------------------------


@dataclass(frozen=True)
class UnsubscribeTarget:
    user: User
    topic: Topic | None = None
    category: Category | None = None

    @property
    def everything(self) -> bool:
        return self.topic is None and self.category is None


def unsubscribe_token(*, user_id: int, topic: Topic | None = None, category=None) -> str:
    if topic is not None:
        payload = [user_id, "t", topic.pk]
    elif category is not None:
        payload = [user_id, "c", category.pk]
    else:
        payload = [user_id, "all"]
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user_id: int, topic: Topic | None = None, category=None) -> str:
    token = unsubscribe_token(user_id=user_id, topic=topic, category=category)
    return reverse("forums:unsubscribe", kwargs={"token": token})


class InvalidUnsubscribeToken(Exception):
    pass


def read_unsubscribe_token(token: str) -> UnsubscribeTarget:
    """The member and what the link stops; InvalidUnsubscribeToken for a forged or stale one."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, kind, *rest = payload
        user = User.objects.get(pk=user_id, is_active=True)
        if kind == "t":
            return UnsubscribeTarget(user=user, topic=Topic.objects.get(pk=rest[0]))
        if kind == "c":
            return UnsubscribeTarget(user=user, category=Category.objects.get(pk=rest[0]))
        if kind == "all":
            return UnsubscribeTarget(user=user)
    except (signing.BadSignature, ValueError, TypeError, IndexError) as exc:
        raise InvalidUnsubscribeToken from exc
    except (User.DoesNotExist, Topic.DoesNotExist, Category.DoesNotExist) as exc:
        raise InvalidUnsubscribeToken from exc
    raise InvalidUnsubscribeToken


@transaction.atomic
def unsubscribe(*, target: UnsubscribeTarget) -> None:
    if target.topic is not None:
        unwatch_topic(user=target.user, topic=target.topic)
    elif target.category is not None:
        unwatch_category(user=target.user, category=target.category)
    else:
        set_notification_frequency(user=target.user, frequency=NotificationFrequency.NONE)
