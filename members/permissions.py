"""Who may do what in the member directory: named predicates that the views ask.

Which profiles a person may open at all is a lookup scope, Profile.objects.visible_to(user);
these predicates say what they may do beyond that."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

from members.models import Profile


def can_export_directory(user) -> bool:
    """Staff who sign in with two factors: the export holds every listed member's address, so
    it asks what the admin asks."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and is_mfa_enabled(user, [Authenticator.Type.TOTP])
    )


def can_contact(sender, profile: Profile) -> bool:
    """Members write to other listed members; the relay never mails an address its owner has
    not confirmed (listed() holds only confirmed ones), nor the sender themself."""
    return (
        sender.is_authenticated
        and sender.is_active
        and sender.pk != profile.user_id
        and Profile.objects.listed().filter(pk=profile.pk).exists()
    )
