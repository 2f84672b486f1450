"""Writes to events: registering (a member in one click, a visitor after confirming by email),
cancelling with the waitlist moving up, and the mail each sends. Seats are counted under a lock on
the event's row, so two people taking the last seat at once never overbook it.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.models import RESERVED_SLUGS, Event, Registration
from lpsa.mail import Attachment, build_email, send_once
from members.languages import mail_language
from members.models import User

CONFIRMATION_SALT = "events.registration.confirm"
# A visitor's confirmation link works this long; registering again sends a fresh one.
CONFIRMATION_MAX_AGE = timedelta(days=7)
REMINDERS = {
    "reminder_24h_sent_at": timedelta(hours=24),
    "reminder_1h_sent_at": timedelta(hours=1),
}


# A change to any of these must reach the calendars that imported the event: SEQUENCE rises.
CALENDAR_FIELDS = frozenset(
    {"starts_at", "ends_at", "time_zone", "venue", "format", "title", "cancelled_at"}
)


def note_calendar_change(*, event: Event, changed) -> None:
    """Raises the event's iCalendar SEQUENCE when a field calendars show has changed."""
    if CALENDAR_FIELDS & set(changed):
        Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
        event.refresh_from_db(fields=["sequence"])


def schedule_group_meeting(*, group, title: str, starts_at, duration: int, **fields) -> Event:
    """A working group's meeting, scheduled by its co-chairs: tagged with the group's topics
    and regions, listed as the group is (members only for a group listed to members only)."""
    from working_groups.models import WorkingGroup

    base = slugify(title)[:180] or "meeting"
    slug = base
    while Event.objects.filter(slug=slug).exists() or slug in RESERVED_SLUGS:
        slug = f"{base}-{get_random_string(6).lower()}"
    with transaction.atomic():
        event = Event.objects.create(
            title=title,
            slug=slug,
            kind=Event.Kind.MEETING,
            working_group=group,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=duration),
            visibility=(
                Event.Visibility.MEMBERS
                if group.visibility == WorkingGroup.Visibility.MEMBERS
                else Event.Visibility.PUBLIC
            ),
            **fields,
        )
        event.topics.set(group.topics.all())
        event.regions.set(group.regions.all())
    return event


class RegistrationRefused(PermissionDenied):
    """A registration the event's state refuses; its message says why."""


def _check_open(event: Event) -> None:
    refusal = event.why_registration_is_closed()
    if refusal:
        raise RegistrationRefused(refusal)


def _take_seat_or_wait(event: Event, registration: Registration) -> None:
    """Confirms `registration` if a seat is free, else puts it on the waitlist. The caller holds
    the lock on the event's row."""
    now = timezone.now()
    taken = event.registrations.holding_a_seat().exclude(pk=registration.pk).count()
    if event.capacity is None or taken < event.capacity:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlisted_at = now
    registration.cancelled_at = None


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def register_member(*, event: Event, user: User, show_in_participants: bool = False):
    """Registers a signed-in member in one click: a seat, or the waitlist when the event is
    full. Registering again while registered changes nothing."""
    from events.tasks import send_registration_confirmation

    event = _locked(event)
    _check_open(event)
    email = user.email.lower()
    registration = Registration.objects.filter(event=event, email=email).first()
    if registration is not None and registration.status in (
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
    ):
        return registration
    if registration is None:
        registration = Registration(event=event, email=email)
    registration.user = user
    registration.name = user.get_full_name() or email
    registration.show_in_participants = show_in_participants
    registration.confirmation_sent_at = None
    _take_seat_or_wait(event, registration)
    registration.save()
    transaction.on_commit(lambda: send_registration_confirmation.delay(registration.pk))
    return registration


@transaction.atomic
def register_visitor(
    *, event: Event, name: str, email: str, show_in_participants: bool = False
) -> None:
    """A visitor's registration waits for them to confirm their address by the link we email.
    The page says the same whatever happens: an address registered already gets an email
    saying so, never a second registration."""
    from events.tasks import send_already_registered, send_visitor_confirmation_link

    _check_open(event)
    email = email.strip().lower()
    registration = Registration.objects.select_for_update().filter(event=event, email=email).first()
    if registration is not None and registration.status in (
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
    ):
        transaction.on_commit(lambda: send_already_registered.delay(registration.pk))
        return
    if registration is None:
        registration = Registration(event=event, email=email)
    registration.name = name.strip()
    registration.show_in_participants = show_in_participants
    registration.status = Registration.Status.PENDING
    registration.save()
    transaction.on_commit(lambda: send_visitor_confirmation_link.delay(registration.pk))


def confirmation_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CONFIRMATION_SALT)


def registration_for_token(token: str) -> Registration | None:
    """The registration a confirmation link names, or None for a forged or expired one."""
    try:
        pk = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event").filter(pk=pk).first()


