"""The members' panels on the landing page and the member home."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def members_queries(captured) -> list[str]:
    """The queries that read members' rows or figures: what the front page's members panel
    costs (the rest is Wagtail serving the page, bounded in tests/blog/test_queries.py)."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if '"members_' in query["sql"] or '"account_' in query["sql"]
    ]


def test_landing_page_query_count_is_bounded_and_cached(client):
    ProfileFactory.create_batch(3)
    # The very first request, before the task has ever counted: it counts and stores.
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    assert 1 <= len(members_queries(captured)) <= 6
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    assert members_queries(captured) == []
    # Kept whole, the front page costs Wagtail's routing alone.
    assert len(captured) <= 5
    cache.delete(REGION_COUNTS_CACHE_KEY)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    (stored_figures,) = members_queries(captured)
    assert '"members_regionfigures"' in stored_figures


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
