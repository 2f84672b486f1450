"""The figures the Alliance reports: per event and per year, by region and organisation type."""

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import figures
from events.models import Event, Registration
from members.models import OrganisationType
from tests.events.factories import EventFactory, RegistrationFactory
from tests.members.factories import MemberFactory
from tests.working_groups.factories import CoChairFactory, WorkingGroupFactory
from working_groups.models import WorkingGroup

IN_2025 = datetime(2025, 6, 10, 13, 0, tzinfo=UTC)


def member_in(country: str, organisation_type: str):
    """A member whose profile says where they work (the region follows the country)."""
    member = MemberFactory()
    member.profile.country = country
    member.profile.organisation_type = organisation_type
    member.profile.save()
    return member


def register(event, user=None, **fields):
    email = user.email.lower() if user else f"visitor{Registration.objects.count()}@example.org"
    return RegistrationFactory(event=event, user=user, email=email, **fields)


def on(day: int, **fields):
    start = IN_2025 + timedelta(days=day)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=1), **fields)


def test_an_events_figures_by_region_and_organisation_type():
    event = on(0)
    kenyan = member_in("KE", OrganisationType.LOCAL_GOVERNMENT)
    peruvian = member_in("PE", OrganisationType.ACADEMIA)
    register(event, kenyan, attended=True)
    register(event, peruvian)
    register(event, attended=True)  # a visitor
    register(event, status=Registration.Status.CANCELLED)
    register(event, status=Registration.Status.WALK_IN, attended=True)

    result = figures.breakdown(event.registrations.all())

    assert (result["total"].registrants, result["total"].attendees) == (3, 3)
    regions = {t.label: (t.registrants, t.attendees) for t in result["by_region"]}
    assert regions == {
        "Sub-Saharan Africa": (1, 1),
        "Latin America and the Caribbean": (1, 0),
        "Not known (visitors)": (1, 2),
    }
    types = {t.label: t.rate for t in result["by_organisation_type"]}
    assert types[str(OrganisationType.LOCAL_GOVERNMENT.label)] == 1.0
    assert types[str(OrganisationType.ACADEMIA.label)] == 0.0


def test_a_year_in_the_form_of_the_annual_report():
    regional = WorkingGroupFactory(kind=WorkingGroup.Kind.REGIONAL)
    thematic = WorkingGroupFactory(kind=WorkingGroup.Kind.THEMATIC)
    webinars = [on(n) for n in range(3)]
    on(5, cancelled_at=IN_2025)  # cancelled: not hosted
    meetings = [
        on(10, kind=Event.Kind.MEETING, working_group=regional),
        on(11, kind=Event.Kind.MEETING, working_group=regional),
        on(12, kind=Event.Kind.MEETING, working_group=thematic),
    ]
    faithful = MemberFactory()
    for webinar in webinars:
        register(webinar, attended=True)
        register(webinar)
    for meeting in meetings:  # the same member at every meeting counts once
        register(meeting, faithful, attended=True)
    register(meetings[0], MemberFactory(), attended=True)
    EventFactory()  # another year

    report = figures.year_report(2025)

    assert report["webinars"] == 3
    assert (report["webinar_figures"].registrants, report["webinar_figures"].attendees) == (6, 3)
    assert (report["regional_meetings"], report["thematic_meetings"]) == (2, 1)
    assert report["meeting_attendees"] == 2


def test_the_figures_page_is_for_staff_and_its_queries_do_not_grow(staff_client):
    url = reverse("events:figures")
    member = Client()
    member.force_login(MemberFactory())
    assert member.get(url, {"year": 2025}).status_code == 403
    assert staff_client.get(url, {"year": "1066"}).status_code == 400

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(url, {"year": 2025})
        assert response.status_code == 200
        return len(captured)

    register(on(0), attended=True)
    small = queries()
    for n in range(20):
        register(on(n), member_in("KE", OrganisationType.CIVIL_SOCIETY), attended=n % 2 == 0)
    assert queries() == small
    content = staff_client.get(url, {"year": 2025}).content.decode()
    assert "21 webinars hosted, with 21 registrants and 11 attendees." in content


def test_a_co_chair_sees_the_year_of_their_groups_events_only():
    mine, other = WorkingGroupFactory(name="Urban"), WorkingGroupFactory(name="Climate")
    chair = MemberFactory()
    CoChairFactory(group=mine, user=chair)
    register(on(1, kind=Event.Kind.MEETING, working_group=mine), attended=True)
    register(on(2, kind=Event.Kind.MEETING, working_group=other), attended=True)
    register(on(3), attended=True)  # the Alliance's webinar
    client = Client()
    client.force_login(chair)

    response = client.get(reverse("events:figures"), {"year": 2025})

    assert response.status_code == 200
    assert response.context["report"]["total"].attendees == 1
    assert "Urban" in response.content.decode() and "Climate" not in response.content.decode()
