"""Regional and thematic working groups, who belongs to them and who leads them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lpsa.models import TimestampedModel
from taxonomy.models import Region, Topic


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

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("working_groups:detail", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def co_chairs(self):
        return self.filter(role=Membership.Role.CO_CHAIR)


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
