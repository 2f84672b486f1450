import pytest
from django.core import mail

from tests.working_groups.conftest import group_url
from tests.working_groups.factories import CoChairFactory, MembershipFactory, WorkingGroupFactory
from working_groups import services
from working_groups.models import Membership, WorkingGroup


def test_a_member_joins_an_open_group_in_one_click_and_is_welcomed_once(
    member_client, member, run_on_commit
):
    group = WorkingGroupFactory(name="Climate", welcome_message="We meet on the first Tuesday.")

    with run_on_commit():
        response = member_client.post(group_url(group, "join"))

    assert response.status_code == 302 and response["Location"] == group_url(group)
    membership = Membership.objects.get(group=group, user=member)
    assert membership.role == Membership.Role.MEMBER
    assert membership.welcome_sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "We meet on the first Tuesday." in mail.outbox[0].body
    assert "Climate" in mail.outbox[0].subject

    # A second click, or a retried task, sends nothing more.
    with run_on_commit():
        member_client.post(group_url(group, "join"))
    assert not services.send_welcome_message(membership_id=membership.pk)
    assert Membership.objects.filter(group=group, user=member).count() == 1
    assert len(mail.outbox) == 1


def test_join_is_post_only(member_client):
    assert member_client.get(group_url(WorkingGroupFactory(), "join")).status_code == 405


def test_joining_a_by_request_group_leads_to_the_request_form(member_client, member):
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.REQUEST)

    response = member_client.post(group_url(group, "join"))

    assert response["Location"] == group_url(group, "request_to_join")
    assert not Membership.objects.filter(group=group, user=member).exists()


def test_the_service_refuses_to_join_a_by_request_group(member):
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.REQUEST)

    with pytest.raises(services.GroupActionRefused):
        services.join_working_group(group=group, user=member)


def test_a_member_leaves_a_group(member_client, member):
    group = WorkingGroupFactory()
    MembershipFactory(group=group, user=member)

    response = member_client.post(group_url(group, "leave"), follow=True)

    assert not Membership.objects.filter(group=group, user=member).exists()
    assert "You have left" in response.content.decode()


def test_the_last_co_chair_cannot_leave_and_is_told_why(client):
    group = WorkingGroupFactory()
    chair = CoChairFactory(group=group).user
    client.force_login(chair)

    response = client.post(group_url(group, "leave"), follow=True)

    assert Membership.objects.filter(group=group, user=chair).exists()
    assert "last co-chair" in response.content.decode()


def test_a_co_chair_may_leave_while_another_remains(client):
    group = WorkingGroupFactory()
    chair, _other = CoChairFactory(group=group).user, CoChairFactory(group=group)
    client.force_login(chair)

    client.post(group_url(group, "leave"))

    assert not Membership.objects.filter(group=group, user=chair).exists()


def test_leaving_a_group_one_is_not_in_says_so(member_client):
    group = WorkingGroupFactory()

    response = member_client.post(group_url(group, "leave"), follow=True)

    assert "You are not a member of this group." in response.content.decode()


def test_a_member_cannot_join_a_hidden_group_by_guessing_its_slug_as_a_visitor(client):
    group = WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS)

    response = client.post(group_url(group, "join"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Membership.objects.filter(group=group).exists()
