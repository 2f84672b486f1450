"""The unsubscribe link of every email: GET asks, POST (the button, or a mail client's RFC 8058
one-click) stops the mail at once, with no login, cookie or CSRF token, and is recorded."""

import pytest
from django.test import Client
from django.urls import reverse

from newsletter import tokens
from newsletter.models import ConsentRecord, Subscription
from tests.newsletter.factories import SubscriberFactory, events_list, subscribe

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def subscriber(newsletter):
    subscriber = SubscriberFactory(email="ngozi.okafor@example.org")
    subscribe(subscriber, newsletter)
    subscribe(subscriber, events_list())
    return subscriber


def url(subscriber, list_id: int) -> str:
    return reverse(
        "newsletter:unsubscribe",
        kwargs={"token": tokens.unsubscribe_token(subscriber_id=subscriber.pk, list_id=list_id)},
    )


def statuses(subscriber) -> dict[str, str]:
    return dict(subscriber.subscriptions.values_list("mailing_list__kind", "status"))


@pytest.fixture
def mail_client():
    """A mail client: no session, no cookie, and CSRF checks on, as for any stranger."""
    return Client(enforce_csrf_checks=True)


def test_opening_the_link_asks_and_changes_nothing(mail_client, subscriber, newsletter):
    response = mail_client.get(url(subscriber, newsletter.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stop sending “The LPSA newsletter” to ngozi.okafor@example.org?" in html
    assert '<form method="post">' in html
    assert statuses(subscriber) == {"newsletter": "subscribed", "events": "subscribed"}
    assert not subscriber.consents.exists()


def test_one_click_post_unsubscribes_at_once_with_200_and_records_it(
    mail_client, subscriber, newsletter
):
    response = mail_client.post(
        url(subscriber, newsletter.pk),
        data=ONE_CLICK,
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR="192.0.2.9",
    )
    assert response.status_code == 200
    assert "Location" not in response
    assert "You are unsubscribed from “The LPSA newsletter”" in response.content.decode()
    assert statuses(subscriber) == {"newsletter": "unsubscribed", "events": "subscribed"}
    record = subscriber.consents.get()
    assert record.action == ConsentRecord.Action.UNSUBSCRIBED
    assert record.method == ConsentRecord.Method.ONE_CLICK
    assert record.mailing_list == newsletter
    assert record.ip_address == "192.0.2.9"
    assert record.source == url(subscriber, newsletter.pk)


def test_one_click_is_idempotent(mail_client, subscriber, newsletter):
    for _ in range(2):
        response = mail_client.post(
            url(subscriber, newsletter.pk),
            data=ONE_CLICK,
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
    assert subscriber.consents.count() == 1


def test_the_button_on_the_page_unsubscribes_from_every_list_with_list_zero(
    mail_client, subscriber
):
    response = mail_client.post(url(subscriber, 0))
    assert response.status_code == 200
    assert "You are unsubscribed from every list" in response.content.decode()
    assert statuses(subscriber) == {"newsletter": "unsubscribed", "events": "unsubscribed"}
    assert not Subscription.objects.active().exists()
    assert set(subscriber.consents.values_list("method", flat=True)) == {
        ConsentRecord.Method.UNSUBSCRIBE_LINK
    }


def test_the_page_offers_the_preferences_link(mail_client, subscriber):
    html = mail_client.post(url(subscriber, 0)).content.decode()
    manage = reverse(
        "newsletter:manage", kwargs={"token": tokens.manage_token(subscriber_id=subscriber.pk)}
    )
    assert manage in html


def _changed_last(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def _token(subscriber, list_id: int) -> str:
    return tokens.unsubscribe_token(subscriber_id=subscriber.pk, list_id=list_id)


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(
            lambda s, list_id: _changed_last(_token(s, list_id)),
            id="changed-character",
        ),
        pytest.param(
            lambda s, list_id: _token(s, list_id).replace(f"{s.pk}.", f"{s.pk + 1}.", 1),
            id="another-subscriber",
        ),
        pytest.param(lambda s, list_id: tokens.manage_token(subscriber_id=s.pk), id="manage-token"),
        pytest.param(
            lambda s, list_id: tokens.confirmation_token(subscriber_id=s.pk), id="confirm-token"
        ),
        pytest.param(lambda s, list_id: f"{s.pk}.{list_id}", id="unsigned"),
    ],
)
def test_a_bad_token_is_404_and_changes_nothing(mail_client, subscriber, newsletter, make_token):
    path = reverse(
        "newsletter:unsubscribe", kwargs={"token": make_token(subscriber, newsletter.pk)}
    )
    response = mail_client.post(
        path, data=ONE_CLICK, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 404
    assert statuses(subscriber) == {"newsletter": "subscribed", "events": "subscribed"}
    assert not ConsentRecord.objects.exists()


def test_a_token_for_a_list_that_no_longer_exists_is_404(mail_client, subscriber):
    response = mail_client.post(url(subscriber, 999_999))
    assert response.status_code == 404
    assert statuses(subscriber) == {"newsletter": "subscribed", "events": "subscribed"}
