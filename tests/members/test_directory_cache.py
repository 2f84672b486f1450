"""The directory's results are cached under a version that every change to what they show moves
on: cached pages are served without touching the profiles, and never stale."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.directory_cache import bump_directory_version, directory_version
from members.models import Visibility
from taxonomy.models import Topic
from tests.members.factories import ProfileFactory, topic, unconfirmed_profile
from tests.members.test_forms import profile_data

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")


def page(client, url=DIRECTORY) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_request_is_served_from_the_cache_without_reading_profiles(member_client):
    ProfileFactory(full_name="Aisha Bello")
    first = page(member_client)
    with CaptureQueriesContext(connection) as queries:
        second = page(member_client)
    assert "Aisha Bello" in first and "Aisha Bello" in second
    assert not [q for q in queries if "members_profile" in q["sql"]], queries.captured_queries


def test_each_page_and_filter_is_cached_on_its_own(member_client):
    ProfileFactory(full_name="Aisha Bello", country="KE")
    ProfileFactory(full_name="Tomas Rivera", country="PE")
    assert "Tomas Rivera" in page(member_client)
    kenya = page(member_client, f"{DIRECTORY}?country=KE")
    assert "Aisha Bello" in kenya and "Tomas Rivera" not in kenya


def test_an_edited_profile_shows_at_once(member_client):
    profile = ProfileFactory(full_name="Aisha Bello")
    assert "Aisha Bello" in page(member_client)
    profile.full_name = "Aisha Bello-Okafor"
    profile.save()
    assert "Aisha Bello-Okafor" in page(member_client)


def test_an_edit_through_the_profile_form_shows_at_once(member_client, member):
    page(member_client)
    response = member_client.post(
        reverse("members:edit_profile"), profile_data(full_name="Renamed Member")
    )
    assert response.status_code == 302
    assert "Renamed Member" in page(member_client)


def test_a_newly_confirmed_member_is_listed_at_once(member_client):
    newcomer = unconfirmed_profile(full_name="Nadia Haddad")
    assert "Nadia Haddad" not in page(member_client)
    EmailAddress.objects.get(user=newcomer.user, email=newcomer.user.email).set_verified()
    assert "Nadia Haddad" in page(member_client)


def test_a_deactivated_or_deleted_account_leaves_at_once(member_client):
    leaving = ProfileFactory(full_name="Aisha Bello")
    deleted = ProfileFactory(full_name="Tomas Rivera")
    assert "Aisha Bello" in page(member_client)
    leaving.user.is_active = False
    leaving.user.save()
    deleted.user.delete()
    content = page(member_client)
    assert "Aisha Bello" not in content and "Tomas Rivera" not in content


def test_changed_expertise_and_renamed_topics_show_at_once(member_client):
    profile = ProfileFactory(full_name="Aisha Bello", expertise=[topic("fiscal-decentralization")])
    fiscal = Topic.objects.get(slug="fiscal-decentralization")
    assert fiscal.name in page(member_client)
    fiscal.name = "Fiscal decentralisation (renamed)"
    fiscal.save()
    assert "Fiscal decentralisation (renamed)" in page(member_client)
    profile.expertise.set([topic("political-decentralization")])
    # The cards, not the filter form (which lists every topic).
    cards = page(member_client).split('class="member-list"')[1]
    assert Topic.objects.get(slug="political-decentralization").name in cards
    assert "Fiscal decentralisation (renamed)" not in cards


def test_logging_in_does_not_move_the_version(client, member):
    version = directory_version()
    client.force_login(member)  # saves last_login
    assert directory_version() == version


def test_the_version_moves_again_once_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ProfileFactory.create_batch(3)
    assert callbacks.count(bump_directory_version) == 1
    before = directory_version()
    callbacks[callbacks.index(bump_directory_version)]()
    assert directory_version() != before


# === Profile pages: the same version keeps them ==============================================


def profile_url(profile) -> str:
    return reverse("members:profile", kwargs={"pk": profile.pk})


def test_a_profile_page_seen_again_reads_no_profile(member_client):
    profile = ProfileFactory(full_name="Aisha Bello", expertise=[topic("health")])
    assert "Aisha Bello" in page(member_client, profile_url(profile))
    with CaptureQueriesContext(connection) as queries:
        assert "Aisha Bello" in page(member_client, profile_url(profile))
    assert not [q for q in queries if "members_profile" in q["sql"]], queries.captured_queries


def test_an_edited_profile_page_shows_the_edit_at_once(member_client):
    profile = ProfileFactory(full_name="Aisha Bello")
    page(member_client, profile_url(profile))
    profile.full_name = "Aisha Bello-Okafor"
    profile.save()
    assert "Aisha Bello-Okafor" in page(member_client, profile_url(profile))


def test_owners_members_and_visitors_each_get_their_own_page(client, member, other_member):
    profile = other_member.profile
    profile.profile_visibility = Visibility.PUBLIC
    profile.email_visibility = Visibility.MEMBERS
    profile.save()
    client.force_login(other_member)
    assert "Edit my profile" in page(client, profile_url(profile))
    client.force_login(member)
    as_member = page(client, profile_url(profile))
    assert "Edit my profile" not in as_member and other_member.email in as_member
    client.logout()
    as_visitor = page(client, profile_url(profile))
    assert other_member.email not in as_visitor and "Contact" not in as_visitor


def test_a_profile_that_stops_being_listed_closes_at_once(member_client):
    profile = ProfileFactory(full_name="Aisha Bello")
    page(member_client, profile_url(profile))
    profile.listed_in_directory = False
    profile.save()
    assert member_client.get(profile_url(profile)).status_code == 404
