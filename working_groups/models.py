"""Regional and thematic working groups, who belongs to them and who leads them."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lpsa.models import TimestampedModel
from taxonomy.models import Region, Topic

# A group's image shows at 240 x 160 CSS pixels; it is stored at twice that, for sharp screens.
GROUP_IMAGE_SIZE = (480, 320)


class WorkingGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Groups listed publicly are seen by anyone; the others by signed-in members only."""
        if user.is_authenticated:
            return self
        return self.filter(visibility=WorkingGroup.Visibility.PUBLIC)

    def of_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def recount_members(self) -> int:
        """Sets each group's stored `member_count` from its memberships, in one UPDATE: after
        bulk writes, which bypass the signals that keep the count otherwise."""
        counted = (
            Membership.objects.filter(group=OuterRef("pk"))
            .order_by()
            .values("group")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return self.update(member_count=Coalesce(Subquery(counted), 0))

    def suggested_for(self, user):
        """Groups `user` has not joined (nor asked to) whose topics or regions meet the
        interests they gave at sign-up: interests, expertise, regions of interest and the region
        they live in. One query, whatever the number of interests."""
        from members.models import Profile

        if not user.is_authenticated:
            return self.none()
        profile = Profile.objects.filter(user=user)
        topics = Q(topics__in=profile.values("interests")) | Q(
            topics__in=profile.values("expertise")
        )
        regions = Q(regions__in=profile.values("regions_of_interest")) | Q(
            regions__slug__in=profile.values("world_region")
        )
        matching = WorkingGroup.objects.filter(topics | regions).values("pk")
        # Exists, not exclude() across the relations: a refused request, or someone else's
        # pending one, must not hide a group.
        joined = Membership.objects.filter(group=OuterRef("pk"), user=user)
        asked = JoinRequest.objects.filter(
            group=OuterRef("pk"), user=user, status=JoinRequest.Status.PENDING
        )
        return (
            self.visible_to(user)
            .filter(pk__in=matching)
            .exclude(Exists(joined))
            .exclude(Exists(asked))
        )


class WorkingGroup(TimestampedModel):
    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional")
        THEMATIC = "thematic", _("Thematic")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: any member may join")
        REQUEST = "request", _("By request, approved by a co-chair")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Listed publicly")
        MEMBERS = "members", _("Listed to members only")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=240, blank=True)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(_("image"), upload_to="working_groups/", blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="working_groups")
    regions = models.ManyToManyField(Region, blank=True, related_name="working_groups")
    join_policy = models.CharField(
        _("join policy"), max_length=16, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    welcome_message = models.TextField(
        _("welcome message"), blank=True, help_text=_("Emailed to each new member of the group.")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="working_groups"
    )
    # Stored, not counted per page: lists and group pages show it, and counting a large group's
    # memberships on every view costs more than the rest of the page (see count_membership).
    member_count = models.PositiveIntegerField(_("members"), default=0, editable=False)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("working_groups:detail", kwargs={"slug": self.slug})

    def listed_profiles(self, *, role: str):
        """Profiles of the group's members in `role` who chose to be listed in the directory.

        Asked from the profiles' side, so that ordered by name it walks the directory's
        (listed, name) index and stops at the first page, however large the group: from the
        memberships' side, a 10,000-member group sorted all its members for every page."""
        from members.models import Profile

        in_group = Membership.objects.filter(group=self, user=OuterRef("user"), role=role)
        return Profile.objects.listed().filter(Exists(in_group))


class MembershipQuerySet(models.QuerySet):
    def co_chairs(self):
        return self.filter(role=Membership.Role.CO_CHAIR)

    def time_zone_counts(self) -> dict[str, int]:
        """How many active members each profile time zone has ({"Africa/Nairobi": 12, "": 3},
        blank for no zone given): one query, grouped in the database, for the meeting planner."""
        rows = (
            self.filter(user__is_active=True)
            .order_by()
            .values_list("user__profile__time_zone")
            .annotate(members=Count("pk"))
        )
        counts: dict[str, int] = {}
        for zone, members in rows:
            counts[zone or ""] = counts.get(zone or "", 0) + members
        return counts


class Membership(TimestampedModel):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        CO_CHAIR = "co-chair", _("Co-chair")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    # The welcome message, sent once (lpsa.mail.send_once stamps it).
    welcome_sent_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "-role", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_unique_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.get_role_display()})"

    @property
    def is_co_chair(self) -> bool:
        return self.role == self.Role.CO_CHAIR


class JoinRequest(TimestampedModel):
    """A member asking to join a group whose co-chairs approve members."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_join_requests"
    )
    message = models.TextField(_("message to the co-chairs"), blank=True, max_length=2000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The decision, emailed once to the requester.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="join_request_one_pending_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.group} ({self.get_status_display()})"


class Announcement(TimestampedModel):
    """An email from a group's co-chairs to all its members, sent by the worker.

    The worker first records who it goes to (one AnnouncementDelivery per member at that moment,
    `recipient_count` beside them), then sends each delivery once; `sent_at` is stamped when the
    last one went. A worker dying midway leaves the sent deliveries stamped, so the retry sends
    only the others."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=10000)
    # None until the worker has recorded the recipients.
    recipient_count = models.PositiveIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.subject


class AnnouncementDelivery(models.Model):
    """One recipient of an announcement; `sent_at` makes its email go once (lpsa.mail.send_once)."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="announcement_delivery_once_per_member"
            )
        ]
        indexes = [
            models.Index(
                fields=["announcement"],
                condition=Q(sent_at__isnull=True),
                name="announcement_delivery_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.user}"


def count_membership(sender, instance: Membership, created: bool = False, **kwargs) -> None:
    """Keeps `WorkingGroup.member_count` in step with its memberships: one more on a new
    membership, one fewer on a deleted one (cascades from a deleted account included). F()
    makes concurrent joins add up; bulk writes bypass this and call `recount_members()`."""
    if kwargs.get("raw"):
        return
    if kwargs.get("signal") is models.signals.post_delete:
        change = -1
    elif created:
        change = 1
    else:
        return
    # Never below zero, whatever an earlier bulk write left: a member's leaving must not fail.
    WorkingGroup.objects.filter(pk=instance.group_id).update(
        member_count=Greatest(F("member_count") + change, 0)
    )
