"""The events app's panels on other apps' pages: a member's next events on the portal home, and
a working group's upcoming meetings on its page."""

from django import template
from django.core.cache import cache
from django.utils import timezone

from events.cache import EVENTS
from events.models import Event, Registration

register = template.Library()

NEXT_EVENTS_SHOWN = 3
NEXT_EVENTS_KEPT = 10
NEXT_EVENTS_SECONDS = 3600
GROUP_MEETINGS_SHOWN = 5


@register.inclusion_tag("events/includes/my_next_events.html", takes_context=True)
def my_next_events(context):
    """The events the member registered for that are still to come. Read once per version of
    the events (any registration or event saved moves it) and kept, a few more than shown, so
    that one ending drops off the panel without a query."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"events": []}
    key = f"events:next:{EVENTS.current(request)}:{user.pk}"
    kept = cache.get(key)
    now = timezone.now()
    if kept is None or (
        len(kept) == NEXT_EVENTS_KEPT and kept[NEXT_EVENTS_SHOWN - 1].ends_at < now
    ):
        kept = list(
            Event.objects.upcoming(now)
            .filter(
                registrations__email=user.email.lower(),
                registrations__status__in=[
                    Registration.Status.CONFIRMED,
                    Registration.Status.WAITLISTED,
                ],
            )
            .order_by("starts_at", "pk")[:NEXT_EVENTS_KEPT]
        )
        cache.set(key, kept, NEXT_EVENTS_SECONDS)
    return {"events": [e for e in kept if e.ends_at >= now][:NEXT_EVENTS_SHOWN]}


@register.inclusion_tag("events/includes/group_meetings.html", takes_context=True)
def group_upcoming_meetings(context, group):
    """The group's events to come that the viewer may see (one query)."""
    user = context["request"].user
    events = list(
        Event.objects.visible_to(user)
        .upcoming()
        .filter(working_group=group)
        .order_by("starts_at", "pk")[:GROUP_MEETINGS_SHOWN]
    )
    return {"events": events, "group": group}
