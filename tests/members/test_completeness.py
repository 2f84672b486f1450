"""Profile completeness on the edit page and the member home."""

import pytest
from django.urls import reverse

from members.models import Profile
from tests.members.factories import ProfileFactory, language, topic
from tests.members.test_forms import profile_data

pytestmark = pytest.mark.django_db

EDIT = reverse("members:edit_profile")


def test_completeness_rises_as_fields_are_filled():
    profile = ProfileFactory(
        full_name="",
        job_title="",
        organisation="",
        organisation_type="",
        country="",
        bio="",
    )
    empty = Profile.objects.get(pk=profile.pk).completeness
    assert empty.percent == 0
    assert "your name" in empty.missing and "a photo" in empty.missing
    assert len(empty.missing) == 10

    profile.full_name = "Named"
    profile.country = "KE"
    profile.save()
    partial = Profile.objects.get(pk=profile.pk).completeness
    assert partial.percent == round(100 * 4 / 13)
    assert "your name" not in partial.missing
    assert "your country" not in partial.missing
    assert not partial.is_complete


def test_a_fully_filled_profile_is_complete(member_with_photo):
    profile = member_with_photo.profile
    profile.time_zone = "Africa/Nairobi"
    profile.save()
    profile.expertise.set([topic("health")])
    profile.languages.set([language("sw")])
    completeness = Profile.objects.get(pk=profile.pk).completeness
    assert completeness.percent == 100
    assert completeness.missing == ()
    assert completeness.is_complete


def test_edit_page_and_home_page_show_completeness_and_what_is_missing(member_client, member):
    # The factory fills name, title, organisation, type, country and bio: 8 of 13.
    edit = member_client.get(EDIT).content.decode()
    assert "Your profile is 62% complete" in edit
    assert "a photo, your areas of expertise, the languages you speak, your time zone" in edit
    home = member_client.get(reverse("home")).content.decode()
    assert "Your profile is 62% complete" in home
    assert "Still missing: a photo, your areas of expertise" in home

    member_client.post(
        EDIT,
        profile_data(
            time_zone="Africa/Nairobi",
            expertise=[topic("health").pk],
            languages=[language("sw").pk],
        ),
    )
    edit = member_client.get(EDIT).content.decode()
    assert "Your profile is 92% complete" in edit
    assert "To complete it, add a photo." in edit
    assert "Your profile is 92% complete" in member_client.get(reverse("home")).content.decode()


def test_home_page_hides_the_completeness_card_once_complete(member_client, member_with_photo):
    profile = member_with_photo.profile
    profile.time_zone = "Africa/Nairobi"
    profile.save()
    profile.expertise.set([topic("health")])
    profile.languages.set([language("sw")])
    home = member_client.get(reverse("home")).content.decode()
    assert "% complete" not in home
    assert "Everything is filled in" in member_client.get(EDIT).content.decode()
