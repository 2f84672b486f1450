from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from members import services
from members.models import ContactMessage, Profile
from members.photos import RENDITIONS
from taxonomy.models import Region
from tests.members.conftest import image_upload
from tests.members.factories import MemberFactory, UserFactory, topic

pytestmark = pytest.mark.django_db


# --- Profiles --------------------------------------------------------------------------------


def test_create_member_profile_stores_name_listing_and_interests():
    user = UserFactory()
    interests = [topic("health"), topic("localization")]
    africa = Region.objects.get(slug="africa")

    profile = services.create_member_profile(
        user=user,
        full_name="Fatou Diop",
        listed_in_directory=True,
        interests=interests,
        regions_of_interest=[africa],
    )

    profile.refresh_from_db()
    assert profile.user == user
    assert profile.full_name == "Fatou Diop"
    assert profile.listed_in_directory is True
    assert set(profile.interests.all()) == set(interests)
    assert list(profile.regions_of_interest.all()) == [africa]


def test_get_or_create_profile_gives_accounts_without_one_an_unlisted_profile():
    user = UserFactory()
    profile = services.get_or_create_profile(user=user)
    assert profile.listed_in_directory is False
    assert services.get_or_create_profile(user=user) == profile
    assert Profile.objects.filter(user=user).count() == 1


# --- Photos ----------------------------------------------------------------------------------


def _open(field):
    field.open("rb")
    try:
        with Image.open(field) as image:
            image.load()
            return image.format, image.size
    finally:
        field.close()


@pytest.mark.parametrize("image_format", ["PNG", "JPEG"])
def test_set_profile_photo_stores_three_square_jpeg_renditions(member, image_format):
    profile = member.profile
    upload = image_upload(f"me.{image_format.lower()}", (900, 450), image_format)

    services.set_profile_photo(profile=profile, uploaded=upload)

    profile.refresh_from_db()
    for attribute, side in RENDITIONS.items():
        assert _open(getattr(profile, attribute)) == ("JPEG", (side, side))
    assert (RENDITIONS["photo_small"], RENDITIONS["photo_medium"], RENDITIONS["photo_large"]) == (
        64,
        160,
        400,
    )


def test_replacing_a_photo_deletes_the_old_files_after_commit(
    member, django_capture_on_commit_callbacks
):
    profile = member.profile
    services.set_profile_photo(profile=profile, uploaded=image_upload())
    old_names = [getattr(profile, attribute).name for attribute in RENDITIONS]
    storage = profile.photo_small.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.set_profile_photo(profile=profile, uploaded=image_upload("new.png"))

    assert not any(storage.exists(name) for name in old_names)
    assert all(storage.exists(getattr(profile, attribute).name) for attribute in RENDITIONS)


def test_remove_profile_photo_clears_fields_and_files(member, django_capture_on_commit_callbacks):
    profile = member.profile
    services.set_profile_photo(profile=profile, uploaded=image_upload())
    names = [getattr(profile, attribute).name for attribute in RENDITIONS]
    storage = profile.photo_small.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_profile_photo(profile=profile)

    profile.refresh_from_db()
    assert not profile.photo_small and not profile.photo_medium and not profile.photo_large
    assert not any(storage.exists(name) for name in names)


def test_set_profile_photo_refuses_a_file_that_is_not_an_image(member):
    fake = SimpleUploadedFile("photo.png", b"just some text", content_type="image/png")
    with pytest.raises(ValidationError) as excinfo:
        services.set_profile_photo(profile=member.profile, uploaded=fake)
    assert excinfo.value.code == "not_an_image"
    member.profile.refresh_from_db()
    assert not member.profile.photo_small


def test_set_profile_photo_refuses_a_file_over_the_size_limit(member, settings):
    settings.PROFILE_PHOTO_MAX_BYTES = 100
    with pytest.raises(ValidationError) as excinfo:
        services.set_profile_photo(profile=member.profile, uploaded=image_upload())
    assert excinfo.value.code == "too_large"


# --- Contact relay ---------------------------------------------------------------------------


def _send(sender, recipient, **overrides):
    fields = {
        "subject": "Fiscal transfers",
        "body": "Could we talk about your work?",
        "share_email": True,
    }
    return services.send_contact_message(
        sender=sender, recipient=recipient, **{**fields, **overrides}
    )


