import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password

from members.models import Profile, User, Visibility
from taxonomy.models import Language, Topic

# Hashing once keeps factories fast; every test user's password is this.
PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    password = _PASSWORD_HASH

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Faker("name")
    job_title = "Decentralization specialist"
    organisation = factory.Faker("company")
    organisation_type = "local-government"
    country = "KE"
    bio = "Works on intergovernmental fiscal transfers."
    listed_in_directory = True
    profile_visibility = Visibility.MEMBERS

    @factory.post_generation
    def expertise(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.expertise.set(extracted)

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.languages.set(extracted)


class MemberFactory(UserFactory):
    """A user with a profile, as sign-up leaves them."""

    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user")


class StaffFactory(MemberFactory):
    is_staff = True


def topic(slug: str) -> Topic:
    return Topic.objects.get(slug=slug)


def language(code: str) -> Language:
    return Language.objects.get(code=code)


def unconfirmed_profile(*, confirmed_other_address: bool = False, **fields) -> Profile:
    """A listed profile whose owner never confirmed the account's address, as allauth leaves a
    sign-up before the link in its email is followed. With `confirmed_other_address`, they did
    confirm a second address: still not the one the portal would write to."""
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    if confirmed_other_address:
        EmailAddress.objects.create(user=user, email=f"other-{user.email}", verified=True)
    return ProfileFactory(user=user, **fields)


def confirm_address(profile: Profile) -> None:
    """As allauth does when the link in its email is followed."""
    EmailAddress.objects.get(user=profile.user, email=profile.user.email).set_verified()


def activate_totp(user) -> str:
    """Sets `user` up with an authenticator app (TOTP), as the portal asks of staff; returns
    the secret the app would hold."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
