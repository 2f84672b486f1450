import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from members.models import ContactMessage, Profile, User, Visibility
from taxonomy import regions
from tests.members.factories import MemberFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

# --- Profile ---------------------------------------------------------------------------------


def test_saving_a_profile_derives_its_world_region_from_the_country():
    profile = ProfileFactory(country="PE")
    profile.refresh_from_db()
    assert profile.world_region_id == regions.LATIN_AMERICA


def test_changing_or_clearing_the_country_updates_the_world_region():
    profile = ProfileFactory(country="PE")
    profile.country = "VN"
    profile.save()
    profile.refresh_from_db()
    assert profile.world_region_id == regions.ASIA_PACIFIC

    profile.country = ""
    profile.save()
    profile.refresh_from_db()
    assert profile.world_region is None


def test_saving_only_the_country_field_still_saves_the_world_region():
    profile = ProfileFactory(country="PE")
    profile.country = "DE"
    profile.save(update_fields=["country"])
    assert Profile.objects.get(pk=profile.pk).world_region_id == regions.EUROPE_CENTRAL_ASIA


def test_antarctica_has_no_world_region():
    profile = ProfileFactory(country="AQ")
    assert Profile.objects.get(pk=profile.pk).world_region is None


def test_profile_without_a_name_is_shown_as_lpsa_member():
    profile = ProfileFactory(full_name="")
    assert profile.display_name == "LPSA member"
    assert str(profile) == "LPSA member"
    assert profile.initials == "?"


def test_profile_initials_come_from_the_first_two_names():
    assert ProfileFactory(full_name="amina jane okafor").initials == "AJ"


def test_profile_url_is_the_members_profile_page():
    profile = ProfileFactory()
    assert profile.get_absolute_url() == f"/members/{profile.pk}/"


def test_profile_visibility_cannot_be_hidden_in_the_database():
    profile = ProfileFactory()
    with pytest.raises(IntegrityError):
        Profile.objects.filter(pk=profile.pk).update(profile_visibility=Visibility.HIDDEN)


def test_user_full_name_falls_back_to_email_without_a_profile():
    user = UserFactory(email="noprofile@example.org")
    assert user.get_full_name() == "noprofile@example.org"
    assert MemberFactory(profile__full_name="Ana Silva").get_full_name() == "Ana Silva"


def test_create_user_normalises_email_and_requires_one():
    user = User.objects.create_user("Someone@EXAMPLE.org", "pw-long-enough-1")
    assert user.email == "Someone@example.org"
    assert user.check_password("pw-long-enough-1")
    with pytest.raises(ValueError):
        User.objects.create_user("", "pw")


# --- ProfileQuerySet.visible_to / listed ---------------------------------------------------


def test_members_can_see_listed_profiles_and_their_own_unlisted_one(member):
    listed = ProfileFactory()
    unlisted = ProfileFactory(listed_in_directory=False)
    own = member.profile
    own.listed_in_directory = False
    own.save()

    visible = set(Profile.objects.visible_to(member))

    assert listed in visible
    assert own in visible
    assert unlisted not in visible


def test_visitors_see_only_listed_public_profiles():
    public = ProfileFactory(profile_visibility=Visibility.PUBLIC)
    members_only = ProfileFactory(profile_visibility=Visibility.MEMBERS)
    unlisted_public = ProfileFactory(
        profile_visibility=Visibility.PUBLIC, listed_in_directory=False
    )

    visible = set(Profile.objects.visible_to(AnonymousUser()))

    assert visible == {public}
    assert members_only not in visible
    assert unlisted_public not in visible


def test_profiles_of_inactive_users_are_visible_to_nobody_else(member):
    inactive = ProfileFactory(user__is_active=False, profile_visibility=Visibility.PUBLIC)
    assert inactive not in Profile.objects.visible_to(member)
    assert inactive not in Profile.objects.visible_to(AnonymousUser())
    assert inactive not in Profile.objects.listed()


def test_staff_get_no_extra_visibility_of_unlisted_profiles(staff):
    unlisted = ProfileFactory(listed_in_directory=False)
    assert unlisted not in Profile.objects.visible_to(staff)


def test_field_visible_to_follows_each_visibility_level(member):
    profile = ProfileFactory()
    owner = profile.user
    anonymous = AnonymousUser()

    assert profile.field_visible_to(Visibility.HIDDEN, owner)
    assert not profile.field_visible_to(Visibility.HIDDEN, member)
    assert not profile.field_visible_to(Visibility.HIDDEN, anonymous)

    assert profile.field_visible_to(Visibility.MEMBERS, member)
    assert not profile.field_visible_to(Visibility.MEMBERS, anonymous)

    assert profile.field_visible_to(Visibility.PUBLIC, member)
    assert profile.field_visible_to(Visibility.PUBLIC, anonymous)


def test_search_matches_every_word_across_name_organisation_title_and_bio():
    match = ProfileFactory(
        full_name="Ngozi Adeyemi", organisation="Lagos Council", job_title="Analyst", bio="x"
    )
    ProfileFactory(full_name="Ngozi Other", organisation="Accra Council", job_title="", bio="")

    assert list(Profile.objects.search("ngozi lagos")) == [match]
    assert list(Profile.objects.search("ANALYST adeyemi")) == [match]


def test_region_totals_count_per_region_and_list_every_region():
    ProfileFactory(country="KE", full_name="A")
    ProfileFactory(country="NG", full_name="B")
    ProfileFactory(country="FR", full_name="C")
    ProfileFactory(country="AQ", full_name="D")

    counts = {row["value"]: row["count"] for row in Profile.objects.region_totals()["regions"]}

    assert counts == {
        "africa": 2,
        "mena": 0,
        "asia-pacific": 0,
        "europe-central-asia": 1,
        "latin-america": 0,
        "north-america": 0,
    }


# --- ContactMessage --------------------------------------------------------------------------


def test_a_contact_message_cannot_be_sent_to_oneself(member):
    with pytest.raises(IntegrityError):
        ContactMessage.objects.create(sender=member, recipient=member, subject="Hi", body="x" * 20)


def test_contact_message_str_names_both_ends(member, other_member):
    message = ContactMessage.objects.create(
        sender=member, recipient=other_member, subject="Hello", body="x" * 20
    )
    assert str(message) == f"{member.email} → {other_member.email}: Hello"
