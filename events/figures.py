"""The figures the Alliance reports about its events: per event and per year, registrants,
attendees and the attendance rate, by world region and organisation type; and a year in the
form of its annual report (webinars hosted, their registrants and attendees, working group
meetings by kind, distinct members who attended a working group meeting).

A registrant is someone who registered and did not cancel (confirmed or on the waitlist); an
attendee is anyone the organisers marked present or the platform's report showed, walk-ins
included. Counted in the database, a few queries whatever the numbers.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from events.models import Event, Registration
from members.models import OrganisationType
from working_groups.models import WorkingGroup

REGISTERED = Q(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])
ATTENDED = Q(attended=True)


@dataclass(frozen=True)
class Tally:
    label: str
    registrants: int
    attendees: int

    @property
    def rate(self) -> float | None:
        """Attendees among the registrants (walk-ins are attendees, not registrants)."""
        return self.attendees / self.registrants if self.registrants else None


def _tallies(registrations, field: str, labels) -> list[Tally]:
    rows = (
        registrations.order_by()
        .values(field)
        .annotate(
            registrants=Count("pk", filter=REGISTERED), attendees=Count("pk", filter=ATTENDED)
        )
    )
    tallies = [
        Tally(labels(row[field]), row["registrants"], row["attendees"])
        for row in rows
        if row["registrants"] or row["attendees"]
    ]
    return sorted(tallies, key=lambda t: (-t.registrants, t.label))


def _total(registrations) -> Tally:
    counts = registrations.aggregate(
        registrants=Count("pk", filter=REGISTERED), attendees=Count("pk", filter=ATTENDED)
    )
    return Tally(_("All"), counts["registrants"], counts["attendees"])


def breakdown(registrations) -> dict:
    """The total, then by world region and by organisation type (from members' profiles; a
    visitor's registration counts as unknown)."""
    unknown = _("Not known (visitors)")
    types = dict(OrganisationType.choices)
    return {
        "total": _total(registrations),
        "by_region": _tallies(
            registrations, "user__profile__world_region__name", lambda v: v or unknown
        ),
        "by_organisation_type": _tallies(
            registrations,
            "user__profile__organisation_type",
            lambda v: str(types.get(v, unknown)) if v else unknown,
        ),
    }


def year_report(year: int, *, working_groups=None) -> dict:
    """A year's events (those starting in it, cancelled ones left out) in the report's form;
    with `working_groups`, only the events those groups organised (what their co-chairs see)."""
    events = Event.objects.filter(starts_at__year=year, cancelled_at__isnull=True)
    if working_groups is not None:
        events = events.filter(working_group__in=working_groups)
    registrations = Registration.objects.filter(event__in=events)
    webinars = events.filter(kind=Event.Kind.WEBINAR)
    webinar_registrations = registrations.filter(event__kind=Event.Kind.WEBINAR)
    meetings = events.filter(kind=Event.Kind.MEETING, working_group__isnull=False)
    meetings_by_kind = dict(
        meetings.order_by().values_list("working_group__kind").annotate(n=Count("pk"))
    )
    return {
        "year": year,
        "webinars": webinars.count(),
        "webinar_figures": _total(webinar_registrations),
        "regional_meetings": meetings_by_kind.get(WorkingGroup.Kind.REGIONAL, 0),
        "thematic_meetings": meetings_by_kind.get(WorkingGroup.Kind.THEMATIC, 0),
        "meeting_attendees": registrations.filter(ATTENDED, event__in=meetings, user__isnull=False)
        .values("user")
        .distinct()
        .count(),
        **breakdown(registrations),
    }
