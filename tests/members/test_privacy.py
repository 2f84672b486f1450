import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import tasks
from members.models import Profile, RegionFigures, Visibility
from members.permissions import can_open_profile
from members.services import count_listed_members_by_region
from members.templatetags.members_tags import REGION_COUNTS_CACHE_KEY
from tests.members.factories import MemberFactory, ProfileFactory, unconfirmed_profile

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")
EXPORT = reverse("members:directory_export")

PHONE = "+254 700 123 456"
WEBSITE = "https://amara.example.net/work"
LINKEDIN = "https://www.linkedin.com/in/amara-example"
ORCID = "https://orcid.org/0000-0002-1825-0097"


def public_profile(**fields):
    """A listed profile anyone may open, with every contact detail filled in."""
    return ProfileFactory(
        profile_visibility=Visibility.PUBLIC,
        phone=PHONE,
        website=WEBSITE,
        linkedin=LINKEDIN,
        orcid=ORCID,
        **fields,
    )


def page(client, profile) -> str:
    response = client.get(profile.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# --- Email --------------------------------------------------------------------------------


def test_hidden_email_is_never_shown_to_members_or_visitors(client, member):
    profile = public_profile(email_visibility=Visibility.HIDDEN)
    address = profile.user.email
    assert address not in page(client, profile)
    client.force_login(member)
    assert address not in page(client, profile)


def test_members_only_email_is_shown_to_members_but_not_to_visitors(client, member):
    profile = public_profile(email_visibility=Visibility.MEMBERS)
    address = profile.user.email
    assert address not in page(client, profile)
    client.force_login(member)
    assert f'href="mailto:{address}"' in page(client, profile)


def test_public_email_is_shown_to_visitors(client):
    profile = public_profile(email_visibility=Visibility.PUBLIC)
    assert f'href="mailto:{profile.user.email}"' in page(client, profile)


def test_owners_always_see_their_own_hidden_details(client):
    owner = MemberFactory(
        profile__email_visibility=Visibility.HIDDEN,
        profile__phone=PHONE,
        profile__phone_visibility=Visibility.HIDDEN,
        profile__website=WEBSITE,
        profile__links_visibility=Visibility.HIDDEN,
    )
    client.force_login(owner)
    content = page(client, owner.profile)
    assert owner.email in content
    assert PHONE in content
    assert WEBSITE in content


def test_staff_see_hidden_details_no_more_than_members_do(client, staff):
    profile = public_profile(
        email_visibility=Visibility.HIDDEN,
        phone_visibility=Visibility.HIDDEN,
        links_visibility=Visibility.HIDDEN,
    )
    client.force_login(staff)
    content = page(client, profile)
    assert profile.user.email not in content
    assert PHONE not in content
    assert WEBSITE not in content


# --- Phone --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "visitor_sees", "member_sees"),
    [
        (Visibility.HIDDEN, False, False),
        (Visibility.MEMBERS, False, True),
        (Visibility.PUBLIC, True, True),
    ],
)
def test_phone_is_shown_only_as_its_visibility_allows(
    client, member, visibility, visitor_sees, member_sees
):
    profile = public_profile(phone_visibility=visibility)
    assert (PHONE in page(client, profile)) is visitor_sees
    client.force_login(member)
    assert (PHONE in page(client, profile)) is member_sees


# --- Links --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "visitor_sees", "member_sees"),
    [
        (Visibility.HIDDEN, False, False),
        (Visibility.MEMBERS, False, True),
        (Visibility.PUBLIC, True, True),
    ],
)
def test_links_are_shown_only_as_their_visibility_allows(
    client, member, visibility, visitor_sees, member_sees
):
    profile = public_profile(links_visibility=visibility)
    for link in (WEBSITE, LINKEDIN, ORCID):
        assert (link in page(client, profile)) is visitor_sees
    client.force_login(member)
    for link in (WEBSITE, LINKEDIN, ORCID):
        assert (link in page(client, profile)) is member_sees


