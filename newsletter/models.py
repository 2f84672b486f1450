"""Subscribers, their lists and consent; issues, and one delivery row per recipient of each.

The database, not the queue, records who was sent what: a `Delivery` is claimed by one worker at
a time and marked sent right after the SMTP server accepts it (newsletter/sending.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lpsa.models import TimestampedModel
from taxonomy.models import Region, Topic


class MailingListQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The lists `user` may see and join: a working group's list follows its group (a group
        listed to members only has a list only members see)."""
        from working_groups.models import WorkingGroup

        lists = self.filter(is_active=True)
        if user.is_authenticated:
            return lists
        return lists.filter(
            Q(group__isnull=True) | Q(group__visibility=WorkingGroup.Visibility.PUBLIC)
        )

    def for_form(self):
        return self.order_by("position", "name")


class MailingList(TimestampedModel):
    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", _("The LPSA newsletter")
        EVENTS = "events", _("Event announcements")
        WORKING_GROUP = "working_group", _("A working group's news")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    slug = models.SlugField(max_length=140, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.CharField(_("description"), max_length=300, blank=True)
    group = models.OneToOneField(
        "working_groups.WorkingGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mailing_list",
    )
    is_active = models.BooleanField(_("open to subscribers"), default=True)
    # The LPSA newsletter first, then event announcements, then the groups' lists by name.
    position = models.PositiveSmallIntegerField(default=100)

    objects = MailingListQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="working_group", group__isnull=False)
                | (~Q(kind="working_group") & Q(group__isnull=True)),
                name="newsletter_list_group_iff_group_kind",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=~Q(kind="working_group"),
                name="newsletter_one_list_per_site_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def list_id(self) -> str:
        """The RFC 2919 List-Id: the list's slug under the site's host."""
        from newsletter.addresses import list_id_domain

        return f"{self.slug}.{list_id_domain()}"


class SubscriberQuerySet(models.QuerySet):
    def with_email(self, email: str):
        return self.filter(email__iexact=email.strip())

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False, suppressed_at__isnull=True)


