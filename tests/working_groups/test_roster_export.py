import csv
import io

import pytest

from members.models import Visibility
from tests.working_groups.conftest import group_url
from tests.working_groups.factories import CoChairFactory, MembershipFactory, WorkingGroupFactory


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def group(db):
    return WorkingGroupFactory(slug="urban")


@pytest.fixture
def chair_client(client, group):
    client.force_login(CoChairFactory(group=group, user__profile__full_name="Ana Chair").user)
    return client


def test_co_chairs_export_the_roster_with_the_addresses_members_let_them_see(chair_client, group):
    shown = MembershipFactory(
        group=group,
        user__profile__full_name="Bea Shown",
        user__profile__email_visibility=Visibility.MEMBERS,
    )
    hidden = MembershipFactory(group=group, user__profile__full_name="Cy Hidden")

    response = chair_client.get(group_url(group, "roster_export"))

    assert response["Content-Type"].startswith("text/csv")
    assert "lpsa-urban-roster-" in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0][:3] == ["name", "email", "job title"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Ana Chair"][6] == "Co-chair"
    assert by_name["Bea Shown"][1] == shown.user.email
    assert by_name["Cy Hidden"][1] == ""
    assert hidden.user.email not in str(rows)


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_the_roster_defuses_formulas(chair_client, group, prefix):
    MembershipFactory(group=group, user__profile__full_name=f"{prefix}HYPERLINK(1)")

    names = [row[0] for row in rows_of(chair_client.get(group_url(group, "roster_export")))]

    assert f"'{prefix}HYPERLINK(1)" in names


def test_members_cannot_export_the_roster(client, group):
    client.force_login(MembershipFactory(group=group).user)

    assert client.get(group_url(group, "roster_export")).status_code == 403
