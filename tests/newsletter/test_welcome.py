"""The newsletter's own mail: the confirmation request and the welcome."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from newsletter import emails, tokens
from newsletter.models import Subscription
from tests.events.factories import EventFactory
from tests.members.factories import MemberFactory, topic
from tests.newsletter.factories import (
    PendingSubscriberFactory,
    SubscriberFactory,
    events_list,
    subscribe,
)
from tests.working_groups.factories import WorkingGroupFactory
from working_groups.models import WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiscal():
    return topic("fiscal-decentralization")


@pytest.fixture
def reader(newsletter, fiscal):
    subscriber = SubscriberFactory(email="amara.kone@example.org", name="Amara")
    subscriber.topics.set([fiscal])
    subscribe(subscriber, newsletter)
    return subscriber


def html_of(message) -> str:
    return message.alternatives[0][0]


def test_the_welcome_points_to_groups_and_events_matching_the_interests(reader, fiscal, outbox):
    matching_group = WorkingGroupFactory(name="Fiscal transfers group")
    matching_group.topics.set([fiscal])
    WorkingGroupFactory(name="Unrelated group")
    hidden_group = WorkingGroupFactory(
        name="Members-only fiscal group", visibility=WorkingGroup.Visibility.MEMBERS
    )
    hidden_group.topics.set([fiscal])
    for title, fields in (
        ("Fiscal webinar", {}),
        ("Members' fiscal meeting", {"visibility": Event.Visibility.MEMBERS}),
        (
            "Past fiscal webinar",
            {
                "starts_at": timezone.now() - timedelta(days=3),
                "ends_at": timezone.now() - timedelta(days=3, hours=-2),
            },
        ),
        ("Cancelled fiscal webinar", {"cancelled_at": timezone.now()}),
    ):
        EventFactory(title=title, **fields).topics.set([fiscal])
    EventFactory(title="Unrelated webinar")

    assert emails.send_welcome(subscriber_id=reader.pk) is True
    (message,) = outbox
    assert message.to == ["amara.kone@example.org"]
    assert message.subject == "[LPSA] Welcome to the LPSA newsletter"
    for body in (message.body, html_of(message)):
        assert "Fiscal transfers group" in body
        assert "Fiscal webinar" in body
        for absent in (
            "Unrelated group",
            "Members-only fiscal group",
            "Members' fiscal meeting",
            "Past fiscal webinar",
            "Cancelled fiscal webinar",
            "Unrelated webinar",
        ):
            assert absent not in body, absent
    assert reverse("working_groups:detail", kwargs={"slug": matching_group.slug}) in message.body


def test_the_welcome_carries_one_click_unsubscribe_and_the_manage_link(reader, outbox, settings):
    settings.SITE_URL = "https://portal.lpsa.example"
    emails.send_welcome(subscriber_id=reader.pk)
    (message,) = outbox
    unsubscribe = reverse(
        "newsletter:unsubscribe",
        kwargs={"token": tokens.unsubscribe_token(subscriber_id=reader.pk, list_id=0)},
    )
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://portal.lpsa.example/")
    assert message.extra_headers["List-Unsubscribe"].endswith(unsubscribe + ">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    manage = reverse(
        "newsletter:manage", kwargs={"token": tokens.manage_token(subscriber_id=reader.pk)}
    )
    assert manage in message.body and manage in html_of(message)
    assert unsubscribe in message.body
    assert "you subscribed to the LPSA newsletter" in message.body


def test_without_interests_the_welcome_links_the_groups_and_the_calendar(newsletter, outbox):
    subscriber = SubscriberFactory()
    subscribe(subscriber, newsletter)
    WorkingGroupFactory(name="Some group")
    emails.send_welcome(subscriber_id=subscriber.pk)
    (message,) = outbox
    assert "Some group" not in message.body
    assert reverse("working_groups:list") in message.body
    assert reverse("events:list") in message.body


def test_a_members_welcome_suggests_the_groups_suggested_to_them(newsletter, fiscal, outbox):
    member = MemberFactory()
    member.profile.interests.set([fiscal])
    group = WorkingGroupFactory(
        name="Members-only fiscal group", visibility=WorkingGroup.Visibility.MEMBERS
    )
    group.topics.set([fiscal])
    subscriber = SubscriberFactory(email=member.email, user=member)
    subscribe(subscriber, newsletter)
    emails.send_welcome(subscriber_id=subscriber.pk)
    assert "Members-only fiscal group" in outbox[0].body


def test_the_welcome_goes_once(reader, outbox):
    assert emails.send_welcome(subscriber_id=reader.pk) is True
    assert emails.send_welcome(subscriber_id=reader.pk) is False
    assert len(outbox) == 1
    reader.refresh_from_db()
    assert reader.welcomed_at is not None


@pytest.mark.parametrize("state", ["unconfirmed", "suppressed", "unsubscribed", "pending"])
def test_no_welcome_without_an_active_subscription(newsletter, outbox, state):
    subscriber = SubscriberFactory()
    status = Subscription.Status.SUBSCRIBED
    if state == "unconfirmed":
        subscriber.confirmed_at = None
    elif state == "suppressed":
        subscriber.suppressed_at = timezone.now()
    elif state == "unsubscribed":
        status = Subscription.Status.UNSUBSCRIBED
    else:
        status = Subscription.Status.PENDING
    subscriber.save()
    subscribe(subscriber, newsletter, status=status)
    assert emails.send_welcome(subscriber_id=subscriber.pk) is False
    assert outbox == []


# --- The confirmation request ------------------------------------------------------------------


def test_the_confirmation_request_names_the_waiting_lists_and_carries_the_link(newsletter, outbox):
    subscriber = PendingSubscriberFactory(language="fr")
    subscribe(subscriber, events_list(), status=Subscription.Status.PENDING)
    subscribe(subscriber, newsletter)  # confirmed earlier, not asked again
    emails.send_confirmation_request(subscriber_id=subscriber.pk)
    (message,) = outbox
    assert message.to == [subscriber.email]
    assert "Event announcements" in message.body
    assert "The LPSA newsletter" not in message.body
    token = re.search(r"/newsletter/confirm/([^/\s]+)/", message.body)[1]
    assert tokens.read_confirmation_token(token) == subscriber.pk
    # Written in the subscriber's language.
    assert '<html lang="fr"' in html_of(message)
    # Not list mail: no unsubscribe header on a message that only asks.
    assert "List-Unsubscribe" not in message.extra_headers


def test_no_confirmation_request_when_nothing_waits_or_the_address_is_suppressed(
    newsletter, outbox
):
    nothing_waits = PendingSubscriberFactory()
    subscribe(nothing_waits, newsletter, status=Subscription.Status.UNSUBSCRIBED)
    suppressed = PendingSubscriberFactory(suppressed_at=timezone.now())
    subscribe(suppressed, newsletter, status=Subscription.Status.PENDING)
    emails.send_confirmation_request(subscriber_id=nothing_waits.pk)
    emails.send_confirmation_request(subscriber_id=suppressed.pk)
    assert outbox == []
