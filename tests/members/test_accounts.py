import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from forums.cache import FORUMS
from lpsa.models import OutgoingEmail
from members.directory_cache import bump_directory_version
from members.models import Profile, User
from taxonomy.models import Region
from tests.members.factories import PASSWORD, MemberFactory, topic

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")
LOGOUT = reverse("account_logout")
VERIFICATION_SENT = reverse("account_email_verification_sent")
RESET = reverse("account_reset_password")
RESET_DONE = reverse("account_reset_password_done")
NEW_PASSWORD = "a brand new passphrase 42"
CONFIRM_URL = re.compile(r"https?://testserver(/accounts/confirm-email/[^\s/]+/)")


def signup_data(**overrides):
    data = {
        "full_name": "Nadia Rahman",
        "email": "nadia@example.net",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "listed_in_directory": "yes",
        "interests": [topic("health").pk, topic("localization").pk],
        "regions_of_interest": [Region.objects.get(slug="asia-pacific").pk],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def sign_up(client, capture, **overrides):
    with capture(execute=True):
        return client.post(SIGNUP, signup_data(**overrides))


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


def confirmation_path(message) -> str:
    return CONFIRM_URL.search(message.body).group(1)


def without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


# --- Sign-up ------------------------------------------------------------------------------


def test_signup_page_asks_for_name_directory_choice_and_interests(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="full_name"' in content
    assert 'name="listed_in_directory"' in content
    assert 'name="interests"' in content
    assert "Yes, list me so other members can find me" in content


@pytest.mark.parametrize("missing", ["full_name", "listed_in_directory"])
def test_signup_requires_full_name_and_the_directory_choice(
    client, django_capture_on_commit_callbacks, missing
):
    response = sign_up(client, django_capture_on_commit_callbacks, **{missing: None})
    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert "This field is required." in response.content.decode()
    assert not User.objects.filter(email="nadia@example.net").exists()
    assert mail.outbox == []


def test_signup_creates_a_listed_profile_with_name_and_interests(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT
    user = User.objects.get(email="nadia@example.net")
    profile = Profile.objects.get(user=user)
    assert profile.full_name == "Nadia Rahman"
    assert profile.listed_in_directory is True
    assert {t.slug for t in profile.interests.all()} == {"health", "localization"}
    assert [r.slug for r in profile.regions_of_interest.all()] == ["asia-pacific"]
    assert user.check_password(NEW_PASSWORD)
    assert not EmailAddress.objects.get(user=user).verified


def test_signup_choosing_no_leaves_the_profile_unlisted(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, listed_in_directory="no", interests=[])
    profile = Profile.objects.get(user__email="nadia@example.net")
    assert profile.listed_in_directory is False
    assert not profile.interests.exists()


def test_signup_sends_a_verification_email_only_after_commit(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(SIGNUP, signup_data())
    assert mail.outbox == []
    # The directory's and the forums' cache versions move on commit too; the one other callback
    # sends the mail.
    mail_callbacks = [c for c in callbacks if c not in (bump_directory_version, FORUMS.bump)]
    assert len(mail_callbacks) == 1

    mail_callbacks[0]()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@example.net"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject.startswith("[LPSA] ")
    assert CONFIRM_URL.search(message.body)


def test_account_mail_is_stored_then_sent_once_by_the_worker_task(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from lpsa.tasks import send_outgoing_email

    enqueued = []
    original_delay = send_outgoing_email.delay

    def recording_delay(email_id):
        enqueued.append(email_id)
        return original_delay(email_id)

    monkeypatch.setattr(send_outgoing_email, "delay", recording_delay)

    sign_up(client, django_capture_on_commit_callbacks)

    outgoing = OutgoingEmail.objects.get()
    assert enqueued == [outgoing.pk]
    assert outgoing.to == ["nadia@example.net"]
    assert outgoing.template == "account/email/email_confirmation_signup"
    assert outgoing.sent_at is not None
    # The confirmation link is a one-time secret: it is not kept once the mail went out.
    assert outgoing.body == "" and outgoing.html == ""
    assert len(mail.outbox) == 1
    assert CONFIRM_URL.search(mail.outbox[0].body)


def test_login_is_refused_until_the_email_is_verified(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LOGIN, {"login": "nadia@example.net", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT
    assert not is_logged_in(client)
    assert client.get(reverse("members:directory")).status_code == 302


def test_confirming_the_email_lets_the_member_log_in(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    path = confirmation_path(mail.outbox[0])
    client.logout()

    # A GET only shows the confirmation button: mail scanners must not confirm addresses.
    assert client.get(path).status_code == 200
    assert not EmailAddress.objects.get(email="nadia@example.net").verified

    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nadia@example.net").verified

    client.logout()
    response = client.post(LOGIN, {"login": "nadia@example.net", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_logged_in(client)
    assert client.get(reverse("members:directory")).status_code == 200


def test_confirming_the_email_shows_one_message_not_two(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    client.get(VERIFICATION_SENT)  # where sign-up leads; it shows "Confirmation email sent"
    path = confirmation_path(mail.outbox[0])

    response = client.post(path, follow=True)

    assert is_logged_in(client)
    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["You have confirmed nadia@example.net."]
    assert response.content.decode().count('class="message message-') == 1


def test_signing_up_with_a_registered_email_looks_the_same_as_a_new_one(
    client, member, django_capture_on_commit_callbacks
):
    original_name = member.profile.full_name
    new = sign_up(client, django_capture_on_commit_callbacks, email="fresh@example.net")
    new_page = client.get(new["Location"])
    client.logout()
    client.cookies.clear()

    existing = sign_up(
        client,
        django_capture_on_commit_callbacks,
        email=member.email,
        full_name="Someone Else",
        listed_in_directory="no",
    )
    existing_page = client.get(existing["Location"])

    assert (existing.status_code, existing["Location"]) == (new.status_code, new["Location"])
    assert existing_page.status_code == new_page.status_code == 200
    # The only difference is the address each visitor typed, echoed back to them.
    assert without_csrf(existing_page.content).replace(member.email.encode(), b"ADDRESS") == (
        without_csrf(new_page.content).replace(b"fresh@example.net", b"ADDRESS")
    )
    assert b"Confirmation email sent to ADDRESS" in new_page.content.replace(
        b"fresh@example.net", b"ADDRESS"
    )
    # The owner of the address hears about the attempt; their account is untouched.
    assert [m.to for m in mail.outbox] == [["fresh@example.net"], [member.email]]
    assert User.objects.filter(email__iexact=member.email).count() == 1
    member.profile.refresh_from_db()
    assert member.profile.full_name == original_name
    assert member.profile.listed_in_directory is True


# --- Log in and out ------------------------------------------------------------------------


def test_members_log_in_with_their_email_address(client, member):
    response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(member.pk)


def test_the_login_page_offers_the_password_reset_link_once(client):
    content = client.get(LOGIN).content.decode()
    assert content.count(f'href="{RESET}"') == 1
    assert content.count("Forgot your password?") == 1


def test_login_with_a_wrong_password_shows_an_error(client, member):
    response = client.post(LOGIN, {"login": member.email, "password": "wrong password"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not is_logged_in(client)


def test_inactive_accounts_cannot_log_in(client):
    user = MemberFactory(is_active=False)
    client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert not is_logged_in(client)


def test_logout_needs_a_post(member_client):
    response = member_client.get(LOGOUT)
    assert response.status_code == 200
    assert is_logged_in(member_client)

    response = member_client.post(LOGOUT)
    assert response.status_code == 302
    assert not is_logged_in(member_client)


# --- Password reset --------------------------------------------------------------------------


def request_password_reset(client, capture, email: str):
    """Asks for a reset link as a visitor would: the form, then the page it leads to."""
    with capture(execute=True):
        return client.post(RESET, {"email": email}, follow=True)


def test_password_reset_shows_the_same_page_for_a_known_and_an_unknown_address(
    member, django_capture_on_commit_callbacks
):
    # Two visitors, so that neither page carries anything left over from the other's session.
    known = request_password_reset(Client(), django_capture_on_commit_callbacks, member.email)
    unknown = request_password_reset(
        Client(), django_capture_on_commit_callbacks, "nobody-here@example.net"
    )

    assert known.redirect_chain == unknown.redirect_chain == [(RESET_DONE, 302)]
    assert known.status_code == unknown.status_code == 200
    assert b"we have sent it a link" in known.content
    assert without_csrf(known.content) == without_csrf(unknown.content)


def test_password_reset_mails_a_known_address_and_nobody_for_an_unknown_one(
    client, member, django_capture_on_commit_callbacks
):
    request_password_reset(client, django_capture_on_commit_callbacks, "nobody-here@example.net")
    assert mail.outbox == []

    request_password_reset(client, django_capture_on_commit_callbacks, member.email)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


# --- Account pages need login --------------------------------------------------------------


@pytest.mark.parametrize("name", ["account_change_password", "account_email"])
def test_password_and_email_change_pages_require_login(client, member, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")

    client.force_login(member)
    assert client.get(url).status_code == 200


def test_password_change_works_for_a_logged_in_member(
    member_client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
