"""The organisers' pages for an event: its registrants and their attendance (marked one by one
or imported from the webinar platform's report), and the registrant list as CSV. Staff, and the
co-chairs of the organising working group."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events import attendance, figures, permissions
from events.forms import AttendanceImportForm, YearForm
from events.models import Event, Registration
from lpsa.csv_export import streaming_csv_response
from working_groups.models import WorkingGroup


def _managed_event(request: HttpRequest, slug: str) -> Event:
    event = Event.objects.visible_to(request.user).filter(slug=slug).first()
    if event is None:
        raise Http404
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    return event


def _registrants(event: Event):
    return (
        event.registrations.exclude(status=Registration.Status.PENDING)
        .select_related("user__profile__world_region")
        .order_by("status", "name", "pk")
    )


@login_required
def event_attendance(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = attendance.import_attendance(
                    event=event, content=form.cleaned_data["report"].read()
                )
            except attendance.AttendanceFileRefused as refused:
                form.add_error("report", str(refused))
                status = 400
        else:
            status = 400
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "form": form,
            "report": report,
            "registrations": list(_registrants(event)),
            "figures": figures.breakdown(event.registrations.all()),
        },
        status=status,
    )


@login_required
@require_safe
def year_figures(request: HttpRequest) -> HttpResponse:
    """The year's figures in the form of the Alliance's annual report: all events for staff,
    their groups' events for working group co-chairs."""
    groups = None
    if not request.user.is_staff:
        groups = list(
            WorkingGroup.objects.filter(pk__in=permissions.co_chaired_groups(request.user))
        )
        if not groups:
            raise PermissionDenied
    this_year = timezone.localdate().year
    form = YearForm(request.GET or {"year": this_year})
    if not form.is_valid():
        return render(request, "events/figures.html", {"form": form}, status=400)
    return render(
        request,
        "events/figures.html",
        {
            "form": form,
            "groups": groups,
            "report": figures.year_report(form.cleaned_data["year"], working_groups=groups),
        },
    )


@login_required
@require_POST
def mark_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed_event(request, slug)
    registration = get_object_or_404(event.registrations, pk=pk)
    attended = request.POST.get("attended") == "yes"
    attendance.mark_attendance(registration=registration, attended=attended)
    messages.success(
        request,
        (_("%(name)s attended.") if attended else _("%(name)s did not attend."))
        % {"name": registration.name},
    )
    return redirect("events:attendance", slug=event.slug)


@login_required
@require_safe
def export_registrants(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    event = _managed_event(request, slug)
    registrations = _registrants(event)

    def rows():
        for registration in registrations.iterator(chunk_size=1000):
            profile = getattr(registration.user, "profile", None) if registration.user else None
            yield [
                registration.name,
                registration.email,
                registration.get_status_display(),
                profile.organisation if profile else "",
                profile.get_organisation_type_display() if profile else "",
                profile.world_region.name if profile and profile.world_region else "",
                _("yes") if registration.attended else _("no"),
                str(registration.attended_minutes or ""),
                registration.created_at.date().isoformat(),
            ]

    return streaming_csv_response(
        filename=f"{event.slug}-registrants.csv",
        header=[
            _("Name"),
            _("Email"),
            _("Status"),
            _("Organisation"),
            _("Organisation type"),
            _("World region"),
            _("Attended"),
            _("Minutes"),
            _("Registered on"),
        ],
        rows=rows(),
    )
