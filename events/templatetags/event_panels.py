"""The events app's panels on other apps' pages: a member's next events on the portal home, and
a working group's upcoming meetings on its page."""

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from events.cache import EVENTS, FRAGMENT_SECONDS
from events.models import Event, Registration
from lpsa.page_cache import fragment_key

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


@register.simple_tag(takes_context=True)
def group_upcoming_meetings(context, group) -> str:
    """The group's events to come that the viewer may see: kept rendered under the events'
    version for visitors and for members, with the first one's end, after which it is read
    again (an event that has ended drops off)."""
    request = context["request"]
    user = request.user
    key = fragment_key("group-meetings", EVENTS.current(request), group.pk, user.is_authenticated)
    kept = cache.get(key)
    if kept is None or (kept["first_ends_at"] and kept["first_ends_at"] < timezone.now()):
        events = list(
            Event.objects.visible_to(user)
            .upcoming()
            .filter(working_group=group)
            .order_by("starts_at", "pk")[:GROUP_MEETINGS_SHOWN]
        )
        kept = {
            "first_ends_at": min((e.ends_at for e in events), default=None),
            "html": render_to_string(
                "events/includes/group_meetings.html", {"events": events, "group": group}
            ),
        }
        cache.set(key, kept, FRAGMENT_SECONDS)
    return mark_safe(kept["html"])  # rendered, so escaped, above
