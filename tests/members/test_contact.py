"""The contact relay: the form, delivery, limits."""

import runpy
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lpsa import settings as lpsa_settings
from members import services
from members.models import ContactMessage, Visibility
from tests.members.factories import (
    MemberFactory,
    ProfileFactory,
    confirm_address,
    unconfirmed_profile,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


def contact_url(profile) -> str:
    return reverse("members:contact", kwargs={"pk": profile.pk})


def profile_url(profile) -> str:
    return reverse("members:profile", kwargs={"pk": profile.pk})


def contact_data(**overrides):
    return {
        "subject": "Property tax study",
        "body": "Hello, I read about your work on property tax.",
        "share_email": "on",
        **overrides,
    }


def test_contact_form_requires_login(client, other_member):
    url = contact_url(other_member.profile)
    response = client.get(url)
    assert response["Location"] == f"{LOGIN}?next={url}"
    response = client.post(url, contact_data())
    assert response.status_code == 302
    assert not ContactMessage.objects.exists()


def test_members_see_the_contact_form_with_messages_left(member_client, other_member, settings):
    settings.CONTACT_RELAY_DAILY_LIMIT = 5
    response = member_client.get(contact_url(other_member.profile))
    assert response.status_code == 200
    assert b"You can send 5 more messages today." in response.content


def test_unlisted_inactive_and_missing_recipients_are_not_found(member_client):
    unlisted = ProfileFactory(listed_in_directory=False)
    inactive = ProfileFactory(user__is_active=False)
    for profile in (unlisted, inactive):
        assert member_client.get(contact_url(profile)).status_code == 404
        assert member_client.post(contact_url(profile), contact_data()).status_code == 404
    assert member_client.get("/members/999999/contact/").status_code == 404
    assert not ContactMessage.objects.exists()


def test_members_who_never_confirmed_their_address_cannot_be_contacted(
    member_client, django_capture_on_commit_callbacks
):
    unconfirmed = unconfirmed_profile()
    confirmed_elsewhere = unconfirmed_profile(confirmed_other_address=True)

    for profile in (unconfirmed, confirmed_elsewhere):
        assert member_client.get(contact_url(profile)).status_code == 404
        assert member_client.post(contact_url(profile), contact_data()).status_code == 404
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []

    confirm_address(unconfirmed)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(contact_url(unconfirmed), contact_data())
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[unconfirmed.user.email]]


def test_members_cannot_contact_themselves(member_client, member):
    assert member_client.get(contact_url(member.profile)).status_code == 404
    assert member_client.post(contact_url(member.profile), contact_data()).status_code == 404
    assert not ContactMessage.objects.exists()


