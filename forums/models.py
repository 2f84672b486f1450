"""Discussion forums: categories (general, or one per working group), topics and posts.

Posts are numbered within their topic (1, 2, 3 …) and never renumbered: a hidden or deleted post
keeps its number, so a page of a topic is a range of numbers read through the (topic, number)
index, as fast for the last page of 100,000 posts as for the first (no OFFSET).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lpsa.models import TimestampedModel
from working_groups.models import Membership, WorkingGroup
from working_groups.permissions import group_roles

POSTS_PER_PAGE = 20


def _group_ids(user, *, co_chair: bool = False) -> list[int]:
    """The groups the user belongs to (or co-chairs), read once per request: a list makes the
    scopes below cheaper to build and run than a subquery in each."""
    return [
        group_id
        for group_id, role in group_roles(user).items()
        if not co_chair or role == Membership.Role.CO_CHAIR
    ]


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Anyone reads the general categories and the groups' public ones (posting needs an
        account); a private group category is read by the group's members and staff only."""
        if not user.is_authenticated:
            return self.filter(private=False)
        if user.is_staff:
            return self
        return self.filter(Q(private=False) | Q(group_id__in=_group_ids(user)))

    def moderated_by(self, user):
        """Staff moderate every category; co-chairs their groups' categories."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(group_id__in=_group_ids(user, co_chair=True))

    def with_activity(self):
        """Each category with its count of visible topics and its latest topic (one query)."""
        latest = Topic.objects.filter(category=models.OuterRef("pk"), hidden=False).order_by(
            "-last_posted_at"
        )
        return self.annotate(
            topic_count=models.Count("topics", filter=Q(topics__hidden=False)),
            latest_topic_id=models.Subquery(latest.values("pk")[:1]),
            latest_topic_title=models.Subquery(latest.values("title")[:1]),
            latest_posted_at=models.Subquery(latest.values("last_posted_at")[:1]),
        )


class Category(TimestampedModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    # A working group's own category, created with the group; None for the general ones.
    group = models.OneToOneField(
        WorkingGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forum_category",
    )
    # Readable by the group's members only (and staff); only a group's category can be private.
    private = models.BooleanField(_("private to the group's members"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=Q(private=False) | Q(group__isnull=False),
                name="category_private_only_for_groups",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forums:category", kwargs={"slug": self.slug})


class TopicQuerySet(models.QuerySet):
    def shown_to(self, *, moderator: bool):
        """In a category the viewer may read: every topic to its moderators, the others the
        topics not hidden (the rule `visible_to` applies per category)."""
        return self if moderator else self.filter(hidden=False)

    def visible_to(self, user):
        """Topics of the categories the user may read (as `CategoryQuerySet.visible_to`); a
        hidden topic only to its moderators. Joins the category rather than nesting its scope:
        a topic page asks this on every view."""
        if not user.is_authenticated:
            return self.filter(category__private=False, hidden=False)
        if user.is_staff:
            return self
        return self.filter(
            Q(category__private=False) | Q(category__group_id__in=_group_ids(user))
        ).filter(Q(hidden=False) | Q(category__group_id__in=_group_ids(user, co_chair=True)))


class Topic(TimestampedModel):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    # Kept by the services that add posts, so lists never count or scan posts.
    last_post_number = models.PositiveIntegerField(default=0)
    last_posted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-last_posted_at"]
        indexes = [
            models.Index(
                fields=["category", "-pinned", "-last_posted_at"], name="topic_category_list"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:topic", kwargs={"pk": self.pk})

    @property
    def page_count(self) -> int:
        return page_of_number(self.last_post_number)


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Posts whose text the user may read: in topics they may read, neither deleted nor,
        unless they moderate it, hidden. (A topic page shows a placeholder for the others.)"""
        posts = self.filter(topic__in=Topic.objects.visible_to(user), deleted_at__isnull=True)
        if user.is_authenticated and user.is_staff:
            return posts
        if not user.is_authenticated:
            return posts.filter(hidden=False)
        return posts.filter(
            Q(hidden=False) | Q(topic__category__group_id__in=_group_ids(user, co_chair=True))
        )

    def page_of(self, topic, page: int):
        """One page of a topic: a range of post numbers, read through the (topic, number) index."""
        first = (page - 1) * POSTS_PER_PAGE + 1
        return self.filter(topic=topic, number__gte=first, number__lt=first + POSTS_PER_PAGE)

    def search(self, text: str):
        from forums.search import search_posts

        return search_posts(self, text)