class Subscriber(TimestampedModel):
    """An address that asked for mail from the Alliance, a member's or anyone's.

    `confirmed_at` says the address was proven (its confirmation link followed, or a member's
    verified account address); until then nothing but a confirmation is sent to it."""

    email = models.EmailField(_("email address"), max_length=254)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_subscriber",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Interests, to point a new subscriber at matching groups and events; a member's come from
    # their profile.
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    regions = models.ManyToManyField(Region, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    welcomed_at = models.DateTimeField(null=True, blank=True)
    # The last confirmation request mailed: another within NEWSLETTER_CONFIRMATION_INTERVAL
    # sends nothing, whoever asks (the form is open to anyone).
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # Permanent SMTP failures in a row; at NEWSLETTER_SUPPRESS_AFTER the address is suppressed.
    failure_count = models.PositiveSmallIntegerField(default=0)
    suppressed_at = models.DateTimeField(_("suppressed"), null=True, blank=True)
    suppression_reason = models.CharField(_("why suppressed"), max_length=300, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_unique")
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_suppressed(self) -> bool:
        return self.suppressed_at is not None


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Subscriptions mail may go to: confirmed, not ended, the address proven and not
        suppressed. The one rule every send applies (sending.py re-checks it per message)."""
        return self.filter(
            status=Subscription.Status.SUBSCRIBED,
            subscriber__confirmed_at__isnull=False,
            subscriber__suppressed_at__isnull=True,
        )


class Subscription(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        SUBSCRIBED = "subscribed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    mailing_list = models.ForeignKey(
        MailingList, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    subscribed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["mailing_list__position", "mailing_list__name"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "mailing_list"], name="newsletter_subscription_once"
            )
        ]
        indexes = [models.Index(fields=["mailing_list", "status"], name="newsletter_list_status")]

    def __str__(self) -> str:
        return f"{self.subscriber} · {self.mailing_list}"


class ConsentRecord(models.Model):
    """What a subscriber agreed to or withdrew: when, how, from where, in which words.

    Only ever added to: the record of consent must outlive a change of mind."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Asked to subscribe")
        CONFIRMED = "confirmed", _("Confirmed")
        IMPORTED = "imported", _("Imported with earlier consent")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        SUPPRESSED = "suppressed", _("Suppressed after failed deliveries")

    class Method(models.TextChoices):
        FORM = "form", _("Subscription form")
        MEMBER = "member", _("Member's one click")
        SIGNUP = "signup", _("Sign-up form")
        CONFIRMATION_LINK = "confirmation", _("Confirmation link")
        ACCOUNT_VERIFIED = "account", _("Account address verified")
        PREFERENCES = "preferences", _("Preferences page")
        ONE_CLICK = "one_click", _("One-click unsubscribe (List-Unsubscribe-Post)")
        UNSUBSCRIBE_LINK = "link", _("Unsubscribe link")
        IMPORT = "import", _("CSV import")
        STAFF = "staff", _("Staff")
        DELIVERY = "delivery", _("Failed deliveries")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    mailing_list = models.ForeignKey(
        MailingList, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    # Where: the page's path, or the import's file and line.
    source = models.CharField(_("from where"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    # The words the person agreed to, in the language they read them in.
    wording = models.TextField(_("wording"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [models.Index(fields=["subscriber", "occurred_at"], name="newsletter_consent")]

    def __str__(self) -> str:
        return f"{self.subscriber} · {self.get_action_display()}"


class IssueQuerySet(models.QuerySet):
    def archived(self):
        """Sent issues of the site's own lists (a working group's news stays with the group)."""
        return self.filter(
            status=Issue.Status.SENT, in_archive=True, mailing_list__group__isnull=True
        ).order_by("-finished_at", "-pk")

    def due(self, now=None):
        return self.filter(status=Issue.Status.SCHEDULED, scheduled_for__lte=now or timezone.now())


class Issue(TimestampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    mailing_list = models.ForeignKey(
        MailingList,
        on_delete=models.PROTECT,
        related_name="issues",
        verbose_name=_("list"),
    )
    subject = models.CharField(_("subject"), max_length=150)
    preheader = models.CharField(
        _("preheader"),
        max_length=200,
        blank=True,
        help_text=_("The line inboxes show after the subject."),
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=5000)
    slug = models.SlugField(max_length=160, unique=True)
    in_archive = models.BooleanField(_("shown in the public archive"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    scheduled_for = models.DateTimeField(_("send at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Frozen when sending starts, so every recipient and the archive get the same issue; the
    # per-recipient links are put in by sending.py.
    html = models.TextField(blank=True, editable=False)
    text = models.TextField(blank=True, editable=False)
    recipient_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Moved by every batch: the sweeper re-dispatches an issue that has not moved for a while.
    progressed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        indexes = [
            models.Index(
                fields=["status", "scheduled_for"],
                condition=Q(status__in=["scheduled", "sending"]),
                name="newsletter_issue_active",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("newsletter:issue", kwargs={"slug": self.slug})

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.SCHEDULED}


class IssueSection(models.Model):
    """One item of an issue: drafted from a new post, event or resource, then edited by staff."""

    class Kind(models.TextChoices):
        BLOG_POST = "blog_post", _("Blog post")
        EVENT = "event", _("Event")
        RESOURCE = "resource", _("Library resource")
        TEXT = "text", _("Text")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), blank=True, max_length=3000)
    link_url = models.URLField(_("link"), blank=True, max_length=500)
    link_label = models.CharField(_("link text"), max_length=80, blank=True)
    # An image for email clients needs its size and a text alternative.
    image_url = models.URLField(_("image"), blank=True, max_length=500)
    image_width = models.PositiveSmallIntegerField(null=True, blank=True)
    image_height = models.PositiveSmallIntegerField(null=True, blank=True)
    image_alt = models.CharField(_("image description"), max_length=250, blank=True)
    # What it was drafted from ("blog:12", "event:7", "resource:3"): a later issue drafts only
    # what no sent issue carried.
    source = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.heading


class DeliveryQuerySet(models.QuerySet):
    def figures(self) -> dict[str, int]:
        """Deliveries per status, every status present (one grouped query)."""
        counted = dict(self.order_by().values_list("status").annotate(n=models.Count("pk")))
        return {status: counted.get(status, 0) for status in Delivery.Status.values}


class Delivery(models.Model):
    """One recipient of one issue, recorded before the first message goes.

    pending → claimed (by one worker, `claim` names the batch) → sent, or failed (permanently),
    or skipped (the subscription ended before its turn). A temporary failure puts it back to
    pending with `next_attempt_at` later."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscription"], name="newsletter_delivery_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["issue", "status", "id"],
                condition=Q(status__in=["pending", "claimed"]),
                name="newsletter_delivery_open",
            ),
            models.Index(fields=["issue", "status"], name="newsletter_delivery_status"),
        ]

    def __str__(self) -> str:
        return f"{self.issue} → {self.email}"

    @property
    def message_id(self) -> str:
        return delivery_message_id(issue_id=self.issue_id, delivery_id=self.pk)


def delivery_message_id(*, issue_id: int, delivery_id: int) -> str:
    """The same for every attempt: a message sent twice is recognisably one message."""
    from newsletter.addresses import message_id_domain

    return f"<newsletter.{issue_id}.{delivery_id}@{message_id_domain()}>"