@transaction.atomic
def confirm_visitor_registration(*, registration: Registration) -> Registration:
    """The visitor followed the link: a seat or the waitlist, and the confirmation email. A
    second click changes nothing."""
    from events.tasks import send_registration_confirmation

    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        return registration
    _check_open(event)
    _take_seat_or_wait(event, registration)
    registration.save()
    transaction.on_commit(lambda: send_registration_confirmation.delay(registration.pk))
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration | None:
    """Cancels a registration; a freed seat goes to the first on the waitlist, who is told.
    Returns the promoted registration, if any."""
    from events.tasks import send_promotion

    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    held_a_seat = registration.status == Registration.Status.CONFIRMED
    if registration.status == Registration.Status.CANCELLED:
        return None
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if not held_a_seat or event.is_cancelled or event.ends_at <= timezone.now():
        return None
    promoted = event.registrations.waitlisted().select_for_update().first()
    if promoted is None:
        return None
    promoted.status = Registration.Status.CONFIRMED
    promoted.confirmed_at = timezone.now()
    promoted.save(update_fields=["status", "confirmed_at", "updated_at"])
    transaction.on_commit(lambda: send_promotion.delay(promoted.pk))
    return promoted


# --- Mail ------------------------------------------------------------------------------------


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _language_of(registration: Registration) -> str:
    if registration.user_id:
        user = User.objects.select_related("profile").filter(pk=registration.user_id).first()
        if user is not None:
            return mail_language(user)
    return settings.LANGUAGE_CODE


def _registration_email(
    registration: Registration, *, template: str, subject, attachments=(), **context
):
    event = registration.event
    language = _language_of(registration)
    with translation.override(language):
        return build_email(
            template=f"events/{template}",
            context={
                "registration": registration,
                "event": event,
                "name": registration.name,
                "event_url": _url(event.get_absolute_url()),
                **context,
            },
            subject=subject() % {"event": event.title},
            to=[registration.email],
            attachments=attachments,
            language=language,
        )


def _calendar_file(registration: Registration) -> Attachment:
    """The event's .ics, with the join link once the seat is confirmed."""
    from events.ical import event_ics

    return Attachment(
        filename=f"{registration.event.slug}.ics",
        content=event_ics(registration.event, registration=registration),
        mimetype="text/calendar",
    )


def send_registration_confirmation(*, registration_id: int) -> bool:
    def build(registration: Registration):
        waitlisted = registration.status == Registration.Status.WAITLISTED
        return _registration_email(
            registration,
            template="registration_confirmed",
            subject=(
                (lambda: _("You are on the waitlist for %(event)s"))
                if waitlisted
                else (lambda: _("You are registered for %(event)s"))
            ),
            waitlisted=waitlisted,
            attachments=[_calendar_file(registration)],
        )

    return send_once(
        model=Registration, pk=registration_id, build=build, stamp="confirmation_sent_at"
    )


def send_promotion(*, registration_id: int) -> bool:
    def build(registration: Registration):
        return _registration_email(
            registration,
            template="promoted",
            subject=lambda: _("A seat is yours: you are registered for %(event)s"),
            attachments=[_calendar_file(registration)],
        )

    return send_once(model=Registration, pk=registration_id, build=build, stamp="promotion_sent_at")


def send_visitor_confirmation_link(*, registration_id: int) -> None:
    """Each registration attempt sends a fresh link (the form is rate-limited)."""
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if registration.status != Registration.Status.PENDING:
        return
    link = _url(
        reverse("events:confirm_registration", kwargs={"token": confirmation_token(registration)})
    )
    _registration_email(
        registration,
        template="confirm_registration",
        subject=lambda: _("Confirm your registration for %(event)s"),
        confirm_url=link,
    ).send()


def send_already_registered(*, registration_id: int) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    _registration_email(
        registration,
        template="already_registered",
        subject=lambda: _("You are already registered for %(event)s"),
    ).send()


def due_reminders(*, now=None) -> list[tuple[int, str]]:
    """(registration, stamp) pairs whose reminder is due: confirmed registrations for events
    starting within the reminder's lead time that have not had it. One query per reminder."""
    now = now or timezone.now()
    due = []
    for stamp, lead in REMINDERS.items():
        rows = Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            event__cancelled_at__isnull=True,
            event__starts_at__gt=now,
            event__starts_at__lte=now + lead,
            **{f"{stamp}__isnull": True},
        ).values_list("pk", flat=True)
        due += [(pk, stamp) for pk in rows]
    return due


def send_reminder(*, registration_id: int, stamp: str) -> bool:
    """Sends one reminder once: the stamp is written in the same transaction as the send, so a
    second beat run or a redelivered task finds it sent."""
    if stamp not in REMINDERS:
        raise ValueError(stamp)

    def build(registration: Registration):
        hours = int(REMINDERS[stamp].total_seconds() // 3600)
        return _registration_email(
            registration,
            template="reminder",
            subject=(
                (lambda: _("Tomorrow: %(event)s"))
                if hours == 24
                else (lambda: _("In one hour: %(event)s"))
            ),
            hours=hours,
        )

    return send_once(model=Registration, pk=registration_id, build=build, stamp=stamp)
