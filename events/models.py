"""Webinars, working group meetings, conferences and trainings; who registered, who came.

Times are stored in UTC beside the event's own IANA time zone, which the pages name next to the
viewer's. An event's iCalendar UID never changes; its `sequence` rises with every change a
calendar must hear about (times, place, cancellation).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lpsa.models import TimestampedModel
from taxonomy.models import Region, Topic
from working_groups.models import WorkingGroup

# The calendar's own addresses under /events/: an event with one of these slugs would be hidden.
RESERVED_SLUGS = frozenset({"month", "past", "figures", "confirm", "feed", "groups", "my"})


def validate_event_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is one of the calendar's own addresses: choose another slug."),
            params={"slug": value},
            code="reserved",
        )


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Public events for anyone; events for members only to signed-in members. A cancelled
        event stays visible, marked as cancelled."""
        if user.is_authenticated:
            return self
        return self.filter(visibility=Event.Visibility.PUBLIC)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class Event(TimestampedModel):
    class Kind(models.TextChoices):
        WEBINAR = "webinar", _("Webinar")
        MEETING = "meeting", _("Working group meeting")
        CONFERENCE = "conference", _("Conference")
        TRAINING = "training", _("Training")

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in-person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True, validators=[validate_event_slug])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    # The organiser: a working group, or the Alliance itself when empty.
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("organised by the working group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="events",
        help_text=_("The regions the event is meant for: its time strip shows their cities."),
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), db_index=True)
    time_zone = models.CharField(
        _("the event's time zone"),
        max_length=64,
        help_text=_("Where the event happens, or its organisers' zone for an online event."),
    )
    format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.ONLINE
    )
    venue = models.TextField(_("venue"), blank=True)
    # Shown only to confirmed registrants: never in a public page or feed.
    join_url = models.URLField(_("online join link"), blank=True, max_length=500)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    recording_url = models.URLField(_("recording"), blank=True, max_length=500)
    slides_url = models.URLField(_("slides"), blank=True, max_length=500)
    # iCalendar SEQUENCE: raised by the services whenever the times, the place or the status
    # change, so calendars that imported the event replace their copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def uid(self) -> str:
        """The iCalendar UID: made from the primary key, so it survives every edit."""
        return f"event-{self.pk}@{settings.ICALENDAR_UID_DOMAIN}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def why_registration_is_closed(self) -> str | None:
        """Why nobody may register now (cancelled, over, closed), or None while one may."""
        if self.is_cancelled:
            return gettext("This event was cancelled.")
        if self.ends_at <= timezone.now():
            return gettext("This event is over.")
        if not self.registration_open:
            return gettext("Registration for this event is closed.")
        return None


class Speaker(TimestampedModel):
    """A speaker: a member (whose profile the page links to) or a guest."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class EventDocument(TimestampedModel):
    """A document shown with the event afterwards (a report, a reading): a link."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class RegistrationQuerySet(models.QuerySet):
    def holding_a_seat(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk")

    def registrants(self):
        """Everyone who registered and did not cancel: confirmed or on the waitlist."""
        return self.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
        )


class Registration(TimestampedModel):
    """One person's registration for one event: a member's, or a visitor's (name and email,
    confirmed by a link in an email). A walk-in is someone the webinar platform's report shows
    attending who never registered: kept, counted as an attendee, never as a registrant."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", pgettext_lazy("a registration", "Cancelled")
        WALK_IN = "walk-in", _("Walk-in")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    # Stored lowercased: one registration per address and event.
    email = models.EmailField(_("email"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    show_in_participants = models.BooleanField(
        _("show me in the list of participants that members see"), default=False
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Mail, each sent once (lpsa.mail.send_once stamps the field).
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    promotion_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_24h_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_1h_sent_at = models.DateTimeField(null=True, blank=True)
    # Attendance, marked by the organisers or imported from the platform's report.
    attended = models.BooleanField(default=False)
    attended_minutes = models.PositiveIntegerField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], name="registration_one_per_address_and_event"
            ),
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="registration_email_lowercased",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            # A member's registrations are found by address (a visitor's before they joined
            # count too): the home panel and every event page ask.
            models.Index(fields=["email", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.event} ({self.get_status_display()})"


class CalendarFeed(models.Model):
    """A member's personal iCalendar feed of the events they registered for, at an address
    only they know; resetting it makes a new token and the old address answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"
