"""A member's preferences page, and anyone's through the signed link in every email."""

import re

import pytest
from django.urls import reverse

from newsletter import tokens
from newsletter.models import ConsentRecord, MailingList, Subscriber, Subscription
from tests.members.factories import MemberFactory
from tests.newsletter.factories import SubscriberFactory, events_list, subscribe
from tests.working_groups.factories import WorkingGroupFactory
from working_groups.models import WorkingGroup

pytestmark = pytest.mark.django_db

URL = "/newsletter/preferences/"


def ticked(html: str) -> set[int]:
    return {int(value) for value in re.findall(r'name="lists" value="(\d+)"[^>]*checked', html)}


def statuses(subscriber) -> dict[str, str]:
    return dict(subscriber.subscriptions.values_list("mailing_list__slug", "status"))


def test_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_without_a_subscriber_sees_every_list_unticked(
    member_client, django_assert_max_num_queries
):
    WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS, name="Members' group")
    with django_assert_max_num_queries(14):
        response = member_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert ticked(html) == set()
    # A group listed to members only has a list members see.
    assert "Members&#x27; group" in html
    assert "Unsubscribe from everything" in html


def test_the_first_save_makes_the_members_subscriber_and_subscribes_at_once(
    member_client, member, newsletter, run_on_commit, outbox
):
    with run_on_commit():
        response = member_client.post(URL, {"lists": [newsletter.pk]})
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(user=member)
    assert subscriber.email == member.email
    assert statuses(subscriber) == {"lpsa-newsletter": "subscribed"}
    record = subscriber.consents.get()
    assert (record.action, record.method) == ("confirmed", ConsentRecord.Method.PREFERENCES)
    assert len(outbox) == 1  # the welcome
    assert ticked(member_client.get(URL).content.decode()) == {newsletter.pk}


def test_unticking_a_list_ends_it_and_records_it(member_client, member, newsletter):
    subscriber = SubscriberFactory(email=member.email, user=member)
    subscribe(subscriber, newsletter)
    subscribe(subscriber, events_list())
    member_client.post(URL, {"lists": [events_list().pk]})
    assert statuses(subscriber) == {
        "lpsa-newsletter": "unsubscribed",
        "event-announcements": "subscribed",
    }
    record = subscriber.consents.get()
    assert (record.action, record.mailing_list) == ("unsubscribed", newsletter)


def test_unsubscribe_from_everything(member_client, member, newsletter):
    subscriber = SubscriberFactory(email=member.email, user=member)
    subscribe(subscriber, newsletter)
    subscribe(subscriber, events_list())
    response = member_client.post(URL, {"unsubscribe_all": "1", "lists": [newsletter.pk]})
    assert response.status_code == 302
    assert not Subscription.objects.active().exists()
    assert subscriber.consents.filter(action="unsubscribed").count() == 2


def test_a_members_unverified_address_waits_for_its_confirmation(
    client, newsletter, run_on_commit, outbox
):
    member = MemberFactory(verified=False)
    client.force_login(member)
    with run_on_commit():
        client.post(URL, {"lists": [newsletter.pk]})
    subscriber = Subscriber.objects.get(user=member)
    assert subscriber.confirmed_at is None
    assert statuses(subscriber) == {"lpsa-newsletter": "pending"}
    assert [message.to for message in outbox] == [[member.email]]
    assert "/newsletter/confirm/" in outbox[0].body


# --- Anyone's, through the signed link ---------------------------------------------------------


@pytest.fixture
def reader(newsletter):
    subscriber = SubscriberFactory(email="tomas.rivera@example.org")
    subscribe(subscriber, newsletter)
    return subscriber


def manage_url(subscriber) -> str:
    return reverse(
        "newsletter:manage", kwargs={"token": tokens.manage_token(subscriber_id=subscriber.pk)}
    )


def test_the_link_shows_the_addresses_lists_without_login(
    client, reader, newsletter, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = client.get(manage_url(reader))
    assert response.status_code == 200
    html = response.content.decode()
    assert "tomas.rivera@example.org" in html
    assert ticked(html) == {newsletter.pk}


def test_the_link_changes_the_lists_and_records_it(client, reader, newsletter):
    response = client.post(
        manage_url(reader), {"lists": [events_list().pk]}, REMOTE_ADDR="192.0.2.3"
    )
    assert response.status_code == 302
    assert response["Location"] == manage_url(reader)
    assert statuses(reader) == {
        "lpsa-newsletter": "unsubscribed",
        "event-announcements": "subscribed",
    }
    assert set(reader.consents.values_list("method", "ip_address")) == {
        ("preferences", "192.0.2.3")
    }


def test_the_link_can_unsubscribe_from_everything(client, reader):
    client.post(manage_url(reader), {"unsubscribe_all": "1"})
    assert statuses(reader) == {"lpsa-newsletter": "unsubscribed"}


def test_a_members_only_groups_list_is_neither_offered_to_nor_ended_by_a_visitors_link(
    client, reader
):
    group = WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS)
    group_list = MailingList.objects.get(group=group)
    subscribe(reader, group_list)
    html = client.get(manage_url(reader)).content.decode()
    assert f'value="{group_list.pk}"' not in html
    client.post(manage_url(reader), {"lists": []})
    assert statuses(reader)[group_list.slug] == "subscribed"


def _changed_last(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(
            lambda s: _changed_last(tokens.manage_token(subscriber_id=s.pk)), id="changed"
        ),
        pytest.param(
            lambda s: tokens.unsubscribe_token(subscriber_id=s.pk, list_id=0),
            id="unsubscribe-token",
        ),
        pytest.param(lambda s: tokens.confirmation_token(subscriber_id=s.pk), id="confirm-token"),
    ],
)
def test_a_bad_link_is_404_and_changes_nothing(client, reader, token):
    path = reverse("newsletter:manage", kwargs={"token": token(reader)})
    assert client.get(path).status_code == 404
    response = client.post(path, {"unsubscribe_all": "1"})
    assert response.status_code == 404
    assert statuses(reader) == {"lpsa-newsletter": "subscribed"}
    assert not ConsentRecord.objects.exists()


def test_saving_with_every_box_unticked_ends_every_list(client, reader):
    response = client.post(manage_url(reader), {})
    assert response.status_code == 302
    assert statuses(reader) == {"lpsa-newsletter": "unsubscribed"}
