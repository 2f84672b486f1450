"""The meeting planner: a working group's organisers see which start times suit most members."""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from events.models import Event
from events.planning import WORKDAY_ENDS, WORKDAY_STARTS, rank_meeting_slots
from events.planning_forms import MeetingPlanForm
from working_groups.models import Membership, WorkingGroup
from working_groups.permissions import can_manage_group

SLOTS_SHOWN = 10


def schedule_url(*, group: WorkingGroup, starts_at: datetime, zone_name: str) -> str:
    """The admin's new-event page with the meeting filled in: its start split into date and
    time as the admin's SplitDateTime widget names them (starts_at_0, starts_at_1), both on the
    organiser's clock, which is also the event's zone."""
    local = timezone.localtime(starts_at)
    query = {
        "working_group": group.pk,
        "kind": Event.Kind.MEETING,
        "starts_at_0": local.date().isoformat(),
        "starts_at_1": local.strftime("%H:%M"),
        "time_zone": zone_name,
    }
    return f"{reverse('admin:events_event_add')}?{urlencode(query)}"


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
    # The admin opens to staff only: others are shown the times, without a dead link.
    can_schedule = request.user.is_staff and request.user.has_perm("events.add_event")
    context["plan"] = plan
    context["slots"] = [
        (
            slot,
            schedule_url(group=group, starts_at=slot.starts_at, zone_name=zone_name)
            if can_schedule
            else None,
        )
        for slot in plan.slots[:SLOTS_SHOWN]
    ]
    context["can_schedule"] = can_schedule
    return render(request, "events/plan_meeting.html", context)
