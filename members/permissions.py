"""Who may do what in the member directory: named predicates that the views ask.

Which profiles a person may open at all is a lookup scope, Profile.objects.visible_to(user);
these predicates say what they may do beyond that."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

from members.models import Profile, Visibility


def can_open_profile(viewer, *, owner_id: int, open_to_members: bool, visibility: str) -> bool:
    """`Profile.objects.visible_to(viewer)` asked of one profile from facts already read (its
    owner, whether it is open to members: listed, active and confirmed, and its visibility), so
    the profile page decides from its cached facts without a query. A test holds the two equal
    over every combination."""
    if viewer.is_authenticated and viewer.pk == owner_id:
        return True
    return open_to_members and (viewer.is_authenticated or visibility == Visibility.PUBLIC)


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
