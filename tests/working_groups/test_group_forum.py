"""A group's forum: its category is made with the group and kept in step; the group page shows
its latest topics to those who may read them."""

from django.urls import reverse

from forums import services as forum_services
from forums.models import Category
from tests.members.factories import MemberFactory
from tests.working_groups.conftest import admin_form, group_url
from tests.working_groups.factories import MembershipFactory, WorkingGroupFactory
from working_groups.models import WorkingGroup


def test_a_group_saved_in_the_admin_gets_its_category_kept_in_step(admin_client):
    response = admin_client.post(reverse("admin:working_groups_workinggroup_add"), admin_form())
    assert response.status_code == 302
    group = WorkingGroup.objects.get(slug="urban")
    category = Category.objects.get(group=group)
    assert (category.name, category.private) == ("Urban", False)

    response = admin_client.post(
        reverse("admin:working_groups_workinggroup_change", args=[group.pk]),
        admin_form(name="Urban governance", visibility=WorkingGroup.Visibility.MEMBERS),
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.private) == ("Urban governance", True)
    assert Category.objects.filter(group=group).count() == 1


def test_the_group_page_shows_the_latest_topics_of_its_forum(member_client):
    group = WorkingGroupFactory(name="Subnational finance")
    category = forum_services.create_group_category(group=group)
    forum_services.start_topic(
        category=category, author=MemberFactory(), title="Transfers in 2027", source="Ideas?"
    )
    content = member_client.get(group_url(group)).content.decode()
    assert "Transfers in 2027" in content
    assert category.get_absolute_url() in content


def test_a_private_groups_forum_shows_only_to_its_members(client, member):
    group = WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS)
    category = forum_services.create_group_category(group=group)
    forum_services.start_topic(
        category=category, author=MemberFactory(), title="Our budget", source="For us only."
    )
    client.force_login(member)
    assert "Our budget" not in client.get(group_url(group)).content.decode()
    MembershipFactory(group=group, user=member)
    assert "Our budget" in client.get(group_url(group)).content.decode()
