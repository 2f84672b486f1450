"""The newsletter's own mail to one subscriber: the confirmation request and the welcome.

Both go out from the worker (newsletter/tasks.py), in the subscriber's language."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from lpsa.mail import build_email, send_once
from newsletter import tokens
from newsletter.addresses import site_link
from newsletter.models import Subscriber, Subscription

# Enough to point somewhere without turning a welcome into a digest.
SUGGESTED_GROUPS = 5
SUGGESTED_EVENTS = 5


def send_confirmation_request(*, subscriber_id: int) -> None:
    """The link that proves the address. Nothing when no list waits for it (confirmed since, or
    a later change) or the address is suppressed."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.is_suppressed:
        return
    waiting = [
        row.mailing_list
        for row in subscriber.subscriptions.filter(
            status=Subscription.Status.PENDING
        ).select_related("mailing_list")
    ]
    if not waiting:
        return
    with translation.override(subscriber.language):
        subject = _("Please confirm your subscription")
    build_email(
        template="newsletter/confirm",
        context={
            "subscriber": subscriber,
            "lists": waiting,
            "token": tokens.confirmation_token(subscriber_id=subscriber.pk),
            "valid_days": tokens.CONFIRMATION_MAX_AGE // 86400,
        },
        subject=subject,
        to=[subscriber.email],
        language=subscriber.language,
    ).send()


def welcome_suggestions(subscriber: Subscriber) -> tuple[list, list]:
    """Working groups and upcoming public events that meet the subscriber's interests: a member's
    from their profile (and the groups suggested to them), anyone's from the subscribe form."""
    from events.models import Event
    from working_groups.models import WorkingGroup

    topics = list(subscriber.topics.values_list("pk", flat=True))
    regions = list(subscriber.regions.values_list("pk", flat=True))
    user = subscriber.user
    if user is not None and hasattr(user, "profile"):
        topics += list(user.profile.interests.values_list("pk", flat=True))
        regions += list(user.profile.regions_of_interest.values_list("pk", flat=True))
    matching = Q(topics__in=topics) | Q(regions__in=regions)
    if user is not None:
        groups = WorkingGroup.objects.suggested_for(user)
    elif topics or regions:
        groups = WorkingGroup.objects.visible_to(AnonymousUser()).filter(
            pk__in=WorkingGroup.objects.filter(matching).values("pk")
        )
    else:
        groups = WorkingGroup.objects.none()
    events = Event.objects.none()
    if topics or regions:
        events = (
            Event.objects.visible_to(AnonymousUser())
            .upcoming()
            .filter(cancelled_at__isnull=True)
            .filter(pk__in=Event.objects.filter(matching).values("pk"))
            .order_by("starts_at", "pk")
        )
    return list(groups.order_by("name")[:SUGGESTED_GROUPS]), list(events[:SUGGESTED_EVENTS])


def _welcome_message(subscriber: Subscriber):
    groups, events = welcome_suggestions(subscriber)
    lists = [
        row.mailing_list
        for row in Subscription.objects.active()
        .filter(subscriber=subscriber)
        .select_related("mailing_list")
    ]
    unsubscribe_url = site_link(
        "newsletter:unsubscribe",
        tokens.unsubscribe_token(subscriber_id=subscriber.pk, list_id=0),
    )
    with translation.override(subscriber.language):
        subject = _("Welcome to the LPSA newsletter")
    return build_email(
        template="newsletter/welcome",
        context={
            "subscriber": subscriber,
            "lists": lists,
            "groups": groups,
            "events": events,
            "unsubscribe_url": unsubscribe_url,
            "manage_token": tokens.manage_token(subscriber_id=subscriber.pk),
        },
        subject=subject,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        language=subscriber.language,
    )


def send_welcome(*, subscriber_id: int) -> bool:
    """Once per subscriber (`welcomed_at`), and only to a proven, unsuppressed address with a
    list it still receives. Returns whether it was sent."""
    eligible = (
        Subscriber.objects.confirmed()
        .filter(pk=subscriber_id, welcomed_at__isnull=True)
        .filter(pk__in=Subscription.objects.active().values("subscriber_id"))
        .exists()
    )
    if not eligible:
        return False
    return send_once(
        model=Subscriber, pk=subscriber_id, build=_welcome_message, stamp="welcomed_at"
    )
