"""The calendar's pages. Every lookup goes through `Event.objects.visible_to(user)`: a visitor
asking for a members-only event is sent to log in, whether or not it exists."""

import calendar
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, TruncDate
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import is_ratelimited

from events import permissions, services
from events.cache import EVENTS, FRAGMENT_SECONDS
from events.calendar_feeds import personal_feed_for, personal_feed_url
from events.filters import EventFilter
from events.forms import MemberRegistrationForm, MonthForm, VisitorRegistrationForm
from events.models import Event, Registration
from lpsa.page_cache import fragment_key
from lpsa.pagination import page_or_404

EVENTS_PER_PAGE = 20
EVENTS_PER_DAY_SHOWN = 3
# Registering sends mail: a member clicks a few times a day at most, a visitor's form far less.
REGISTRATIONS_PER_HOUR = 20
VISITOR_REGISTRATIONS_PER_HOUR = 5


def _listed(queryset):
    return queryset.select_related("working_group").order_by("starts_at", "pk")


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming events, kept rendered under the events' version for visitors and for members
    (who see the members-only events), per query string; the member's feed is added live."""
    user = request.user
    key = fragment_key(
        "events-list", EVENTS.current(request), user.is_authenticated, sorted(request.GET.lists())
    )
    listing = cache.get(key)
    if listing is None:
        events = Event.objects.visible_to(user).upcoming()
        event_filter = EventFilter(request.GET or None, queryset=events, user=user)
        if event_filter.is_bound and event_filter.is_valid():
            events = event_filter.qs.distinct()
        paginator, page = page_or_404(request, _listed(events), EVENTS_PER_PAGE)
        listing = render_to_string(
            "events/includes/event_listing.html",
            {
                "filter": event_filter,
                "events": page.object_list,
                "page_obj": page,
                "paginator": paginator,
            },
            request=request,
        )
        cache.set(key, listing, FRAGMENT_SECONDS)
    feed_url = None
    if user.is_authenticated:
        feed_url = personal_feed_url(personal_feed_for(user))
    return render(
        request,
        "events/event_list.html",
        {"listing": mark_safe(listing), "feed_url": feed_url},  # rendered, so escaped, above
    )


@require_safe
def past_events(request: HttpRequest) -> HttpResponse:
    events = (
        Event.objects.visible_to(request.user)
        .past()
        .select_related("working_group")
        .order_by("-starts_at", "-pk")
    )
    paginator, page = page_or_404(request, events, EVENTS_PER_PAGE)
    return render(
        request,
        "events/past_events.html",
        {"events": page.object_list, "page_obj": page, "paginator": paginator},
    )


@require_safe
def month(request: HttpRequest) -> HttpResponse:
    """A month's grid, in the viewer's zone, with links to the months around it (no
    JavaScript)."""
    today = timezone.localdate()
    form = MonthForm(request.GET or {"year": today.year, "month": today.month})
    if not form.is_valid():
        return render(request, "events/month.html", {"form": form, "weeks": []}, status=400)
    year, number = form.cleaned_data["year"], form.cleaned_data["month"]
    # Kept rendered under the events' version for visitors and for members, per month (the
    # key holds the viewer's zone and language).
    key = fragment_key(
        "events-month",
        EVENTS.current(request),
        request.user.is_authenticated,
        year,
        number,
        timezone.localdate(),  # the day marked as today
    )
    grid = cache.get(key)
    if grid is None:
        grid = render_to_string(
            "events/includes/month_grid.html", _month_grid(request, year, number)
        )
        cache.set(key, grid, FRAGMENT_SECONDS)
    first = datetime(year, number, 1, tzinfo=timezone.get_current_timezone())
    previous = first - timedelta(days=1)
    following = datetime(year + number // 12, number % 12 + 1, 1)
    return render(
        request,
        "events/month.html",
        {
            "form": form,
            "month_start": first,
            "grid": mark_safe(grid),  # rendered, so escaped, above
            "previous": {"year": previous.year, "month": previous.month},
            "next": {"year": following.year, "month": following.month},
        },
    )


def _month_grid(request: HttpRequest, year: int, number: int) -> dict:
    zone = timezone.get_current_timezone()
    first = datetime(year, number, 1, tzinfo=zone)
    following = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=zone)
    # At most a few events per day, with each day's total, in one query: a busy month reads
    # the rows it shows, not all its events.
    day = TruncDate("starts_at", tzinfo=zone)
    events = list(
        _listed(
            Event.objects.visible_to(request.user)
            .filter(starts_at__lt=following, ends_at__gte=first)
            .annotate(
                day=day,
                rank=Window(RowNumber(), partition_by=[day], order_by=[F("starts_at"), F("pk")]),
                day_total=Window(Count("pk"), partition_by=[day]),
            )
            .filter(rank__lte=EVENTS_PER_DAY_SHOWN)
        )
    )
    by_day: dict = {}
    for event in events:
        by_day.setdefault(event.day, []).append(event)
    weeks = [
        [
            (
                date,
                date.month == number,
                by_day.get(date, []),
                max(by_day[date][0].day_total - EVENTS_PER_DAY_SHOWN, 0) if date in by_day else 0,
            )
            for date in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, number)
    ]
    return {
        "weeks": weeks,
        "has_events": bool(events),
        "today": timezone.localdate(),
        "month_start": first,
    }


