import pytest
from django.core import mail

from tests.working_groups.conftest import group_url
from tests.working_groups.factories import (
    CoChairFactory,
    JoinRequestFactory,
    MembershipFactory,
    WorkingGroupFactory,
)
from working_groups import services
from working_groups.models import JoinRequest, Membership, WorkingGroup
from working_groups.views import JOIN_REQUESTS_PER_HOUR


@pytest.fixture
def group(db):
    return WorkingGroupFactory(name="Gender equity", join_policy=WorkingGroup.JoinPolicy.REQUEST)


@pytest.fixture
def chair_client(client, group):
    client.force_login(CoChairFactory(group=group).user)
    return client


def test_a_member_asks_to_join_with_a_message(member_client, member, group):
    response = member_client.post(
        group_url(group, "request_to_join"), {"message": "I run gender budgeting in Accra."}
    )

    assert response["Location"] == group_url(group)
    join_request = JoinRequest.objects.get(group=group, user=member)
    assert join_request.status == JoinRequest.Status.PENDING
    assert join_request.message == "I run gender budgeting in Accra."
    assert "You have asked to join" in member_client.get(group_url(group)).content.decode()


def test_a_second_request_while_one_is_pending_is_refused_with_a_message(
    member_client, member, group
):
    JoinRequestFactory(group=group, user=member)

    response = member_client.post(group_url(group, "request_to_join"), follow=True)

    assert JoinRequest.objects.filter(group=group, user=member).count() == 1
    assert "already asked" in response.content.decode()


def test_asking_to_join_is_rate_limited_and_keeps_the_message(member_client, group, settings):
    for n in range(JOIN_REQUESTS_PER_HOUR):
        other = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.REQUEST)
        member_client.post(group_url(other, "request_to_join"), {"message": f"n{n}"})

    response = member_client.post(
        group_url(group, "request_to_join"), {"message": "Please let me in."}
    )

    assert response.status_code == 429
    assert "Please let me in." in response.content.decode()
    assert not JoinRequest.objects.filter(group=group).exists()


def test_co_chairs_see_pending_requests(chair_client, group):
    pending = JoinRequestFactory(group=group, user__profile__full_name="Fatou Sow")
    JoinRequestFactory(
        group=group, user__profile__full_name="Old Answer", status=JoinRequest.Status.REFUSED
    )

    content = chair_client.get(group_url(group, "requests")).content.decode()

    assert "Fatou Sow" in content and "Old Answer" not in content
    assert pending.message in content


def test_approving_makes_a_member_and_emails_the_decision_and_the_welcome(
    chair_client, group, run_on_commit
):
    join_request = JoinRequestFactory(group=group)

    with run_on_commit():
        response = chair_client.post(
            group_url(group, "decide", pk=join_request.pk), {"decision": "approve"}
        )

    assert response["Location"] == group_url(group, "requests")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by is not None and join_request.sent_at is not None
    assert Membership.objects.filter(group=group, user=join_request.user).exists()
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2
    assert all(message.to == [join_request.user.email] for message in mail.outbox)
    assert any("You are now a member" in subject for subject in subjects)
    assert any("Welcome" in subject for subject in subjects)


def test_refusing_emails_the_requester_once_and_makes_no_member(chair_client, group, run_on_commit):
    join_request = JoinRequestFactory(group=group)

    with run_on_commit():
        chair_client.post(group_url(group, "decide", pk=join_request.pk), {"decision": "refuse"})

    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.REFUSED
    assert not Membership.objects.filter(group=group, user=join_request.user).exists()
    assert len(mail.outbox) == 1 and "could not accept" in mail.outbox[0].body
    assert not services.send_join_decision(join_request_id=join_request.pk)
    assert len(mail.outbox) == 1


def test_a_request_is_decided_once(chair_client, group):
    join_request = JoinRequestFactory(group=group, status=JoinRequest.Status.REFUSED)

    response = chair_client.post(
        group_url(group, "decide", pk=join_request.pk), {"decision": "approve"}, follow=True
    )

    assert "already been answered" in response.content.decode()
    assert not Membership.objects.filter(group=group, user=join_request.user).exists()


def test_members_who_are_not_co_chairs_cannot_decide(client, group):
    join_request = JoinRequestFactory(group=group)
    member = MembershipFactory(group=group).user
    client.force_login(member)

    response = client.post(group_url(group, "decide", pk=join_request.pk), {"decision": "approve"})

    assert response.status_code == 403
    with pytest.raises(services.GroupActionRefused):
        services.approve_join_request(join_request=join_request, decided_by=member)


def test_a_co_chair_cannot_decide_another_groups_request(chair_client, group):
    elsewhere = JoinRequestFactory()

    response = chair_client.post(
        group_url(group, "decide", pk=elsewhere.pk), {"decision": "approve"}
    )

    assert response.status_code == 404


def test_staff_may_decide_for_any_group(staff_client, group):
    join_request = JoinRequestFactory(group=group)

    staff_client.post(group_url(group, "decide", pk=join_request.pk), {"decision": "approve"})

    assert Membership.objects.filter(group=group, user=join_request.user).exists()


def test_members_of_an_open_group_are_sent_to_it_from_the_request_form(member_client):
    group = WorkingGroupFactory()

    assert member_client.get(group_url(group, "request_to_join"))["Location"] == group_url(group)


def test_the_request_form_is_for_members_only(client, group):
    response = client.get(group_url(group, "request_to_join"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
