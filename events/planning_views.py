"""The meeting planner: a working group's organisers see which start times suit most members."""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_ratelimit.core import is_ratelimited

from events import services
from events.forms import GroupMeetingForm
from events.models import Event
from events.planning import WORKDAY_ENDS, WORKDAY_STARTS, rank_meeting_slots
from events.planning_forms import MeetingPlanForm
from working_groups.models import Membership, WorkingGroup
from working_groups.permissions import can_manage_group

SLOTS_SHOWN = 10


def schedule_url(*, group: WorkingGroup, starts_at: datetime, zone_name: str, duration: int) -> str:
    """The group's scheduling form with the meeting's start filled in, on the organiser's
    clock, which is also the event's zone."""
    local = timezone.localtime(starts_at)
    query = {
        "starts_on": local.date().isoformat(),
        "starts_time": local.strftime("%H:%M"),
        "time_zone": zone_name,
        "duration": duration,
    }
    return f"{reverse('events:schedule_meeting', kwargs={'slug': group.slug})}?{urlencode(query)}"


@login_required
@require_safe
def plan_meeting(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    if not can_manage_group(request.user, group):
        raise PermissionDenied
    form = MeetingPlanForm({**MeetingPlanForm.defaults(), **request.GET.dict()})
    context = {
        "group": group,
        "form": form,
        "workday_starts": WORKDAY_STARTS,
        "workday_ends": WORKDAY_ENDS,
    }
    if not form.is_valid():
        return render(request, "events/plan_meeting.html", context, status=400)
    zone_name = timezone.get_current_timezone_name()
    plan = rank_meeting_slots(
        Membership.objects.filter(group=group).time_zone_counts(),
        first_day=form.cleaned_data["starting"],
        days=7 * form.cleaned_data["weeks"],
        duration=timedelta(minutes=form.cleaned_data["duration"]),
        not_before=timezone.now(),
        day_zone=zone_name,
    )
    context["plan"] = plan
    context["slots"] = [
        (
            slot,
            schedule_url(
                group=group,
                starts_at=slot.starts_at,
                zone_name=zone_name,
                duration=form.cleaned_data["duration"],
            ),
        )
        for slot in plan.slots[:SLOTS_SHOWN]
    ]
    context["can_schedule"] = True
    return render(request, "events/plan_meeting.html", context)


# Scheduling creates content: a co-chair sets a few meetings a quarter.
MEETINGS_PER_DAY = 10


@login_required
def schedule_meeting(request: HttpRequest, slug: str) -> HttpResponse:
    """A co-chair (or staff) schedules the group's meeting, the planner's pick filled in."""
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    if not can_manage_group(request.user, group):
        raise PermissionDenied
    initial = {
        "time_zone": timezone.get_current_timezone_name(),
        "duration": 60,
        "format": Event.Format.ONLINE,
        "title": _("%(group)s: meeting") % {"group": group.name},
        **{k: v for k, v in request.GET.items() if k in SCHEDULE_PREFILL},
    }
    form = GroupMeetingForm(request.POST or None, initial=initial)
    context = {"group": group, "form": form}
    if request.method == "POST":
        if is_ratelimited(
            request,
            group="events:schedule_meeting",
            key="user",
            rate=f"{MEETINGS_PER_DAY}/d",
            method="POST",
            increment=True,
        ):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "You have scheduled %(count)d meetings today, the most we accept. Nothing "
                    "was saved; please try again tomorrow."
                )
                % {"count": MEETINGS_PER_DAY},
            )
            return render(request, "events/schedule_meeting.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            event = services.schedule_group_meeting(
                group=group,
                title=data["title"],
                starts_at=data["starts_at"],
                duration=data["duration"],
                summary=data["summary"],
                description=data["description"],
                time_zone=data["time_zone"],
                format=data["format"],
                venue=data["venue"],
                join_url=data["join_url"],
                capacity=data["capacity"],
            )
            messages.success(request, _("The meeting is on the calendar."))
            return redirect(event)
        return render(request, "events/schedule_meeting.html", context, status=400)
    return render(request, "events/schedule_meeting.html", context)


SCHEDULE_PREFILL = ("starts_on", "starts_time", "time_zone", "duration")
