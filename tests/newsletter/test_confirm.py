"""The confirmation link: GET asks (mail scanners open links), POST confirms; a changed, borrowed
or expired token opens nothing."""

import re
import time

import pytest
from django.core import signing
from django.urls import reverse

from newsletter import tokens
from newsletter.models import ConsentRecord, Subscription
from tests.newsletter.factories import PendingSubscriberFactory, events_list, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(newsletter):
    subscriber = PendingSubscriberFactory(email="joao.silva@example.org")
    subscribe(subscriber, newsletter, status=Subscription.Status.PENDING)
    subscribe(subscriber, events_list(), status=Subscription.Status.PENDING)
    return subscriber


def confirm_url(token: str) -> str:
    return reverse("newsletter:confirm", kwargs={"token": token})


def test_opening_the_link_asks_and_changes_nothing(client, pending):
    response = client.get(confirm_url(tokens.confirmation_token(subscriber_id=pending.pk)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The LPSA newsletter" in html and "Event announcements" in html
    assert "Confirm my subscription" in html
    pending.refresh_from_db()
    assert pending.confirmed_at is None
    assert not Subscription.objects.active().exists()
    assert not pending.consents.exists()


def test_the_button_confirms_every_waiting_list_and_records_it(
    client, pending, run_on_commit, outbox
):
    url = confirm_url(tokens.confirmation_token(subscriber_id=pending.pk))
    with run_on_commit():
        response = client.post(url, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 200
    html = response.content.decode()
    assert "You are subscribed" in html
    assert (
        reverse(
            "newsletter:manage", kwargs={"token": tokens.manage_token(subscriber_id=pending.pk)}
        )
        in html
    )
    pending.refresh_from_db()
    assert pending.confirmed_at is not None
    assert Subscription.objects.active().filter(subscriber=pending).count() == 2
    records = pending.consents.filter(action=ConsentRecord.Action.CONFIRMED)
    assert records.count() == 2
    assert {record.method for record in records} == {ConsentRecord.Method.CONFIRMATION_LINK}
    assert {record.ip_address for record in records} == {"192.0.2.44"}
    assert {record.source for record in records} == {url}
    # The welcome follows.
    assert [message.subject for message in outbox] == ["[LPSA] Welcome to the LPSA newsletter"]


def test_confirming_twice_records_once(client, pending):
    url = confirm_url(tokens.confirmation_token(subscriber_id=pending.pk))
    client.post(url)
    response = client.post(url)
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()
    assert pending.consents.filter(action=ConsentRecord.Action.CONFIRMED).count() == 2


def _tampered(token: str) -> str:
    value, signature = token.rsplit(":", 1)
    changed = "A" if signature[0] != "A" else "B"
    return f"{value}:{changed}{signature[1:]}"


def _other_subscriber(token: str) -> str:
    value, rest = token.split(":", 1)
    return f"{int(value) + 1}:{rest}"


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(
            lambda s: _tampered(tokens.confirmation_token(subscriber_id=s.pk)),
            id="changed-signature",
        ),
        pytest.param(
            lambda s: _other_subscriber(tokens.confirmation_token(subscriber_id=s.pk)),
            id="changed-id",
        ),
        pytest.param(lambda s: tokens.manage_token(subscriber_id=s.pk), id="manage-token"),
        pytest.param(
            lambda s: tokens.unsubscribe_token(subscriber_id=s.pk, list_id=0),
            id="unsubscribe-token",
        ),
        pytest.param(lambda s: signing.dumps(s.pk), id="other-salt"),
        pytest.param(lambda s: "nonsense", id="nonsense"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_token_is_a_clear_404_and_confirms_nothing(client, pending, make_token, method):
    response = getattr(client, method)(confirm_url(make_token(pending)))
    assert response.status_code == 404
    assert "This link is not valid or has expired" in response.content.decode()
    pending.refresh_from_db()
    assert pending.confirmed_at is None
    assert not ConsentRecord.objects.exists()


def test_an_expired_link_is_refused(client, pending, monkeypatch):
    signed_at = int(time.time()) - tokens.CONFIRMATION_MAX_AGE - 60
    with monkeypatch.context() as patch:
        patch.setattr(
            signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(signed_at)
        )
        token = tokens.confirmation_token(subscriber_id=pending.pk)
    response = client.post(confirm_url(token))
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.confirmed_at is None


def test_the_mailed_link_is_the_one_that_confirms(client, run_on_commit, outbox, newsletter):
    with run_on_commit():
        client.post("/newsletter/", {"email": "li.wei@example.org", "lists": [newsletter.pk]})
    (message,) = outbox
    html = message.alternatives[0][0]
    link = re.search(r"https?://\S+?(/newsletter/confirm/[^/\s]+/)", message.body)[1]
    assert link in html
    assert client.post(link).status_code == 200
    assert Subscription.objects.active().get().subscriber.email == "li.wei@example.org"