def test_sending_a_message_records_it_and_emails_the_recipient(
    member_client, member, other_member, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(contact_url(other_member.profile), contact_data())

    assert response.status_code == 302
    assert response["Location"] == profile_url(other_member.profile)
    message = ContactMessage.objects.get()
    assert (message.sender, message.recipient) == (member, other_member)
    assert message.subject == "Property tax study"
    assert message.share_email is True
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [other_member.email]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert email.reply_to == [member.email]
    assert "I read about your work on property tax." in email.body

    page = member_client.get(response["Location"]).content.decode()
    assert f"Your message is on its way to {other_member.profile.full_name}." in page


def test_a_message_without_sharing_email_has_no_reply_to(
    member_client, member, other_member, django_capture_on_commit_callbacks
):
    data = contact_data()
    del data["share_email"]
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(contact_url(other_member.profile), data)

    email = mail.outbox[0]
    assert email.reply_to == []
    assert member.email not in email.message().as_string()
    assert ContactMessage.objects.get().share_email is False


def test_the_sender_never_sees_the_recipients_address(
    member_client, other_member, django_capture_on_commit_callbacks
):
    recipient = other_member.profile
    assert recipient.email_visibility == Visibility.HIDDEN
    address = other_member.email.encode()

    responses = [member_client.get(contact_url(recipient))]
    with django_capture_on_commit_callbacks(execute=True):
        responses.append(member_client.post(contact_url(recipient), contact_data(), follow=True))
    responses.append(member_client.post(contact_url(recipient), contact_data(body="short")))

    assert len(mail.outbox) == 1
    for response in responses:
        assert address not in response.content
        assert address not in b"".join(f"{k}{v}".encode() for k, v in response.headers.items())


def test_a_subject_with_line_breaks_is_flattened_and_still_delivered(
    member_client, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            contact_url(other_member.profile),
            contact_data(subject="Hello\r\nBcc: someone@example.com"),
        )

    assert response.status_code == 302
    assert ContactMessage.objects.get().subject == "Hello Bcc: someone@example.com"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[LPSA] Hello Bcc: someone@example.com"
    assert mail.outbox[0].bcc == []


def test_too_short_a_message_is_refused_with_a_clear_error(member_client, other_member):
    response = member_client.post(contact_url(other_member.profile), contact_data(body="Hi there"))
    assert response.status_code == 400
    assert "Please write a little more (10 characters at least)." in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_past_the_daily_limit_the_form_says_so_sends_nothing_and_keeps_the_text(
    member_client, member, settings, django_capture_on_commit_callbacks
):
    settings.CONTACT_RELAY_DAILY_LIMIT = 2
    recipients = MemberFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        for recipient in recipients[:2]:
            assert (
                member_client.post(contact_url(recipient.profile), contact_data()).status_code
                == 302
            )
    assert len(mail.outbox) == 2
    assert (
        b"You can send 0 more messages today."
        in member_client.get(contact_url(recipients[2].profile)).content
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = member_client.post(
            contact_url(recipients[2].profile),
            contact_data(subject="My typed subject", body="A body I do not want to lose."),
        )

    assert response.status_code == 400
    content = response.content.decode()
    assert "You can send 2 messages a day through the directory." in content
    assert 'value="My typed subject"' in content
    assert "A body I do not want to lose." in content
    assert callbacks == []
    assert len(mail.outbox) == 2
    assert ContactMessage.objects.filter(sender=member).count() == 2


def _sent_ago(sender, recipient, age: timedelta) -> ContactMessage:
    message = ContactMessage.objects.create(
        sender=sender, recipient=recipient, subject="Earlier", body="An earlier message body."
    )
    ContactMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - age)
    return message


def test_the_daily_limit_counts_messages_of_the_last_24_hours_exactly(
    member_client, member, other_member, settings
):
    settings.CONTACT_RELAY_DAILY_LIMIT = 1
    earlier = _sent_ago(member, other_member, timedelta(hours=23, minutes=59))

    assert services.contact_messages_left_today(sender=member) == 0
    refused = member_client.post(contact_url(other_member.profile), contact_data())
    assert refused.status_code == 400
    assert ContactMessage.objects.filter(sender=member).count() == 1

    ContactMessage.objects.filter(pk=earlier.pk).update(
        created_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    assert services.contact_messages_left_today(sender=member) == 1
    response = member_client.post(contact_url(other_member.profile), contact_data())
    assert response.status_code == 302
    assert ContactMessage.objects.filter(sender=member).count() == 2


def test_the_daily_limit_defaults_to_five_and_the_sixth_message_is_refused(
    member_client, member, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # The settings module as a deployment without CONTACT_RELAY_DAILY_LIMIT would load it.
    monkeypatch.delenv("CONTACT_RELAY_DAILY_LIMIT", raising=False)
    default = runpy.run_path(lpsa_settings.__file__)["CONTACT_RELAY_DAILY_LIMIT"]
    assert default == 5
    settings.CONTACT_RELAY_DAILY_LIMIT = default
    recipients = MemberFactory.create_batch(6)

    with django_capture_on_commit_callbacks(execute=True):
        for recipient in recipients[:5]:
            response = member_client.post(contact_url(recipient.profile), contact_data())
            assert response.status_code == 302
    sixth = member_client.post(contact_url(recipients[5].profile), contact_data())

    assert sixth.status_code == 400
    assert "You can send 5 messages a day" in sixth.content.decode()
    assert [m.to for m in mail.outbox] == [[r.email] for r in recipients[:5]]


def test_contact_form_query_count_is_bounded(
    member_client, other_member, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        assert member_client.get(contact_url(other_member.profile)).status_code == 200
