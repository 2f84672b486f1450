"""Attendance: marked one by one, or imported from Zoom's participant report."""

import html

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import attendance
from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.members.factories import MemberFactory
from tests.working_groups.factories import CoChairFactory, WorkingGroupFactory

# Zoom's participant report: a meeting summary, a blank line, then one row per join.
ZOOM_REPORT = """Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
812 3456 7890,Tax webinar,12/08/2026 01:00 PM,12/08/2026 02:30 PM,host@lpsa.example,90,5

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest
Awa Diallo,AWA@example.org,12/08/2026 01:00:05 PM,12/08/2026 01:40:00 PM,40,Yes
Awa Diallo,awa@example.org,12/08/2026 01:50:00 PM,12/08/2026 02:30:00 PM,40,Yes
Bilal Haddad (Bilal H.),bilal@example.org,12/08/2026 01:02:00 PM,12/08/2026 02:30:00 PM,88,Yes
Nobody Registered,walkin@example.org,12/08/2026 01:10:00 PM,12/08/2026 01:30:00 PM,20,Yes
Broken Row,not-an-address,12/08/2026 01:10:00 PM,12/08/2026 01:30:00 PM,20,Yes
Another Broken,carla@example.org,12/08/2026 01:10:00 PM,12/08/2026 01:30:00 PM,twenty,Yes
"""


def registered(event, email, **fields):
    return RegistrationFactory(event=event, email=email, **fields)


def test_the_zoom_report_counts_each_person_once_and_keeps_walk_ins():
    event = EventFactory()
    awa, bilal = registered(event, "awa@example.org"), registered(event, "bilal@example.org")
    absent = registered(event, "absent@example.org")

    report = attendance.import_attendance(event=event, content=ZOOM_REPORT.encode())

    awa.refresh_from_db(), bilal.refresh_from_db(), absent.refresh_from_db()
    assert (awa.attended, awa.attended_minutes) == (True, 80)  # two joins, once, added up
    assert (bilal.attended, bilal.attended_minutes) == (True, 88)
    assert not absent.attended
    walk_in = Registration.objects.get(event=event, email="walkin@example.org")
    assert (walk_in.status, walk_in.attended, walk_in.name) == (
        Registration.Status.WALK_IN,
        True,
        "Nobody Registered",
    )
    assert (report.rows, report.matched, report.walk_ins) == (6, 2, 1)
    assert len(report.problems) == 2
    # Line numbers are the file's, so the organiser finds the row.
    assert report.problems[0].startswith("Line 9:") and "not-an-address" in report.problems[0]
    assert report.problems[1].startswith("Line 10:") and "twenty" in report.problems[1]


def test_importing_the_same_report_again_changes_nothing():
    event = EventFactory()
    registered(event, "awa@example.org")
    attendance.import_attendance(event=event, content=ZOOM_REPORT.encode())
    before = list(Registration.objects.order_by("pk").values())

    again = attendance.import_attendance(event=event, content=ZOOM_REPORT.encode())

    assert again.changed == 0
    assert list(Registration.objects.order_by("pk").values()) == before


def test_a_file_that_is_no_report_is_refused_with_a_reason(staff_client):
    event = EventFactory()
    upload = SimpleUploadedFile("notes.csv", b"a,b,c\n1,2,3\n", content_type="text/csv")

    response = staff_client.post(
        reverse("events:attendance", kwargs={"slug": event.slug}), {"report": upload}
    )

    assert response.status_code == 400
    assert "no participants' header" in html.unescape(response.content.decode())
    assert not Registration.objects.filter(event=event).exists()


def test_organisers_import_from_the_page_and_see_what_happened(staff_client):
    event = EventFactory()
    registered(event, "awa@example.org")
    upload = SimpleUploadedFile("report.csv", ZOOM_REPORT.encode(), content_type="text/csv")

    response = staff_client.post(
        reverse("events:attendance", kwargs={"slug": event.slug}), {"report": upload}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "6 rows read: 1 registrants attended, 2 walk-ins" in content
    assert "Line 9:" in content


def test_an_organiser_marks_attendance_one_by_one(staff_client):
    event = EventFactory()
    awa = registered(event, "awa@example.org")
    url = reverse("events:mark_attendance", kwargs={"slug": event.slug, "pk": awa.pk})

    assert staff_client.post(url, {"attended": "yes"}).status_code == 302
    awa.refresh_from_db()
    assert awa.attended
    staff_client.post(url, {"attended": "no"})
    awa.refresh_from_db()
    assert not awa.attended and awa.attended_minutes is None


def test_the_organising_groups_co_chairs_manage_it_and_other_members_do_not(client):
    group = WorkingGroupFactory()
    event = EventFactory(working_group=group, kind=Event.Kind.MEETING)
    chair = CoChairFactory(group=group).user
    url = reverse("events:attendance", kwargs={"slug": event.slug})

    client.force_login(MemberFactory())
    assert client.get(url).status_code == 403
    client.force_login(chair)
    assert client.get(url).status_code == 200
    lpsa_event = EventFactory()
    assert (
        client.get(reverse("events:attendance", kwargs={"slug": lpsa_event.slug})).status_code
        == 403
    )


def test_the_registrant_export_streams_every_registrant_in_the_same_queries(staff_client):
    event = EventFactory()
    url = reverse("events:export_registrants", kwargs={"slug": event.slug})

    def export():
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url)
            body = b"".join(response.streaming_content).decode()
        return body, len(queries)

    RegistrationFactory(event=event, user=MemberFactory(), email="m0@example.org")
    small_body, small = export()
    for n in range(1, 25):
        RegistrationFactory(event=event, user=MemberFactory(), email=f"m{n}@example.org")
    body, large = export()

    assert small == large
    assert body.count("\n") == 26  # the header and 25 registrants
    assert "m24@example.org" in body and "Attended" in small_body
