"""The staff CSV export of the directory."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.permissions import can_export_directory
from tests.members.conftest import bulk_create_members
from tests.members.factories import ProfileFactory, language, topic

pytestmark = pytest.mark.django_db

EXPORT = reverse("members:directory_export")
LOGIN = reverse("account_login")


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


CSV_HEADER = [
    "name",
    "email",
    "job title",
    "organisation",
    "organisation type",
    "country",
    "region",
    "expertise",
    "languages",
    "joined",
]


def test_visitors_are_sent_to_log_in_to_export_the_directory(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={EXPORT}"


def test_members_get_the_portals_403_page_for_the_export(member_client):
    response = member_client.get(EXPORT, {"country": "KE"})
    assert response.status_code == 403
    assert "403.html" in [template.name for template in response.templates]
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_only_active_staff_may_export_the_directory(member, staff):
    assert can_export_directory(staff)
    assert not can_export_directory(member)
    assert not can_export_directory(AnonymousUser())
    staff.is_active = False
    assert not can_export_directory(staff)


def test_staff_export_the_directory_as_csv(staff_client, staff):
    amara = ProfileFactory(
        full_name="Amara Okonkwo",
        country="NG",
        organisation="Lagos State Council",
        job_title="Budget officer",
        expertise=[topic("health")],
        languages=[language("en"), language("ha")],
    )

    response = staff_client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="lpsa-directory-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    rows = read_csv(response)
    assert rows[0] == CSV_HEADER
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {staff.profile.full_name, "Amara Okonkwo"}
    assert by_name["Amara Okonkwo"] == [
        "Amara Okonkwo",
        amara.user.email,
        "Budget officer",
        "Lagos State Council",
        "Local government",
        "Nigeria",
        "Sub-Saharan Africa",
        "Health",
        "English; Hausa",
        amara.created_at.date().isoformat(),
    ]


def test_staff_export_honours_the_directory_filters(staff_client):
    ProfileFactory(full_name="In France", country="FR", expertise=[topic("health")])
    ProfileFactory(full_name="In France Too", country="FR")
    ProfileFactory(full_name="In Kenya", country="KE", expertise=[topic("health")])

    rows = read_csv(staff_client.get(EXPORT, {"country": "FR", "expertise": "health"}))

    assert rows[0] == CSV_HEADER
    assert [row[0] for row in rows[1:]] == ["In France"]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_staff_export_defuses_each_prefix_that_spreadsheets_read_as_a_formula(staff_client, prefix):
    ProfileFactory(
        full_name=f'{prefix}HYPERLINK("https://evil.example","Click")',
        job_title=f"{prefix}SUM(1,2)",
        organisation=f"{prefix}cmd",
        country="FR",
    )
    ProfileFactory(full_name="Plain Name", job_title="Mayor - retired", country="FR")

    rows = read_csv(staff_client.get(EXPORT, {"country": "FR"}))

    by_title = {row[2]: row for row in rows[1:]}
    formula = by_title[f"'{prefix}SUM(1,2)"]
    assert formula[0] == f"""'{prefix}HYPERLINK("https://evil.example","Click")"""
    assert formula[3] == f"'{prefix}cmd"
    # Only the first character matters: text that merely contains one is left alone.
    assert by_title["Mayor - retired"][0] == "Plain Name"


def test_staff_export_query_count_does_not_grow_with_members(
    staff_client, some_expertise, some_languages
):
    def export_queries():
        with CaptureQueriesContext(connection) as queries:
            read_csv(staff_client.get(EXPORT))
        return len(queries)

    bulk_create_members(5, expertise=some_expertise, languages=some_languages)
    small = export_queries()
    bulk_create_members(200, expertise=some_expertise, languages=some_languages)
    assert export_queries() == small


def test_staff_without_two_factor_login_cannot_export(client, staff_without_2fa):
    client.force_login(staff_without_2fa)
    response = client.get(EXPORT)
    assert response.status_code == 403
    assert "members/directory.html" not in [t.name for t in response.templates]
    directory = client.get(reverse("members:directory"))
    assert EXPORT.encode() not in directory.content