def test_members_only_profile_details_do_not_reach_visitors_at_all(client):
    profile = ProfileFactory(
        profile_visibility=Visibility.MEMBERS,
        full_name="Private Person",
        bio="Secret bio text",
        email_visibility=Visibility.PUBLIC,
    )
    response = client.get(profile.get_absolute_url())
    assert response.status_code == 302
    assert b"Private Person" not in response.content
    assert b"Secret bio text" not in response.content


# --- Directory ----------------------------------------------------------------------------


def test_the_directory_never_shows_email_addresses(member_client, member):
    profiles = [
        ProfileFactory(email_visibility=visibility, phone=PHONE, phone_visibility=visibility)
        for visibility in Visibility.values
    ]
    content = member_client.get(DIRECTORY).content.decode()
    for profile in profiles:
        assert profile.full_name in content
        assert profile.user.email not in content
    assert "@example.org" not in content.replace(member.email, "")
    assert PHONE not in content


def test_searching_for_an_email_address_finds_nobody(member_client):
    target = ProfileFactory(email_visibility=Visibility.PUBLIC)
    response = member_client.get(DIRECTORY, {"q": target.user.email})
    assert response.context["paginator"].count == 0


@pytest.fixture
def unlisted_and_listed(member):
    member.profile.listed_in_directory = False
    member.profile.save()
    listed = ProfileFactory(full_name="Listed Lucy", country="KE")
    unlisted = ProfileFactory(
        full_name="Unlisted Uma",
        country="KE",
        listed_in_directory=False,
        profile_visibility=Visibility.PUBLIC,
    )
    inactive = ProfileFactory(full_name="Inactive Ivan", country="KE", user__is_active=False)
    return listed, unlisted, inactive


@pytest.mark.parametrize(
    "query", [{}, {"q": "Uma"}, {"q": "Ivan"}, {"country": "KE"}, {"region": "africa"}]
)
def test_unlisted_and_inactive_profiles_never_appear_in_the_directory_or_its_count(
    member_client, unlisted_and_listed, query
):
    listed, unlisted, inactive = unlisted_and_listed
    response = member_client.get(DIRECTORY, query)
    shown = {profile.pk for profile in response.context["profiles"]}
    assert unlisted.pk not in shown
    assert inactive.pk not in shown
    assert b"Unlisted Uma" not in response.content
    assert b"Inactive Ivan" not in response.content
    expected = 0 if query.get("q") else 1
    assert (listed.pk in shown) is (expected == 1)
    assert response.context["paginator"].count == expected
    assert f"{expected} member".encode() in response.content


def test_unlisted_and_inactive_profiles_never_appear_in_the_csv_export(
    client, staff, unlisted_and_listed
):
    listed, unlisted, inactive = unlisted_and_listed
    client.force_login(staff)
    response = client.get(EXPORT)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    names = {row[0] for row in rows[1:]}
    emails = {row[1] for row in rows[1:]}
    assert names == {"Listed Lucy", staff.profile.full_name}
    assert listed.user.email in emails
    assert unlisted.user.email not in emails
    assert inactive.user.email not in emails


# --- Aggregate counts for visitors -------------------------------------------------------


@pytest.fixture
def people_around_the_world(db):
    ProfileFactory(country="KE")
    ProfileFactory(country="NG")
    ProfileFactory(country="FR")
    ProfileFactory(country="KE", listed_in_directory=False)
    ProfileFactory(country="KE", listed_in_directory=False)
    ProfileFactory(country="US", listed_in_directory=False)
    ProfileFactory(country="US", user__is_active=False)
    ProfileFactory(country="AQ")
    ProfileFactory(country="")
    cache.delete(REGION_COUNTS_CACHE_KEY)


