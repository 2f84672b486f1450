import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lpsa.mail import build_email, send_once
from members.languages import mail_language, supported_language
from members.models import ContactMessage, Profile, RegionFigures, User
from members.photos import RENDITIONS, open_validated_image, square_renditions


class ContactLimitReached(PermissionDenied):
    pass


class RecipientNotContactable(PermissionDenied):
    pass


@transaction.atomic
def create_member_profile(
    *,
    user: User,
    full_name: str,
    listed_in_directory: bool,
    interests=(),
    regions_of_interest=(),
    language: str = "",
) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.full_name = full_name
    profile.listed_in_directory = listed_in_directory
    profile.language = supported_language(language)
    profile.save()
    profile.interests.set(interests)
    profile.regions_of_interest.set(regions_of_interest)
    return profile


def get_or_create_profile(*, user: User) -> Profile:
    # Accounts made outside sign-up (createsuperuser, admin) get an empty, unlisted profile.
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def set_preferred_language(*, user: User, language: str) -> None:
    """Keeps the language a member chose for the portal's emails to them (members.languages)."""
    language = supported_language(language)
    if not language:
        return
    profile = get_or_create_profile(user=user)
    # update(), not save(): no page shows the language, so the directory's cached pages
    # (moved on by a profile's save) stay valid.
    Profile.objects.filter(pk=profile.pk).exclude(language=language).update(language=language)


@transaction.atomic
def set_profile_photo(*, profile: Profile, uploaded) -> None:
    """Validates `uploaded` and replaces the profile's photo with fresh renditions."""
    image = open_validated_image(uploaded)
    # Named after the content: a new photo gets a new URL (no stale caches), the same one the same.
    uploaded.seek(0)
    digest = hashlib.sha256(uploaded.read()).hexdigest()[:12]
    files = square_renditions(image, stem=f"{profile.pk}-{digest}")
    old_names = [getattr(profile, a).name for a in RENDITIONS if getattr(profile, a)]
    for attribute, content in files.items():
        getattr(profile, attribute).save(content.name, content, save=False)
    profile.save(update_fields=[*RENDITIONS, "updated_at"])
    _delete_files_after_commit(old_names)


@transaction.atomic
def remove_profile_photo(*, profile: Profile) -> None:
    old_names = [getattr(profile, a).name for a in RENDITIONS if getattr(profile, a)]
    for attribute in RENDITIONS:
        setattr(profile, attribute, "")
    profile.save(update_fields=[*RENDITIONS, "updated_at"])
    _delete_files_after_commit(old_names)


def _delete_files_after_commit(names: list[str]) -> None:
    storage = Profile._meta.get_field("photo_small").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


# A count older than this is not shown; the task recounts every ten minutes.
REGION_FIGURES_MAX_AGE = timedelta(hours=1)


def count_listed_members_by_region() -> dict:
    """Counts listed members per region and keeps the figures for the landing page."""
    figures = Profile.objects.listed().region_totals()
    fields = {"figures": figures, "counted_at": timezone.now()}
    if not RegionFigures.objects.filter(pk=1).update(**fields):
        # Two first counts at once: either row will do.
        RegionFigures.objects.bulk_create([RegionFigures(pk=1, **fields)], ignore_conflicts=True)
    return figures


def listed_members_by_region() -> dict:
    """The latest figures, counted afresh only when none is recent enough."""
    snapshot = RegionFigures.objects.filter(
        pk=1, counted_at__gte=timezone.now() - REGION_FIGURES_MAX_AGE
    ).first()
    return snapshot.figures if snapshot else count_listed_members_by_region()


def contact_messages_left_today(*, sender: User) -> int:
    since = timezone.now() - timedelta(days=1)
    sent = ContactMessage.objects.filter(sender=sender, created_at__gte=since).count()
    return max(0, settings.CONTACT_RELAY_DAILY_LIMIT - sent)


@transaction.atomic
def send_contact_message(
    *, sender: User, recipient: User, subject: str, body: str, share_email: bool
) -> ContactMessage:
    """Records a message for the relay and has the worker deliver it after commit."""
    from members.tasks import deliver_contact_message

    # The relay writes only to listed members who confirmed their address, whoever calls it.
    if not Profile.objects.listed().filter(user=recipient).exclude(user=sender).exists():
        raise RecipientNotContactable(_("This member cannot be contacted through the directory."))
    # Lock the sender's row so two simultaneous posts cannot both pass the limit.
    User.objects.select_for_update().filter(pk=sender.pk).first()
    if contact_messages_left_today(sender=sender) <= 0:
        limit = settings.CONTACT_RELAY_DAILY_LIMIT
        raise ContactLimitReached(
            ngettext(
                "You can send %(limit)d message a day through the directory. "
                "Please try again tomorrow.",
                "You can send %(limit)d messages a day through the directory. "
                "Please try again tomorrow.",
                limit,
            )
            % {"limit": limit}
        )
    message = ContactMessage.objects.create(
        sender=sender, recipient=recipient, subject=subject, body=body, share_email=share_email
    )
    transaction.on_commit(lambda: deliver_contact_message.delay(message.pk))
    return message


def deliver_contact_message(*, message_id: int) -> bool:
    """Sends a relayed message once; a retried or redelivered task sends nothing more."""
    return send_once(model=ContactMessage, pk=message_id, build=_contact_email)


def _contact_email(message: ContactMessage):
    sender = User.objects.get(pk=message.sender_id)
    recipient = User.objects.select_related("profile").get(pk=message.recipient_id)
    # Staff accounts made with createsuperuser may have no profile yet; the link needs one.
    sender_profile = get_or_create_profile(user=sender)
    return build_email(
        language=mail_language(recipient),
        template="members/contact_message",
        context={
            "message": message,
            "sender_name": sender.get_full_name(),
            # An unlisted sender's profile would be a 404 to the recipient: no link then.
            "sender_profile_url": settings.SITE_URL + sender_profile.get_absolute_url()
            if sender_profile.listed_in_directory
            else "",
        },
        subject=message.subject,
        to=[recipient.email],
        reply_to=[sender.email] if message.share_email else None,
        headers={"X-LPSA-Contact-Message": str(message.pk)},
    )