class Post(TimestampedModel):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    # 1 for the topic's opening post; never reused or renumbered.
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The Markdown the author wrote, and the sanitized HTML made from it once, on save.
    source = models.TextField(_("text"))
    html = models.TextField()
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    like_count = models.PositiveIntegerField(default=0)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "number"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="post_number_unique_in_topic")
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.number}"

    @property
    def page(self) -> int:
        return page_of_number(self.number)

    def get_absolute_url(self) -> str:
        page = self.page
        url = reverse("forums:topic", kwargs={"pk": self.topic_id})
        return f"{url}?page={page}#post-{self.number}" if page > 1 else f"{url}#post-{self.number}"


def page_of_number(number: int) -> int:
    return (max(number, 1) - 1) // POSTS_PER_PAGE + 1


class Like(TimestampedModel):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="like_once")]

    def __str__(self) -> str:
        return f"{self.user} likes {self.post}"


class FlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Flag.Status.OPEN)

    def moderated_by(self, user):
        return self.filter(post__topic__category__in=Category.objects.moderated_by(user))


class Flag(TimestampedModel):
    """A member's report of a post to the moderators."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld: the post was hidden")
        DISMISSED = "dismissed", _("Dismissed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(status="open"),
                name="flag_one_open_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporter} flagged {self.post} ({self.get_status_display()})"


class ModerationActionQuerySet(models.QuerySet):
    def moderated_by(self, user):
        """The record a moderator may read: actions in the categories they moderate."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.filter(topic__category__in=Category.objects.moderated_by(user))


class ModerationAction(TimestampedModel):
    """The record of every moderation action: who did what to which topic or post, when."""

    class Kind(models.TextChoices):
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        LOCK = "lock", _("Locked")
        UNLOCK = "unlock", _("Unlocked")
        MOVE = "move", _("Moved")
        HIDE_TOPIC = "hide-topic", _("Hid the topic")
        SHOW_TOPIC = "show-topic", _("Showed the topic again")
        HIDE_POST = "hide-post", _("Hid the post")
        SHOW_POST = "show-post", _("Showed the post again")
        RESOLVE_FLAG = "resolve-flag", _("Resolved a flag")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True)
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True)
    # What else a person needs to read the record: "from General to Africa", the flag's outcome.
    detail = models.CharField(max_length=300, blank=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.actor}: {self.get_kind_display()} {self.topic or self.post or ''}"


class ReadState(models.Model):
    """How far a member has read a topic: the topic list shows what is new, the topic opens
    at the first unread post."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="read_state_once")]

    def __str__(self) -> str:
        return f"{self.user} read {self.topic} to #{self.last_read_number}"


class NotificationFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As it happens (at most one email per topic every few minutes)")
    DAILY = "daily", _("One daily digest")
    NONE = "none", _("Never")


class Watch(TimestampedModel):
    """A member watching a topic or a whole category. Starting or replying to a topic watches it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_watches"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True)
    # A watch the member turned off (the unsubscribe link) stays, so replying does not undo it.
    muted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=False, category__isnull=True)
                | Q(topic__isnull=True, category__isnull=False),
                name="watch_topic_or_category",
            ),
            models.UniqueConstraint(fields=["user", "topic"], name="watch_topic_once"),
            models.UniqueConstraint(fields=["user", "category"], name="watch_category_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} watches {self.topic or self.category}"


class Notification(TimestampedModel):
    """Something a member should hear about, waiting to go out in the next email to them."""

    class Reason(models.TextChoices):
        REPLY = "reply", _("A reply in a topic you watch")
        MENTION = "mention", _("You were mentioned")
        NEW_TOPIC = "new-topic", _("A new topic in a category you watch")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    # Stamped when the email carrying it went out: never sent twice.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(sent_at__isnull=True),
                name="notification_unsent",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="notification_once_per_post")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_reason_display()} ({self.post})"


class MemberSettings(models.Model):
    """A member's choice of how forum notifications reach them, and when they last did."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_settings"
    )
    frequency = models.CharField(
        _("email me about forum activity"),
        max_length=16,
        choices=NotificationFrequency.choices,
        default=NotificationFrequency.IMMEDIATE,
    )
    last_emailed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"
