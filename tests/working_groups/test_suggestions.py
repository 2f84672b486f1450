from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Profile
from taxonomy.models import Region, Topic
from tests.working_groups.factories import (
    JoinRequestFactory,
    MembershipFactory,
    WorkingGroupFactory,
)
from working_groups.models import Membership, WorkingGroup

HOME = reverse("home")


def topic(slug):
    return Topic.objects.get(slug=slug)


def region(slug):
    return Region.objects.get(slug=slug)


def test_groups_matching_sign_up_interests_are_suggested_with_one_click_join(member_client, member):
    member.profile.interests.set([topic("climate-and-environment")])
    climate = WorkingGroupFactory(name="Climate")
    climate.topics.set([topic("climate-and-environment")])
    unrelated = WorkingGroupFactory(name="Urban")
    unrelated.topics.set([topic("urban-development")])

    content = member_client.get(HOME).content.decode()

    assert "Working groups for you" in content
    assert "Climate" in content and "Urban" not in content
    assert reverse("working_groups:join", kwargs={"slug": climate.slug}) in content

    member_client.post(reverse("working_groups:join", kwargs={"slug": climate.slug}))
    assert Membership.objects.filter(group=climate, user=member).exists()
    assert "Working groups for you" not in member_client.get(HOME).content.decode()


def test_regions_of_interest_expertise_and_home_region_count_as_interests(member):
    profile = member.profile  # lives in Kenya: Sub-Saharan Africa
    africa = WorkingGroupFactory(name="Africa")
    africa.regions.set([region("africa")])
    asia = WorkingGroupFactory(name="Asia")
    asia.regions.set([region("asia-pacific")])
    finance = WorkingGroupFactory(name="Finance")
    finance.topics.set([topic("fiscal-decentralization")])
    WorkingGroupFactory(name="Nothing in common")

    assert set(WorkingGroup.objects.suggested_for(member)) == {africa}

    profile.regions_of_interest.set([region("asia-pacific")])
    profile.expertise.set([topic("fiscal-decentralization")])
    assert set(WorkingGroup.objects.suggested_for(member)) == {africa, asia, finance}


def test_groups_joined_or_asked_for_are_not_suggested(member):
    member.profile.regions_of_interest.set([region("mena")])
    joined, asked = (
        WorkingGroupFactory(),
        WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.REQUEST),
    )
    for group in (joined, asked):
        group.regions.set([region("mena")])
    MembershipFactory(group=joined, user=member)
    JoinRequestFactory(group=asked, user=member)

    assert not WorkingGroup.objects.suggested_for(member).exists()


def test_a_by_request_group_is_suggested_with_its_request_form(member_client, member):
    member.profile.regions_of_interest.set([region("mena")])
    group = WorkingGroupFactory(name="MENA", join_policy=WorkingGroup.JoinPolicy.REQUEST)
    group.regions.set([region("mena")])

    content = member_client.get(HOME).content.decode()

    assert reverse("working_groups:request_to_join", kwargs={"slug": group.slug}) in content


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_suggestions_cost_one_query_however_many_interests_and_groups(member_client, member):
    profile = Profile.objects.get(user=member)
    profile.interests.set([topic("health")])
    group = WorkingGroupFactory()
    group.topics.set([topic("health")])
    small = home_queries(member_client)

    profile.interests.set(Topic.objects.all())
    profile.regions_of_interest.set(Region.objects.all())
    for _ in range(20):
        group = WorkingGroupFactory()
        group.topics.set(Topic.objects.all()[:5])
        group.regions.set(Region.objects.all()[:2])

    assert home_queries(member_client) == small


def test_a_refused_request_or_someone_elses_pending_one_does_not_hide_a_group(member):
    member.profile.regions_of_interest.set([region("mena")])
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.REQUEST)
    group.regions.set([region("mena")])
    JoinRequestFactory(group=group, user=member, status="refused")
    JoinRequestFactory(group=group)

    assert list(WorkingGroup.objects.suggested_for(member)) == [group]


def test_suggestions_are_kept_until_the_member_joins_or_asks(member_client, member):
    member.profile.regions_of_interest.set([region("mena")])
    open_group = WorkingGroupFactory(name="Open MENA")
    asked = WorkingGroupFactory(name="Asked MENA", join_policy=WorkingGroup.JoinPolicy.REQUEST)
    for group in (open_group, asked):
        group.regions.set([region("mena")])
    assert "Open MENA" in member_client.get(HOME).content.decode()

    member_client.post(reverse("working_groups:join", kwargs={"slug": open_group.slug}))
    member_client.post(reverse("working_groups:request_to_join", kwargs={"slug": asked.slug}))

    member_client.get(HOME)  # shows and so clears the messages naming the groups
    assert "Working groups for you" not in member_client.get(HOME).content.decode()
