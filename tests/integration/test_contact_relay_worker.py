"""Mail leaves through the real pipeline: view → on_commit → Redis → Celery worker → SMTP."""

import re
from email.utils import parseaddr

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from members.models import ContactMessage, User
from taxonomy.models import Topic
from tests.integration.conftest import wait_until
from tests.members.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PORTAL_ADDRESS = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


@pytest.fixture
def sender():
    return MemberFactory(email="amina.sender@example.org", profile__full_name="Amina Sender")


@pytest.fixture
def recipient():
    return MemberFactory(email="kofi.recipient@example.org", profile__full_name="Kofi Recipient")


@pytest.fixture
def sender_client(client, sender):
    assert client.login(email=sender.email, password=PASSWORD)
    return client


def post_contact_message(client, recipient, **fields):
    url = reverse("members:contact", kwargs={"pk": recipient.profile.pk})
    form_page = client.get(url)
    response = client.post(url, fields, follow=True)
    assert response.redirect_chain == [(recipient.profile.get_absolute_url(), 302)]
    assert f"Your message is on its way to {recipient.profile.full_name}" in response.text
    # Whatever the sender sees, the recipient's address is not in it.
    for page in (form_page, response):
        assert recipient.email.encode() not in page.content
    return ContactMessage.objects.get(recipient=recipient)


def wait_for_sent_at(message, worker):
    def sent_at():
        message.refresh_from_db()
        return message.sent_at

    return wait_until(sent_at, what="the worker to set sent_at", diagnostics=worker.log_tail)


def test_worker_relays_contact_message_with_reply_to_the_sender(
    sender_client, sender, recipient, celery_worker_process, smtp_server
):
    message = post_contact_message(
        sender_client,
        recipient,
        subject="Fiscal transfers in Kenya",
        body="Could we compare notes on county equitable shares?",
        share_email="on",
    )

    mail = smtp_server.wait_for(
        lambda mail: mail.message["X-LPSA-Contact-Message"] == str(message.pk),
        diagnostics=celery_worker_process.log_tail,
    )

    headers = mail.message
    assert parseaddr(headers["From"]) == parseaddr(settings.DEFAULT_FROM_EMAIL)
    assert parseaddr(headers["To"])[1] == recipient.email
    assert parseaddr(headers["Reply-To"])[1] == sender.email
    assert headers["Subject"] == "[LPSA] Fiscal transfers in Kenya"
    assert (mail.mail_from, mail.rcpt_tos) == (PORTAL_ADDRESS, [recipient.email])
    assert "Could we compare notes on county equitable shares?" in mail.text()
    assert "Amina Sender sent you a message" in mail.text()
    assert "Could we compare notes on county equitable shares?" in mail.html()
    assert wait_for_sent_at(message, celery_worker_process)


def test_worker_relays_contact_message_without_revealing_a_sender_who_did_not_share(
    sender_client, sender, recipient, celery_worker_process, smtp_server
):
    message = post_contact_message(
        sender_client,
        recipient,
        subject="Your LoGICA profile",
        body="I read your country profile and would love to talk.",
        # An unticked checkbox is simply not posted.
    )
    assert message.share_email is False

    mail = smtp_server.wait_for(
        lambda mail: mail.message["X-LPSA-Contact-Message"] == str(message.pk),
        diagnostics=celery_worker_process.log_tail,
    )

    assert "Reply-To" not in mail.message
    assert sender.email.lower().encode() not in mail.raw.lower()
    assert parseaddr(mail.message["From"])[1] == PORTAL_ADDRESS
    assert parseaddr(mail.message["To"])[1] == recipient.email
    assert mail.message["Subject"] == "[LPSA] Your LoGICA profile"
    assert "I read your country profile and would love to talk." in mail.text()
    assert sender.profile.get_absolute_url() in mail.text()
    assert wait_for_sent_at(message, celery_worker_process)


def test_signup_verification_mail_goes_through_the_worker_and_its_link_confirms(
    client, celery_worker_process, smtp_server
):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Nadia Newcomer",
            "email": "nadia.newcomer@example.org",
            "password1": "subsidiarity-matters-2026",
            "password2": "subsidiarity-matters-2026",
            "listed_in_directory": "yes",
            "interests": [Topic.objects.get(slug="fiscal-decentralization").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    mail = smtp_server.wait_for(
        lambda mail: mail.rcpt_tos == ["nadia.newcomer@example.org"],
        diagnostics=celery_worker_process.log_tail,
    )

    assert parseaddr(mail.message["From"]) == parseaddr(settings.DEFAULT_FROM_EMAIL)
    assert mail.message["Subject"].startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.text())
    assert link, mail.text()
    confirm_page = client.get(link[1])
    assert confirm_page.status_code == 200
    client.post(link[1])
    user = User.objects.get(email="nadia.newcomer@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert user.profile.listed_in_directory