def _event_for(request: HttpRequest, slug: str) -> Event | None:
    event = (
        Event.objects.visible_to(request.user)
        .select_related("working_group")
        .filter(slug=slug)
        .first()
    )
    if event is None and request.user.is_authenticated:
        raise Http404
    return event


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    if event is None:
        return redirect_to_login(request.get_full_path())
    registration = permissions.own_registration(request.user, event, session=request.session)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            # What is the same for every viewer is kept rendered under this version; the
            # querysets below stay lazy, so a kept fragment costs no query.
            "events_version": EVENTS.current(request),
            "speakers": event.speakers.select_related("member__profile"),
            "documents": event.documents.all(),
            "topics": event.topics.all(),
            "participants": event.registrations.holding_a_seat()
            .filter(show_in_participants=True)
            .select_related("user__profile")
            .order_by("name", "pk"),
            "registration": registration,
            "can_register": permissions.can_register(request.user, event, registration),
            "sees_join_link": permissions.sees_join_link(registration),
            "can_manage": permissions.can_manage_event(request.user, event),
            "member_form": MemberRegistrationForm(),
            "visitor_form": VisitorRegistrationForm(),
        },
    )


def _too_many(request: HttpRequest, *, group: str, per_hour: int, key: str) -> bool:
    return is_ratelimited(
        request, group=group, key=key, rate=f"{per_hour}/h", method="POST", increment=True
    )


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    form = MemberRegistrationForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    if _too_many(request, group="events:register", per_hour=REGISTRATIONS_PER_HOUR, key="user"):
        messages.error(
            request, _("You have registered too often in the last hour; please try again later.")
        )
        return redirect(event)
    try:
        registration = services.register_member(
            event=event,
            user=request.user,
            show_in_participants=form.cleaned_data.get("show_in_participants", False),
        )
    except services.RegistrationRefused as refused:
        messages.error(request, str(refused))
        return redirect(event)
    if registration.status == Registration.Status.WAITLISTED:
        messages.info(
            request, _("The event is full: you are on the waitlist, and we will email you.")
        )
    else:
        messages.success(request, _("You are registered. A confirmation is on its way."))
    return redirect(event)


@require_POST
def register_visitor(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    if event is None:
        return redirect_to_login(request.get_full_path())
    if request.user.is_authenticated:
        return redirect(event)  # members register in one click on the event's page
    form = VisitorRegistrationForm(request.POST)
    context = {"event": event, "visitor_form": form}
    if _too_many(
        request,
        group="events:register_visitor",
        per_hour=VISITOR_REGISTRATIONS_PER_HOUR,
        key="ip",
    ):
        form.is_valid()
        form.add_error(
            None,
            _(
                "This connection has registered %(count)d times in the last hour, the most we "
                "accept. Nothing was sent; please try again later."
            )
            % {"count": VISITOR_REGISTRATIONS_PER_HOUR},
        )
        return render(request, "events/visitor_registration.html", context, status=429)
    if not form.is_valid():
        return render(request, "events/visitor_registration.html", context, status=400)
    try:
        services.register_visitor(
            event=event,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            show_in_participants=form.cleaned_data["show_in_participants"],
        )
    except services.RegistrationRefused as refused:
        form.add_error(None, str(refused))
        return render(request, "events/visitor_registration.html", context, status=400)
    return render(
        request,
        "events/visitor_registration_sent.html",
        {"event": event, "email": form.cleaned_data["email"]},
    )


def confirm_registration(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a visitor's email: a page with a button (mail scanners that open links must
    not confirm for them); the button confirms."""
    registration = services.registration_for_token(token)
    if registration is None:
        return render(request, "events/confirm_registration.html", {"invalid": True}, status=400)
    if request.method == "POST":
        try:
            registration = services.confirm_visitor_registration(registration=registration)
        except services.RegistrationRefused as refused:
            return render(
                request,
                "events/confirm_registration.html",
                {"registration": registration, "refused": str(refused)},
                status=400,
            )
        request.session[permissions.VISITOR_REGISTRATIONS_KEY] = [
            *request.session.get(permissions.VISITOR_REGISTRATIONS_KEY, []),
            registration.pk,
        ]
        return redirect(registration.event)
    return render(request, "events/confirm_registration.html", {"registration": registration})


@require_POST
def cancel_registration(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    if event is None:
        return redirect_to_login(request.get_full_path())
    registration = permissions.own_registration(request.user, event, session=request.session)
    if registration is None:
        raise Http404
    services.cancel_registration(registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event)
