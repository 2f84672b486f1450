from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.models import Visibility
from taxonomy.models import Region, Topic
from tests.members.factories import MemberFactory, ProfileFactory
from tests.working_groups.conftest import add_members, group_url
from tests.working_groups.factories import CoChairFactory, MembershipFactory, WorkingGroupFactory
from working_groups.models import WorkingGroup


def test_group_page_shows_about_co_chairs_topics_regions_and_listed_members(member_client):
    group = WorkingGroupFactory(name="Subnational finance", description="Transfers and taxes.")
    group.topics.set(Topic.objects.filter(slug="local-revenue-and-property-tax"))
    group.regions.set(Region.objects.filter(slug="africa"))
    chair = CoChairFactory(group=group, user__profile__full_name="Achieng Otieno")
    listed = MembershipFactory(group=group, user__profile__full_name="Bilal Haddad")
    unlisted = MembershipFactory(
        group=group,
        user__profile__full_name="Carla Quiet",
        user__profile__listed_in_directory=False,
    )

    content = member_client.get(group_url(group)).content.decode()

    assert "Transfers and taxes." in content
    assert chair.user.profile.full_name in content
    assert listed.user.profile.full_name in content
    assert unlisted.user.profile.full_name not in content
    assert "Local revenue and property tax" in content and "Sub-Saharan Africa" in content
    assert "No meeting is scheduled yet" in content
    assert "3 members" in content
    # Addresses never show on a group page, whatever the members chose for their profile.
    assert listed.user.email not in content


def test_visitors_see_a_public_group_but_not_its_member_list(client):
    group = WorkingGroupFactory(name="Local democracy")
    listed = MembershipFactory(group=group, user__profile__full_name="Bilal Haddad")

    response = client.get(group_url(group))

    content = response.content.decode()
    assert response.status_code == 200 and "Local democracy" in content
    assert listed.user.profile.full_name not in content
    assert "Log in to join" in content


def test_a_group_listed_to_members_only_is_a_404_to_visitors(member_client):
    group = WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS)

    assert Client().get(group_url(group)).status_code == 404
    assert member_client.get(group_url(group)).status_code == 200


def test_co_chairs_who_are_unlisted_are_named_without_a_link(member_client):
    group = WorkingGroupFactory()
    chair = CoChairFactory(
        group=group,
        user__profile__full_name="Dana Unlisted",
        user__profile__listed_in_directory=False,
    )

    content = member_client.get(group_url(group)).content.decode()

    assert "Dana Unlisted" in content
    assert chair.user.profile.get_absolute_url() not in content


def test_the_page_offers_what_the_viewer_can_do(client):
    open_group = WorkingGroupFactory()
    by_request = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.REQUEST)
    chair = CoChairFactory(group=open_group).user
    member = MemberFactory()

    client.force_login(member)
    assert "Join the group" in client.get(group_url(open_group)).content.decode()
    assert "Ask to join" in client.get(group_url(by_request)).content.decode()

    client.force_login(chair)
    content = client.get(group_url(open_group)).content.decode()
    assert "You co-chair this group." in content and "Manage the group" in content


def test_visitors_see_a_public_co_chairs_profile_link_only_if_it_is_public(client):
    group = WorkingGroupFactory()
    public = ProfileFactory(profile_visibility=Visibility.PUBLIC, full_name="Eva Public").user
    CoChairFactory(group=group, user=public)

    assert public.profile.get_absolute_url() in client.get(group_url(group)).content.decode()


def page_queries(client, group) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(group_url(group)).status_code == 200
    return len(queries)


def test_group_page_query_count_does_not_grow_with_members(member_client, clear_cache):
    """Cold (nothing kept) and warm, the same count at both sizes."""
    group = WorkingGroupFactory()
    group.topics.set(Topic.objects.all()[:2])
    CoChairFactory(group=group)
    add_members(group, 3)

    def cold_and_warm():
        clear_cache()
        return page_queries(member_client, group), page_queries(member_client, group)

    small = cold_and_warm()
    add_members(group, 60)
    for _ in range(3):
        CoChairFactory(group=group)

    assert cold_and_warm() == small


def test_a_member_outside_a_private_group_sees_its_page_but_no_addresses(member_client):
    group = WorkingGroupFactory(
        visibility=WorkingGroup.Visibility.MEMBERS, join_policy=WorkingGroup.JoinPolicy.REQUEST
    )
    inside = MembershipFactory(
        group=group,
        user__profile__full_name="Gita Listed",
        user__profile__email_visibility=Visibility.MEMBERS,
    )

    content = member_client.get(group_url(group)).content.decode()

    assert "Gita Listed" in content and "Ask to join" in content
    assert inside.user.email not in content


def test_a_kept_group_page_shows_a_rename_a_new_member_and_a_departure_at_once(member_client):
    """The members and co-chairs are kept rendered under the directory's version."""
    group = WorkingGroupFactory()
    chair = CoChairFactory(group=group, user__profile__full_name="Achieng Otieno")
    leaving = MembershipFactory(group=group, user__profile__full_name="Bilal Haddad")
    assert "Bilal Haddad" in member_client.get(group_url(group)).content.decode()

    chair.user.profile.full_name = "Achieng Otieno-Mensah"
    chair.user.profile.save()
    leaving.delete()
    MembershipFactory(group=group, user__profile__full_name="Chen Wei")

    content = member_client.get(group_url(group)).content.decode()
    assert "Achieng Otieno-Mensah" in content and "Chen Wei" in content
    assert "Bilal Haddad" not in content and "2 members" in content


def test_a_kept_group_page_shows_more_members_than_it_lists_by_a_link(member_client):
    group = WorkingGroupFactory()
    add_members(group, 48)
    assert "See every listed member" not in member_client.get(group_url(group)).content.decode()

    add_members(group, 1)

    assert "See every listed member" in member_client.get(group_url(group)).content.decode()
