"""The language a member reads the portal's emails in: stored on their profile, set by the
site's language switch, at sign-up and on the profile form, read by members.languages."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members import services
from members.languages import mail_language, supported_language
from members.models import ContactMessage, Profile, User
from tests.members.factories import MemberFactory, UserFactory
from tests.members.test_accounts import sign_up
from tests.members.test_forms import profile_data

pytestmark = pytest.mark.django_db

SET_LANGUAGE = reverse("set_language")


def stored_language(user) -> str:
    return Profile.objects.get(user=user).language


# --- The rule --------------------------------------------------------------------------------


def test_a_member_who_chose_french_reads_mail_in_french():
    member = MemberFactory(profile__language="fr")
    assert mail_language(User.objects.select_related("profile").get(pk=member.pk)) == "fr"


def test_a_member_with_no_choice_reads_mail_in_the_default_whatever_is_active(settings):
    settings.LANGUAGE_CODE = "en"
    member = MemberFactory()
    # A worker or a request in French: the default is the site's, not the one active now.
    with translation.override("fr"):
        assert mail_language(member) == "en"


def test_an_account_without_a_profile_or_with_a_language_no_longer_offered_gets_the_default():
    assert mail_language(UserFactory()) == settings.LANGUAGE_CODE
    member = MemberFactory(profile__language="de")
    assert mail_language(member) == settings.LANGUAGE_CODE


def test_only_the_sites_languages_are_supported():
    assert supported_language("fr-ca") == "fr"
    assert supported_language("fr") == "fr"
    assert supported_language("de") == ""
    assert supported_language("") == ""
    assert supported_language("<script>") == ""


# --- Setting it --------------------------------------------------------------------------------


def test_switching_language_while_signed_in_stores_it_on_the_profile(member_client, member):
    response = member_client.post(SET_LANGUAGE, {"language": "fr", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert member_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert stored_language(member) == "fr"

    member_client.post(SET_LANGUAGE, {"language": "en", "next": "/"})
    assert stored_language(member) == "en"


def test_switching_to_a_language_the_site_does_not_offer_stores_nothing(member_client, member):
    member_client.post(SET_LANGUAGE, {"language": "fr", "next": "/"})
    member_client.post(SET_LANGUAGE, {"language": "de", "next": "/"})
    member_client.post(SET_LANGUAGE, {"next": "/"})
    assert stored_language(member) == "fr"


def test_a_visitor_switches_language_without_javascript_and_nothing_is_stored(client):
    profiles = Profile.objects.count()
    response = client.post(SET_LANGUAGE, {"language": "fr", "next": "/"})

    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert Profile.objects.count() == profiles
    assert '<html lang="fr"' in client.get("/").content.decode()


def test_the_language_switch_still_needs_the_csrf_token(member):
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(member)
    response = guarded.post(SET_LANGUAGE, {"language": "fr", "next": "/"})
    assert response.status_code == 403
    assert stored_language(member) == ""


def test_signing_up_in_french_stores_french(client, django_capture_on_commit_callbacks):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    sign_up(client, django_capture_on_commit_callbacks, email="amelie@example.net")
    assert stored_language(User.objects.get(email="amelie@example.net")) == "fr"


def test_signing_up_in_english_stores_english(client, django_capture_on_commit_callbacks):
    # No cookie, no Accept-Language: the site's default, stored as the member's choice.
    sign_up(client, django_capture_on_commit_callbacks, email="ama@example.net")
    assert stored_language(User.objects.get(email="ama@example.net")) == "en"


def test_the_profile_form_offers_and_saves_the_language_of_emails(member_client, member):
    page = member_client.get(reverse("members:edit_profile")).content.decode()
    assert 'name="language"' in page
    assert "The site&#x27;s default" in page

    member_client.post(reverse("members:edit_profile"), profile_data(language="fr"))
    assert stored_language(member) == "fr"

    member_client.post(reverse("members:edit_profile"), profile_data(language=""))
    assert stored_language(member) == ""


def test_the_profile_form_refuses_a_language_the_site_does_not_offer(member_client, member):
    response = member_client.post(reverse("members:edit_profile"), profile_data(language="de"))
    assert response.status_code == 200
    assert stored_language(member) == ""


# --- Mail ----------------------------------------------------------------------------------


def test_a_relayed_message_reaches_a_french_member_in_french(settings):
    settings.LANGUAGE_CODE = "en"
    sender = MemberFactory(profile__full_name="Ama Owusu")
    recipient = MemberFactory(profile__language="fr")
    message = ContactMessage.objects.create(
        sender=sender, recipient=recipient, subject="Bonjour", body="Une question."
    )

    with translation.override("en"):
        services.deliver_contact_message(message_id=message.pk)

    (email,) = mail.outbox
    expected = "Ama Owusu vous a envoyé un message via l\N{RIGHT SINGLE QUOTATION MARK}annuaire"
    assert f"{expected} des membres LPSA." in " ".join(email.body.split())