def test_send_contact_message_records_it_and_emails_the_recipient_after_commit(
    member, other_member, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(member, other_member)

    assert ContactMessage.objects.get() == message
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [other_member.email]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert email.reply_to == [member.email]
    assert email.subject == "[LPSA] Fiscal transfers"
    assert "Could we talk about your work?" in email.body
    assert member.profile.full_name in email.body
    assert email.extra_headers["X-LPSA-Contact-Message"] == str(message.pk)
    message.refresh_from_db()
    assert message.sent_at is not None


def test_send_contact_message_sends_nothing_before_the_transaction_commits(member, other_member):
    _send(member, other_member)
    assert mail.outbox == []


def test_contact_message_without_shared_email_has_no_reply_to_and_no_sender_address(
    member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(member, other_member, share_email=False)

    email = mail.outbox[0]
    assert email.reply_to == []
    assert member.email not in email.body
    assert member.email not in email.alternatives[0][0]
    assert member.email not in str(email.message())


def test_contact_message_links_a_listed_sender_profile_but_not_an_unlisted_one(
    member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(member, other_member, share_email=False)
    Profile.objects.filter(user=member).update(listed_in_directory=False)
    with django_capture_on_commit_callbacks(execute=True):
        _send(member, other_member, share_email=False)

    listed_mail, unlisted_mail = mail.outbox
    profile_path = member.profile.get_absolute_url()
    assert profile_path in listed_mail.body
    # The recipient could not open an unlisted profile, so the mail must not point at it.
    assert profile_path not in unlisted_mail.body
    assert profile_path not in unlisted_mail.alternatives[0][0]


def test_delivering_a_contact_message_twice_sends_one_email(
    member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(member, other_member)

    services.deliver_contact_message(message_id=message.pk)

    assert len(mail.outbox) == 1


def test_a_sender_without_a_profile_can_still_have_a_message_delivered(
    other_member, django_capture_on_commit_callbacks
):
    # Accounts made with createsuperuser or in the admin have no profile until they open one.
    sender = UserFactory(is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        _send(sender, other_member, share_email=False)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [other_member.email]


def test_contact_messages_left_today_counts_down_from_the_daily_limit(
    member, other_member, settings
):
    settings.CONTACT_RELAY_DAILY_LIMIT = 3
    assert services.contact_messages_left_today(sender=member) == 3
    _send(member, other_member)
    _send(member, other_member)
    assert services.contact_messages_left_today(sender=member) == 1
    _send(member, other_member)
    assert services.contact_messages_left_today(sender=member) == 0


def test_sending_past_the_daily_limit_raises_and_records_nothing(member, settings):
    settings.CONTACT_RELAY_DAILY_LIMIT = 2
    recipients = MemberFactory.create_batch(3)
    _send(member, recipients[0])
    _send(member, recipients[1])

    with pytest.raises(services.ContactLimitReached, match="2 messages a day"):
        _send(member, recipients[2])

    assert ContactMessage.objects.filter(sender=member).count() == 2


def test_messages_older_than_a_day_do_not_count_towards_the_limit(member, other_member, settings):
    settings.CONTACT_RELAY_DAILY_LIMIT = 2
    old = [_send(member, other_member), _send(member, other_member)]
    ContactMessage.objects.filter(pk__in=[m.pk for m in old]).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )

    assert services.contact_messages_left_today(sender=member) == 2
    _send(member, other_member)
    assert ContactMessage.objects.filter(sender=member).count() == 3


def test_the_limit_is_per_sender(member, other_member, settings):
    settings.CONTACT_RELAY_DAILY_LIMIT = 1
    _send(member, other_member)
    assert services.contact_messages_left_today(sender=member) == 0
    assert services.contact_messages_left_today(sender=other_member) == 1


@pytest.mark.parametrize("who", ["unconfirmed", "unlisted", "self"])
def test_the_relay_service_itself_refuses_recipients_it_may_not_write_to(who, member):
    from tests.members.factories import ProfileFactory, unconfirmed_profile

    recipient = {
        "unconfirmed": lambda: unconfirmed_profile().user,
        "unlisted": lambda: ProfileFactory(listed_in_directory=False).user,
        "self": lambda: member,
    }[who]()

    with pytest.raises(services.RecipientNotContactable):
        services.send_contact_message(
            sender=member,
            recipient=recipient,
            subject="Hello",
            body="A message long enough.",
            share_email=False,
        )
    assert not ContactMessage.objects.exists()
