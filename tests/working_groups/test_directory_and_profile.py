from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Visibility
from tests.members.factories import MemberFactory, ProfileFactory
from tests.working_groups.factories import CoChairFactory, MembershipFactory, WorkingGroupFactory
from working_groups.models import WorkingGroup

DIRECTORY = reverse("members:directory")


def test_the_directory_filters_by_working_group(member_client):
    group = WorkingGroupFactory(slug="climate")
    inside = MembershipFactory(group=group, user__profile__full_name="Inside Member").user
    MemberFactory(profile__full_name="Outside Member")

    content = member_client.get(DIRECTORY, {"working_group": "climate"}).content.decode()

    assert inside.profile.full_name in content and "Outside Member" not in content


def test_a_new_group_appears_in_the_cached_filter_form(member_client):
    WorkingGroupFactory(name="Climate")
    assert "Climate" in member_client.get(DIRECTORY).content.decode()

    WorkingGroupFactory(name="Brand new group")

    assert "Brand new group" in member_client.get(DIRECTORY).content.decode()


def test_a_renamed_group_is_renamed_in_the_cached_filter_form(member_client):
    group = WorkingGroupFactory(name="Old name")
    member_client.get(DIRECTORY)

    group.name = "New name"
    group.save()

    content = member_client.get(DIRECTORY).content.decode()
    assert "New name" in content and "Old name" not in content


def test_a_profile_lists_its_groups_and_co_chair_roles(member_client):
    profile = ProfileFactory()
    MembershipFactory(group=WorkingGroupFactory(name="Climate"), user=profile.user)
    CoChairFactory(group=WorkingGroupFactory(name="Urban"), user=profile.user)

    content = member_client.get(profile.get_absolute_url()).content.decode()

    assert "Climate" in content and "Urban" in content and "Co-chair" in content


def test_visitors_do_not_see_groups_listed_to_members_only_on_a_public_profile(client):
    profile = ProfileFactory(profile_visibility=Visibility.PUBLIC)
    MembershipFactory(group=WorkingGroupFactory(name="Open group"), user=profile.user)
    MembershipFactory(
        group=WorkingGroupFactory(name="Quiet group", visibility=WorkingGroup.Visibility.MEMBERS),
        user=profile.user,
    )

    content = client.get(profile.get_absolute_url()).content.decode()

    assert "Open group" in content and "Quiet group" not in content


def profile_queries(client, profile) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(profile.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_profile_groups_cost_one_query_however_many(member_client):
    profile = ProfileFactory()
    MembershipFactory(user=profile.user)
    one = profile_queries(member_client, profile)

    for _ in range(10):
        CoChairFactory(user=profile.user)

    assert profile_queries(member_client, profile) == one
