"""The iCalendar files and feeds: one event's `.ics`, the public feed, a working group's feed
and a member's personal feed behind its secret token.

A calendar app fetches a feed without a session, so the public and group feeds hold public
events only, whoever asks; only the personal feed, whose token is its credential, holds
members-only events and, for confirmed registrations, the join link.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events import calendar_feeds
from events.ical import calendar_for, event_ics
from events.models import CalendarFeed, Event, Registration
from working_groups.models import WorkingGroup

# Feeds keep recent events this long after they end, so a subscriber's calendar keeps them.
FEED_HISTORY = timedelta(days=90)


def _calendar_response(body: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _feed_events(queryset):
    return queryset.filter(ends_at__gte=timezone.now() - FEED_HISTORY).order_by("starts_at", "pk")


@require_safe
def event_ics_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = Event.objects.visible_to(request.user).filter(slug=slug).first()
    if event is None:
        if not request.user.is_authenticated:
            # Logging in is the answer for any slug, so a visitor never learns whether a
            # members-only event of that name exists.
            return redirect_to_login(request.get_full_path())
        raise Http404
    # Never the join link here, even for a confirmed registrant: this address is shared.
    return _calendar_response(event_ics(event), filename=f"{event.slug}.ics", attachment=True)


@require_safe
def public_feed(request: HttpRequest) -> HttpResponse:
    events = _feed_events(Event.objects.visible_to(AnonymousUser()))
    body = calendar_for(events, name=_("LPSA events"))
    return _calendar_response(body, filename="lpsa-events.ics", attachment=False)


@require_safe
def group_feed(request: HttpRequest, slug: str) -> HttpResponse:
    # As a calendar app sees it, anonymously: a group listed to members only has no feed.
    group = get_object_or_404(WorkingGroup.objects.visible_to(AnonymousUser()), slug=slug)
    events = _feed_events(Event.objects.visible_to(AnonymousUser()).filter(working_group=group))
    body = calendar_for(events, name=_("LPSA: %(group)s") % {"group": group.name})
    return _calendar_response(body, filename=f"{group.slug}.ics", attachment=False)


@require_safe
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed.objects.filter(user__is_active=True), token=token)
    registrations = list(
        Registration.objects.registrants()
        .filter(user_id=feed.user_id, event__ends_at__gte=timezone.now() - FEED_HISTORY)
        .select_related("event")
        .order_by("event__starts_at", "event__pk")
    )
    body = calendar_for(
        [registration.event for registration in registrations],
        name=_("My LPSA events"),
        include_join_url_for={
            registration.event_id
            for registration in registrations
            if registration.status == Registration.Status.CONFIRMED
        },
    )
    response = _calendar_response(body, filename="my-lpsa-events.ics", attachment=False)
    # The address is the credential: no shared cache may keep the answer.
    response["Cache-Control"] = "private"
    return response


@login_required
@require_POST
def reset_personal_feed(request: HttpRequest) -> HttpResponse:
    calendar_feeds.reset_personal_feed(request.user)
    messages.success(
        request,
        _(
            "Your calendar feed has a new address. Calendars subscribed to the old one no "
            "longer receive your events: subscribe again with the new address."
        ),
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("home")
