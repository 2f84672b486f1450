"""The subscribe form: double opt-in, the consent recorded, and no page telling whether an
address is subscribed."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from newsletter.forms import CONSENT_WORDING, MEMBER_CONSENT_WORDING
from newsletter.models import ConsentRecord, MailingList, Subscriber, Subscription
from newsletter.views import SUBSCRIPTIONS_PER_HOUR_PER_EMAIL, SUBSCRIPTIONS_PER_HOUR_PER_IP
from tests.members.factories import topic
from tests.newsletter.factories import (
    PendingSubscriberFactory,
    SubscriberFactory,
    events_list,
    subscribe,
)
from tests.working_groups.factories import WorkingGroupFactory
from working_groups.models import WorkingGroup

pytestmark = pytest.mark.django_db

URL = "/newsletter/"
EMAIL = "amina.diallo@example.org"
CSRF = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">')


@pytest.fixture
def post(client, run_on_commit):
    def post(email=EMAIL, lists=None, ip="203.0.113.7", **more):
        data = {"email": email, "lists": lists or [MailingList.objects.get(kind="newsletter").pk]}
        with run_on_commit():
            return client.post(URL, {**data, **more}, REMOTE_ADDR=ip)

    return post


def confirmation_links(outbox) -> list[str]:
    return [
        link
        for message in outbox
        for link in re.findall(r"https?://\S+/newsletter/confirm/[^/\s]+/", message.body)
    ]


def test_the_form_ticks_the_newsletter_and_puts_group_lists_in_a_fieldset(
    client, django_assert_max_num_queries
):
    WorkingGroupFactory(name="Fiscal decentralization group")
    WorkingGroupFactory(name="Hidden group", visibility=WorkingGroup.Visibility.MEMBERS)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    newsletter = MailingList.objects.get(kind="newsletter")
    assert re.search(rf'value="{newsletter.pk}"[^>]*checked', html)
    assert not re.search(rf'value="{events_list().pk}"[^>]*checked', html)
    assert "<legend>Working groups&#x27; news</legend>" in html
    assert "Fiscal decentralization group" in html
    # A group listed to members only has a list visitors do not see.
    assert "Hidden group" not in html
    assert str(CONSENT_WORDING) in html


def test_the_visitors_form_is_kept_rendered_and_follows_the_groups_at_once(
    client, django_assert_max_num_queries
):
    group = WorkingGroupFactory(name="Fiscal decentralization group")
    cold = client.get(URL).content.decode()
    with django_assert_max_num_queries(0):
        warm = client.get(URL).content.decode()
    assert CSRF.sub("", warm) == CSRF.sub("", cold), "the same form, from the cache"

    WorkingGroupFactory(name="Property tax group")
    assert "Property tax group" in client.get(URL).content.decode()
    group.visibility = WorkingGroup.Visibility.MEMBERS
    group.save()
    assert "Fiscal decentralization group" not in client.get(URL).content.decode()


def test_a_members_form_is_kept_per_lists_they_have(member_client, member):
    newsletter = MailingList.objects.get(kind="newsletter")
    assert f'value="{newsletter.pk}"' in member_client.get(URL).content.decode()
    subscribe(SubscriberFactory(email=member.email, user=member), newsletter)
    html = member_client.get(URL).content.decode()
    assert f'value="{newsletter.pk}"' not in html, "not the fields kept for a member without it"
    assert f'value="{events_list().pk}"' in html


def test_a_new_address_waits_for_its_confirmation_and_gets_one_link(client, outbox, post):
    response = post(name="Amina", lists=[events_list().pk])
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:check_inbox")
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.confirmed_at is None
    assert subscriber.name == "Amina"
    assert list(subscriber.subscriptions.values_list("status", flat=True)) == ["pending"]
    assert not Subscription.objects.active().exists()
    assert [message.to for message in outbox] == [[EMAIL]]
    assert len(confirmation_links(outbox)) == 1
    assert "Event announcements" in outbox[0].body


def test_the_consent_asked_for_is_recorded_with_when_how_where_and_the_words(client, post):
    before = timezone.now()
    post(ip="198.51.100.23")
    record = ConsentRecord.objects.get()
    assert record.action == ConsentRecord.Action.REQUESTED
    assert record.method == ConsentRecord.Method.FORM
    assert record.source == URL
    assert record.ip_address == "198.51.100.23"
    assert record.wording == str(CONSENT_WORDING)
    assert record.mailing_list.kind == "newsletter"
    assert before <= record.occurred_at <= timezone.now()


def test_the_wording_recorded_is_the_one_shown_in_the_visitors_language(client, post):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    post()
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.language == "fr"
    with translation.override("fr"):
        assert ConsentRecord.objects.get().wording == str(CONSENT_WORDING)


def test_interests_given_are_kept_for_the_welcome(client, post):
    fiscal = topic("fiscal-decentralization")
    post(topics=[fiscal.pk])
    assert list(Subscriber.objects.get().topics.all()) == [fiscal]


def test_an_empty_form_is_refused_with_its_errors(client, outbox):
    response = client.post(URL, {"email": "not an address"})
    assert response.status_code == 400
    assert "Choose at least one list." in response.content.decode()
    assert not Subscriber.objects.exists()
    assert outbox == []


def _state(name: str) -> Subscriber | None:
    if name == "new":
        return None
    if name == "pending":
        subscriber = PendingSubscriberFactory(email=EMAIL)
        subscribe(subscriber, status=Subscription.Status.PENDING)
        return subscriber
    subscriber = SubscriberFactory(email=EMAIL)
    if name == "subscribed":
        subscribe(subscriber)
    elif name == "unsubscribed":
        subscribe(subscriber, status=Subscription.Status.UNSUBSCRIBED)
    elif name == "suppressed":
        subscribe(subscriber)
        subscriber.suppressed_at = timezone.now()
        subscriber.save()
    return subscriber


# What each state of the address gets by mail: a confirmation only where one is needed.
STATES = {"new": 1, "pending": 1, "subscribed": 0, "unsubscribed": 1, "suppressed": 0}


def _answer(client, post, state: str):
    _state(state)
    response = post(email=EMAIL.upper())
    page = client.get(response["Location"])
    return response, page


@pytest.mark.parametrize("state", STATES)
def test_the_answer_is_the_same_whatever_the_address_is(client, outbox, post, state):
    response, page = _answer(client, post, state)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:check_inbox")
    assert page.status_code == 200
    mails = len(outbox)
    assert mails == STATES[state], state
    assert all(message.to == [EMAIL] or message.to == [EMAIL.upper()] for message in outbox)
    # The answer for a new address, to compare with.
    Subscriber.objects.all().delete()
    outbox.clear()
    baseline_response, baseline_page = _answer(client, post, "new")
    assert response.status_code == baseline_response.status_code
    assert response["Location"] == baseline_response["Location"]
    assert sorted(response.headers) == sorted(baseline_response.headers)
    assert CSRF.sub("", page.content.decode()) == CSRF.sub("", baseline_page.content.decode())
    # And the form itself shows the same to anyone afterwards.
    first = CSRF.sub("", client.get(URL).content.decode())
    second = CSRF.sub("", client.get(URL).content.decode())
    assert first == second


def test_a_subscribed_address_asked_again_records_nothing_and_sends_nothing(client, outbox, post):
    subscriber = _state("subscribed")
    post()
    assert not subscriber.consents.exists()
    assert outbox == []


def test_a_confirmation_goes_at_most_once_per_interval(client, outbox, settings, post):
    settings.NEWSLETTER_CONFIRMATION_INTERVAL = 600
    post()
    post(ip="203.0.113.8")
    assert len(outbox) == 1
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(seconds=601))
    post(ip="203.0.113.9")
    assert len(outbox) == 2


def test_too_many_requests_from_one_connection_are_refused_with_the_form_kept(client, outbox, post):
    for number in range(SUBSCRIPTIONS_PER_HOUR_PER_IP):
        assert post(email=f"reader{number}@example.org").status_code == 302
    response = post(email="one.more@example.org")
    assert response.status_code == 429
    html = response.content.decode()
    assert 'value="one.more@example.org"' in html
    assert "too many requests" in html
    assert not Subscriber.objects.filter(email="one.more@example.org").exists()


def test_too_many_requests_for_one_address_are_refused_from_any_connection(client, outbox, post):
    for number in range(SUBSCRIPTIONS_PER_HOUR_PER_EMAIL):
        assert post(ip=f"198.51.100.{number + 1}").status_code == 302
    response = post(ip="198.51.100.200")
    assert response.status_code == 429
    assert len(outbox) == 1


# --- A signed-in member -------------------------------------------------------------------------


def test_a_member_sees_one_click_for_the_lists_they_do_not_have(member_client, member):
    subscriber = SubscriberFactory(email=member.email, user=member)
    subscribe(subscriber)
    response = member_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' not in html
    assert "Event announcements" in html
    assert 'value="{}"'.format(MailingList.objects.get(kind="newsletter").pk) not in html
    assert reverse("newsletter:preferences") in html


def test_a_members_verified_address_is_subscribed_in_one_click(
    member_client, member, outbox, run_on_commit
):
    with run_on_commit():
        response = member_client.post(URL, {"lists": [events_list().pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:preferences")
    subscriber = Subscriber.objects.get(user=member)
    assert subscriber.email == member.email
    assert Subscription.objects.active().get().mailing_list == events_list()
    record = subscriber.consents.get()
    assert record.method == ConsentRecord.Method.MEMBER
    assert record.wording == str(MEMBER_CONSENT_WORDING)
    # No confirmation: the welcome only.
    assert confirmation_links(outbox) == []
    assert [message.subject for message in outbox] == ["[LPSA] Welcome to the LPSA newsletter"]


def test_a_member_who_chose_nothing_is_told_so(member_client):
    response = member_client.post(URL, {})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_a_member_with_every_list_is_told_so(member_client, member):
    subscriber = SubscriberFactory(email=member.email, user=member)
    for mailing_list in MailingList.objects.visible_to(member):
        subscribe(subscriber, mailing_list)
    html = member_client.get(URL).content.decode()
    assert "You already receive every list." in html
    assert 'name="lists"' not in html