@pytest.mark.parametrize("url_name", ["account_login", "home"])
def test_region_counts_for_visitors_include_only_listed_active_members(
    client, people_around_the_world, url_name
):
    content = client.get(reverse(url_name)).content.decode()
    # Listed members with no region (no country, or Antarctica) count in the total only.
    assert "<strong>5</strong> listed members" in content
    assert "<strong>2</strong> Sub-Saharan Africa" in content
    assert "<strong>1</strong> Europe and Central Asia" in content
    assert "<strong>0</strong> North America" in content
    assert "<strong>0</strong> Middle East and North Africa" in content


def test_region_counts_are_served_from_the_cache(
    client, people_around_the_world, django_assert_num_queries
):
    client.get(reverse("account_login"))
    ProfileFactory(country="KE")  # counts may lag by up to ten minutes
    with django_assert_num_queries(0):
        content = client.get(reverse("account_login")).content.decode()
    assert "<strong>5</strong> listed members" in content
    cached = cache.get(REGION_COUNTS_CACHE_KEY)
    assert cached["total"] == 5
    assert sum(region["count"] for region in cached["regions"]) == 3
    assert {region["value"] for region in cached["regions"]} == {
        "africa",
        "mena",
        "asia-pacific",
        "europe-central-asia",
        "latin-america",
        "north-america",
    }


def test_the_landing_page_shows_the_latest_count_without_counting(client, people_around_the_world):
    count_listed_members_by_region()
    ProfileFactory(country="KE")  # counted at the next run of the task
    cache.delete(REGION_COUNTS_CACHE_KEY)
    with CaptureQueriesContext(connection) as captured:
        content = client.get(reverse("home")).content.decode()
    # The stored figures, not a count over the members.
    members_tables = [q["sql"] for q in captured.captured_queries if '"members_' in q["sql"]]
    assert len(members_tables) == 1 and '"members_regionfigures"' in members_tables[0]
    assert "<strong>5</strong> listed members" in content
    tasks.count_listed_members_by_region.delay()  # eager in tests, as the beat runs it
    cache.delete(REGION_COUNTS_CACHE_KEY)
    assert "<strong>6</strong> listed members" in client.get(reverse("home")).content.decode()


def test_figures_older_than_an_hour_are_counted_afresh(client, people_around_the_world):
    count_listed_members_by_region()
    RegionFigures.objects.update(counted_at=timezone.now() - timedelta(hours=2))
    ProfileFactory(country="KE")
    cache.delete(REGION_COUNTS_CACHE_KEY)
    assert "<strong>6</strong> listed members" in client.get(reverse("home")).content.decode()


def test_the_beat_counts_the_landing_figures_every_ten_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["count-listed-members-by-region"]
    assert entry == {"task": "members.tasks.count_listed_members_by_region", "schedule": 600}


def test_the_profile_pages_rule_is_the_directory_scope_for_every_kind_of_profile():
    """`permissions.can_open_profile` decides the profile page from cached facts; it must say
    what `Profile.objects.visible_to` says, for every viewer and every kind of profile."""
    profiles = []
    for visibility in (Visibility.MEMBERS, Visibility.PUBLIC):
        profiles += [
            ProfileFactory(profile_visibility=visibility),
            ProfileFactory(profile_visibility=visibility, listed_in_directory=False),
            unconfirmed_profile(profile_visibility=visibility),
        ]
        inactive = ProfileFactory(profile_visibility=visibility)
        inactive.user.is_active = False
        inactive.user.save()
        profiles.append(inactive)
    viewers = [AnonymousUser(), MemberFactory(), *(p.user for p in profiles)]
    facts = {p.pk: p for p in Profile.objects.with_access().filter(pk__in=[p.pk for p in profiles])}

    for viewer in viewers:
        scope = set(Profile.objects.visible_to(viewer).values_list("pk", flat=True))
        for pk, profile in facts.items():
            rule = can_open_profile(
                viewer,
                owner_id=profile.user_id,
                open_to_members=profile.open_to_members,
                visibility=profile.profile_visibility,
            )
            assert rule == (pk in scope), (viewer, profile)
