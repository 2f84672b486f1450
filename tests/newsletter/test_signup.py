"""The sign-up form's newsletter box: a pending subscription, confirmed by verifying the account's
address (allauth's one mail), never by a mail of the newsletter's own."""

import re

import pytest
from django.urls import reverse

from members.forms import NEWSLETTER_SIGNUP_LABEL
from newsletter.models import ConsentRecord, Subscriber, Subscription
from tests.members.test_accounts import confirmation_path, sign_up
from tests.newsletter.factories import SubscriberFactory, subscribe

pytestmark = pytest.mark.django_db

EMAIL = "nadia@example.net"


def test_the_signup_form_offers_the_newsletter_unticked(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert str(NEWSLETTER_SIGNUP_LABEL) in html
    box = re.search(r'<input type="checkbox" name="newsletter"[^>]*>', html)[0]
    assert "checked" not in box


def test_ticking_the_box_asks_for_the_newsletter_and_sends_only_the_accounts_mail(
    client, django_capture_on_commit_callbacks, outbox, newsletter
):
    response = sign_up(client, django_capture_on_commit_callbacks, newsletter="on")
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.user.email == EMAIL
    assert subscriber.confirmed_at is None
    assert list(subscriber.subscriptions.values_list("mailing_list", "status")) == [
        (newsletter.pk, "pending")
    ]
    record = subscriber.consents.get()
    assert record.action == ConsentRecord.Action.REQUESTED
    assert record.method == ConsentRecord.Method.SIGNUP
    assert record.wording == str(NEWSLETTER_SIGNUP_LABEL)
    assert record.source == reverse("account_signup")
    # allauth's verification mail alone: no newsletter confirmation request.
    assert len(outbox) == 1
    assert "/newsletter/confirm/" not in outbox[0].body
    assert "/accounts/confirm-email/" in outbox[0].body


def test_verifying_the_account_address_confirms_the_subscription(
    client, django_capture_on_commit_callbacks, outbox, newsletter
):
    sign_up(client, django_capture_on_commit_callbacks, newsletter="on")
    path = confirmation_path(outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.confirmed_at is not None
    assert Subscription.objects.active().get().subscriber == subscriber
    confirmed = subscriber.consents.get(action=ConsentRecord.Action.CONFIRMED)
    assert confirmed.method == ConsentRecord.Method.ACCOUNT_VERIFIED
    assert outbox[-1].subject == "[LPSA] Welcome to the LPSA newsletter"


def test_leaving_the_box_unticked_asks_for_nothing(
    client, django_capture_on_commit_callbacks, outbox
):
    sign_up(client, django_capture_on_commit_callbacks)
    assert not Subscriber.objects.exists()
    assert len(outbox) == 1


def test_an_address_already_subscribed_is_linked_and_left_subscribed(
    client, django_capture_on_commit_callbacks, outbox, newsletter
):
    subscriber = SubscriberFactory(email=EMAIL)
    subscribe(subscriber, newsletter)
    sign_up(client, django_capture_on_commit_callbacks, newsletter="on")
    subscriber.refresh_from_db()
    assert subscriber.user.email == EMAIL
    assert Subscription.objects.active().get().subscriber == subscriber
    assert not subscriber.consents.exists()
    assert len(outbox) == 1
