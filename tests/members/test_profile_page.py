"""A member's profile page, and /me/."""

import pytest
from django.urls import reverse

from members.models import Profile, Visibility
from tests.members.factories import (
    MemberFactory,
    ProfileFactory,
    UserFactory,
    confirm_address,
    language,
    topic,
    unconfirmed_profile,
)

pytestmark = pytest.mark.django_db

EDIT = reverse("members:edit_profile")
LOGIN = reverse("account_login")


def contact_url(profile) -> str:
    return reverse("members:contact", kwargs={"pk": profile.pk})


def profile_url(profile) -> str:
    return reverse("members:profile", kwargs={"pk": profile.pk})


def test_visitors_see_a_public_listed_profile(client):
    profile = ProfileFactory(full_name="Public Person", profile_visibility=Visibility.PUBLIC)
    response = client.get(profile_url(profile))
    assert response.status_code == 200
    assert b"Public Person" in response.content
    # No contact button for visitors: the relay is for members.
    assert contact_url(profile).encode() not in response.content


def test_visitors_are_sent_to_login_for_members_only_and_missing_profiles_alike(client):
    members_only = ProfileFactory(profile_visibility=Visibility.MEMBERS)
    missing_pk = members_only.pk + 1000

    hidden = client.get(profile_url(members_only))
    missing = client.get(reverse("members:profile", kwargs={"pk": missing_pk}))

    assert hidden.status_code == missing.status_code == 302
    assert hidden["Location"] == f"{LOGIN}?next=/members/{members_only.pk}/"
    assert missing["Location"] == f"{LOGIN}?next=/members/{missing_pk}/"
    assert hidden.content == missing.content
    assert set(hidden.headers) == set(missing.headers)


def test_visitors_are_sent_to_login_for_unlisted_and_inactive_public_profiles(client):
    unlisted = ProfileFactory(profile_visibility=Visibility.PUBLIC, listed_in_directory=False)
    inactive = ProfileFactory(profile_visibility=Visibility.PUBLIC, user__is_active=False)
    for profile in (unlisted, inactive):
        response = client.get(profile_url(profile))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_a_profile_whose_owner_never_confirmed_their_address_opens_only_for_the_owner(
    client, member_client, staff
):
    unconfirmed = unconfirmed_profile(
        full_name="Never Confirmed", profile_visibility=Visibility.PUBLIC
    )
    url = profile_url(unconfirmed)

    assert member_client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith(LOGIN)
    client.force_login(staff)
    assert client.get(url).status_code == 404
    client.force_login(unconfirmed.user)
    own = client.get(url)
    assert own.status_code == 200
    assert b"Never Confirmed" in own.content

    confirm_address(unconfirmed)
    client.logout()
    assert client.get(url).status_code == 200


def test_members_see_listed_profiles_whatever_their_visibility(member_client):
    for visibility in (Visibility.MEMBERS, Visibility.PUBLIC):
        profile = ProfileFactory(profile_visibility=visibility)
        response = member_client.get(profile_url(profile))
        assert response.status_code == 200
        assert profile.full_name.encode() in response.content
        assert contact_url(profile).encode() in response.content


def test_an_unlisted_profile_is_not_found_for_other_members_and_staff(member_client, client, staff):
    unlisted = ProfileFactory(listed_in_directory=False, profile_visibility=Visibility.PUBLIC)
    assert member_client.get(profile_url(unlisted)).status_code == 404
    client.force_login(staff)
    assert client.get(profile_url(unlisted)).status_code == 404


def test_owners_see_their_own_unlisted_profile_with_a_notice(client):
    owner = MemberFactory(profile__listed_in_directory=False)
    client.force_login(owner)
    response = client.get(profile_url(owner.profile))
    assert response.status_code == 200
    assert b"only you can see this page" in response.content
    assert EDIT.encode() in response.content
    assert contact_url(owner.profile).encode() not in response.content


def test_profiles_of_inactive_users_are_not_found(member_client):
    inactive = ProfileFactory(user__is_active=False)
    assert member_client.get(profile_url(inactive)).status_code == 404


def test_a_missing_profile_is_not_found_for_members(member_client):
    assert member_client.get("/members/999999/").status_code == 404


def test_profile_page_shows_details_with_a_bounded_number_of_queries(
    member_client, django_assert_max_num_queries
):
    profile = ProfileFactory(
        full_name="Amara Okonkwo",
        country="NG",
        time_zone="Africa/Lagos",
        expertise=[topic("health"), topic("education")],
        languages=[language("en"), language("ha")],
    )
    with django_assert_max_num_queries(6):
        response = member_client.get(profile_url(profile))
    content = response.content.decode()
    assert "Health" in content and "Education" in content
    assert "English, Hausa" in content
    assert "Nigeria · Sub-Saharan Africa" in content
    assert "Africa/Lagos" in content


def test_public_profile_query_count_for_visitors_is_bounded(client, django_assert_max_num_queries):
    profile = ProfileFactory(
        profile_visibility=Visibility.PUBLIC,
        expertise=[topic("health")],
        languages=[language("en")],
    )
    # One of them: the member's publicly listed working groups.
    with django_assert_max_num_queries(4):
        assert client.get(profile_url(profile)).status_code == 200


def test_my_profile_redirects_to_the_members_own_profile(member_client, member):
    response = member_client.get(reverse("members:my_profile"))
    assert response.status_code == 302
    assert response["Location"] == profile_url(member.profile)


def test_my_profile_creates_an_unlisted_profile_for_accounts_without_one(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("members:my_profile"))
    profile = Profile.objects.get(user=user)
    assert response["Location"] == profile_url(profile)
    assert profile.listed_in_directory is False
