from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.working_groups.conftest import add_members
from tests.working_groups.factories import MembershipFactory, WorkingGroupFactory
from working_groups.models import WorkingGroup

LIST_URL = reverse("working_groups:list")


def test_list_shows_groups_with_their_member_counts(member_client, member):
    africa = WorkingGroupFactory(name="Africa", kind=WorkingGroup.Kind.REGIONAL)
    add_members(africa, 3)
    MembershipFactory(group=africa, user=member)
    WorkingGroupFactory(name="Urban")

    content = member_client.get(LIST_URL).content.decode()

    assert "Africa" in content and "Urban" in content
    assert "4 members" in content and "0 members" in content
    assert "You are a member" in content


def test_list_filters_by_kind(client):
    WorkingGroupFactory(name="Asia", kind=WorkingGroup.Kind.REGIONAL)
    WorkingGroupFactory(name="Climate", kind=WorkingGroup.Kind.THEMATIC)

    content = client.get(LIST_URL, {"kind": "regional"}).content.decode()

    assert "Asia" in content and "Climate" not in content


def test_an_unknown_kind_lists_every_group(client):
    WorkingGroupFactory(name="Asia", kind=WorkingGroup.Kind.REGIONAL)

    response = client.get(LIST_URL, {"kind": "<script>"})

    assert response.status_code == 200 and "Asia" in response.content.decode()


def test_visitors_do_not_see_groups_listed_to_members_only(member_client):
    WorkingGroupFactory(name="Open to all")
    WorkingGroupFactory(name="Quiet group", visibility=WorkingGroup.Visibility.MEMBERS)

    assert "Quiet group" not in Client().get(LIST_URL).content.decode()
    assert "Quiet group" in member_client.get(LIST_URL).content.decode()


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_groups_or_members(member_client):
    for _ in range(3):
        add_members(WorkingGroupFactory(), 2)
    small = list_queries(member_client)

    for _ in range(27):
        add_members(WorkingGroupFactory(), 10)

    assert list_queries(member_client) == small


def test_a_kept_list_marks_each_viewers_own_groups_and_shows_a_join_at_once(member, other_member):
    africa = WorkingGroupFactory(name="Africa", kind=WorkingGroup.Kind.REGIONAL)
    MembershipFactory(group=africa, user=member)
    inside, outside = Client(), Client()
    inside.force_login(member)
    outside.force_login(other_member)
    assert "You are a member" in inside.get(LIST_URL).content.decode()

    assert "You are a member" not in outside.get(LIST_URL).content.decode()
    MembershipFactory(group=africa, user=other_member)
    content = outside.get(LIST_URL).content.decode()
    assert "You are a member" in content and "2 members" in content
