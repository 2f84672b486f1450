"""The members' panels on the landing page and the member home."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from members.templatetags.members_tags import REGION_COUNTS_CACHE_KEY
from tests.members.factories import ProfileFactory, unconfirmed_profile

pytestmark = pytest.mark.django_db


def test_portal_home_costs_four_queries_with_the_completeness_panel_shown(
    member_client, member, django_assert_max_num_queries
):
    member.profile.bio = ""
    member.profile.save()
    # The account and the profile, its lists' completeness annotated on it; the working groups
    # suggested from the member's interests (one query); the member's next events (one query,
    # then kept); the session comes from the cache.
    with django_assert_max_num_queries(4):
        response = member_client.get(reverse("home"))
    assert b"Complete your profile" in response.content
    assert b"a short bio" in response.content


def test_landing_page_query_count_is_bounded_and_cached(client, django_assert_max_num_queries):
    ProfileFactory.create_batch(3)
    # The very first request, before the task has ever counted: it counts and stores.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(reverse("home")).status_code == 200
    cache.delete(REGION_COUNTS_CACHE_KEY)
    with django_assert_max_num_queries(1):  # the stored figures
        assert client.get(reverse("home")).status_code == 200


def test_the_completeness_panel_is_kept_until_the_profile_changes(
    member_client, member, django_assert_max_num_queries
):
    member.profile.bio = ""
    member.profile.save()
    assert b"a short bio" in member_client.get(reverse("home")).content
    with django_assert_max_num_queries(1):  # the account; the panel comes from the cache
        assert b"a short bio" in member_client.get(reverse("home")).content
    member.profile.bio = "Works on local revenue."
    member.profile.save()
    assert b"a short bio" not in member_client.get(reverse("home")).content


def test_landing_page_counts_only_members_who_confirmed_their_address(client):
    ProfileFactory(country="KE")
    unconfirmed_profile(country="KE")
    unconfirmed_profile(country="FR", confirmed_other_address=True)

    counts = client.get(reverse("home")).context
    assert counts["total"] == 1
    by_region = {row["value"]: row["count"] for row in counts["regions"]}
    assert by_region["africa"] == 1
    assert by_region["europe-central-asia"] == 0
