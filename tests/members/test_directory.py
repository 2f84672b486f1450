"""The member directory: who sees it, filters, search, sorting, paging, weight."""

import gzip
import re
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Profile
from taxonomy.models import Topic
from tests.members.conftest import bulk_create_members
from tests.members.factories import (
    ProfileFactory,
    confirm_address,
    language,
    topic,
    unconfirmed_profile,
)

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")
EXPORT = reverse("members:directory_export")
LOGIN = reverse("account_login")


def names(response) -> list[str]:
    return [profile.full_name for profile in response.context["profiles"]]


def found(response) -> int:
    return response.context["paginator"].count


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# === Directory: who may see it ==============================================================


def test_directory_redirects_visitors_to_login(client):
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={DIRECTORY}"


def test_members_see_the_directory_with_listed_members(member_client, member):
    colleague = ProfileFactory(full_name="Aisha Bello")
    response = member_client.get(DIRECTORY)
    assert response.status_code == 200
    assert set(names(response)) == {member.profile.full_name, colleague.full_name}
    assert b"Aisha Bello" in response.content


def test_members_who_never_confirmed_their_address_are_not_listed(member_client, member):
    unconfirmed = unconfirmed_profile(full_name="Never Confirmed")
    unconfirmed_profile(full_name="Confirmed Another Address", confirmed_other_address=True)

    assert set(names(member_client.get(DIRECTORY))) == {member.profile.full_name}

    confirm_address(unconfirmed)
    # Another query: the total of the first is cached for a minute (lpsa.pagination).
    assert set(names(member_client.get(DIRECTORY, {"sort": "-newest"}))) == {
        member.profile.full_name,
        "Never Confirmed",
    }


def test_staff_see_the_directory_with_an_export_link_members_do_not(client, staff, member):
    client.force_login(staff)
    staff_page = client.get(DIRECTORY, {"country": "KE"})
    assert staff_page.status_code == 200
    assert f"{EXPORT}?country=KE".encode() in staff_page.content

    client.force_login(member)
    assert EXPORT.encode() not in client.get(DIRECTORY).content


# === Directory: filters, search, sorting, paging =========================================


@pytest.fixture
def directory_people(member):
    # The logged-in member stays out of the list so each test sees only these profiles.
    member.profile.listed_in_directory = False
    member.profile.save()
    return {
        "amara": ProfileFactory(
            full_name="Amara Okonkwo",
            country="NG",
            organisation="Lagos State Council",
            organisation_type="local-government",
            job_title="Budget officer",
            bio="Property tax reform in West Africa.",
            expertise=[topic("local-revenue-and-property-tax"), topic("health")],
            languages=[language("en"), language("ha")],
        ),
        "claire": ProfileFactory(
            full_name="Claire Dubois",
            country="FR",
            organisation="Université de Lyon",
            organisation_type="academia",
            job_title="Professor",
            bio="Multilevel governance and fiscal federalism.",
            expertise=[topic("multilevel-governance"), topic("health")],
            languages=[language("fr"), language("en")],
        ),
        "diego": ProfileFactory(
            full_name="Diego Ramírez",
            country="PE",
            organisation="Red de Municipalidades",
            organisation_type="civil-society",
            job_title="Policy advisor",
            bio="Citizen participation in municipal budgets.",
            expertise=[topic("citizen-participation")],
            languages=[language("es")],
        ),
        "hana": ProfileFactory(
            full_name="Hana Suzuki",
            country="JP",
            organisation="Ministry of Internal Affairs",
            organisation_type="central-government",
            job_title="Fiscal analyst",
            bio="Intergovernmental transfers and property tax.",
            expertise=[topic("intergovernmental-fiscal-transfers")],
            languages=[language("ja"), language("en")],
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=NG", {"Amara Okonkwo"}),
        ("country=FR", {"Claire Dubois"}),
        ("region=latin-america", {"Diego Ramírez"}),
        ("region=africa", {"Amara Okonkwo"}),
        ("region=north-america", set()),
        ("organisation_type=academia", {"Claire Dubois"}),
        ("organisation_type=central-government", {"Hana Suzuki"}),
        ("expertise=health", {"Amara Okonkwo", "Claire Dubois"}),
        ("expertise=citizen-participation", {"Diego Ramírez"}),
        ("language=en", {"Amara Okonkwo", "Claire Dubois", "Hana Suzuki"}),
        ("language=es", {"Diego Ramírez"}),
        ("language=de", set()),
    ],
)
def test_each_directory_filter_narrows_the_list(member_client, directory_people, query, expected):
    response = member_client.get(f"{DIRECTORY}?{query}")
    assert response.status_code == 200
    assert set(names(response)) == expected
    assert found(response) == len(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("okonkwo", {"Amara Okonkwo"}),  # name
        ("université", {"Claire Dubois"}),  # organisation
        ("PROFESSOR", {"Claire Dubois"}),  # job title, any case
        ("property tax", {"Amara Okonkwo", "Hana Suzuki"}),  # bio, both words
        ("property japan", set()),  # every word must match
        ("fiscal analyst", {"Hana Suzuki"}),  # job title across words
        ("fiscal", {"Claire Dubois", "Hana Suzuki"}),  # bio or title
        ("municipal diego", {"Diego Ramírez"}),  # bio and name together
    ],
)
def test_search_matches_all_words_in_name_organisation_title_or_bio(
    member_client, directory_people, text, expected
):
    response = member_client.get(DIRECTORY, {"q": text})
    assert set(names(response)) == expected


def test_filters_and_search_combine(member_client, directory_people):
    response = member_client.get(
        DIRECTORY, {"expertise": "health", "language": "en", "country": "FR", "q": "lyon"}
    )
    assert names(response) == ["Claire Dubois"]

    response = member_client.get(
        DIRECTORY, {"expertise": "health", "organisation_type": "civil-society"}
    )
    assert names(response) == []
    assert b"No member matches these filters" in response.content


def test_directory_sorts_by_name_by_default_and_on_request(member_client, directory_people):
    alphabetical = ["Amara Okonkwo", "Claire Dubois", "Diego Ramírez", "Hana Suzuki"]
    assert names(member_client.get(DIRECTORY)) == alphabetical
    assert names(member_client.get(DIRECTORY, {"sort": "name"})) == alphabetical


def test_directory_sorts_newest_first(member_client, directory_people):
    now = timezone.now()
    for days_ago, key in enumerate(["diego", "amara", "hana", "claire"]):
        Profile.objects.filter(pk=directory_people[key].pk).update(
            created_at=now - timedelta(days=days_ago)
        )
    response = member_client.get(DIRECTORY, {"sort": "-newest"})
    assert names(response) == ["Diego Ramírez", "Amara Okonkwo", "Hana Suzuki", "Claire Dubois"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("country", "ZZ"),
        ("region", "atlantis"),
        ("organisation_type", "pirates"),
        ("expertise", "no-such-topic"),
        ("expertise", "africa"),  # a world region, not a topic
        ("language", "xx"),
        ("sort", "password"),
    ],
)
def test_an_invalid_filter_value_shows_an_error_beside_the_full_list(
    member_client, directory_people, field, value
):
    response = member_client.get(DIRECTORY, {field: value})
    assert response.status_code == 200
    assert field in response.context["filter"].errors
    assert b"Select a valid choice" in response.content
    assert found(response) == len(directory_people)


def test_directory_shows_24_per_page_and_the_total_found(member_client, member):
    bulk_create_members(29)  # with the logged-in member: 30 listed
    first = member_client.get(DIRECTORY)
    assert len(first.context["profiles"]) == 24
    assert b"30 members found" in first.content
    assert b"Page 1 of 2" in first.content

    second = member_client.get(DIRECTORY, {"page": 2})
    assert len(second.context["profiles"]) == 6
    assert not set(names(first)) & set(names(second))


def test_directory_count_uses_singular_for_one_member(member_client, member):
    response = member_client.get(DIRECTORY)
    assert b"1 member found" in response.content


def test_pagination_links_keep_the_filters(member_client, member):
    bulk_create_members(30, country="FR")
    ProfileFactory(country="KE")

    first = member_client.get(DIRECTORY, {"country": "FR", "q": "bulk council", "sort": "name"})
    assert found(first) == 30
    next_link = re.search(rb'href="\?([^"]*)" rel="next"', first.content).group(1)
    params = next_link.decode().replace("&amp;", "&")
    assert parse_qs(params) == {
        "country": ["FR"],
        "q": ["bulk council"],
        "sort": ["name"],
        "page": ["2"],
    }

    second = member_client.get(f"{DIRECTORY}?{params}")
    assert len(second.context["profiles"]) == 6
    assert all(p.country.code == "FR" for p in second.context["profiles"])
    prev_link = re.search(rb'href="\?([^"]*)" rel="prev"', second.content).group(1).decode()
    assert "country=FR" in prev_link
    assert prev_link.count("page=") == 1


def test_a_page_past_the_end_is_not_found(member_client, member):
    assert member_client.get(DIRECTORY, {"page": 9}).status_code == 404


def test_directory_query_count_does_not_grow_with_the_number_of_members(
    member_client, member, some_expertise, some_languages
):
    def cold_query_count(url):
        cache.clear()  # the paginator caches totals; compare requests that both count
        return query_count(member_client, url)

    bulk_create_members(10, expertise=some_expertise, languages=some_languages)
    urls = [DIRECTORY, f"{DIRECTORY}?expertise={some_expertise[0].slug}&language=en&q=bulk&page=1"]
    small = [cold_query_count(url) for url in urls]

    bulk_create_members(990, expertise=some_expertise, languages=some_languages)
    assert Profile.objects.listed().count() == 1001
    large = [cold_query_count(url) for url in urls]

    assert small == large
    # Session, user, count, rows, expertise prefetch, and the form's choices (regions, topics,
    # languages, working groups) while its cached fragment is cold, as here.
    assert small[0] <= 9


def test_directory_shows_at_most_three_expertise_tags_per_member(member_client, member):
    ProfileFactory(
        full_name="Many Topics",
        expertise=list(Topic.objects.order_by("name")[:5]),
    )
    response = member_client.get(DIRECTORY, {"q": "many topics"})
    card = response.content.decode().split("Many Topics", 1)[1].split("</li>\n", 1)[0]
    assert card.count('class="badge"') == 3


def test_a_full_directory_page_stays_under_100_kb_for_slow_connections(
    member_client, some_expertise, some_languages
):
    bulk_create_members(30, expertise=some_expertise, languages=some_languages)
    response = member_client.get(DIRECTORY, HTTP_ACCEPT_ENCODING="gzip")

    assert len(response.context["profiles"]) == 24
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 100_000 // 4  # compressed, as sent
    assert len(gzip.decompress(response.content)) < 100_000  # even uncompressed


def _filters_form(response) -> str:
    return re.search(rb'<form method="get" class="filters".*?</form>', response.content, re.S)[0]


def test_the_filter_form_is_rendered_once_per_query_and_never_shows_another_query(member_client):
    first = member_client.get(DIRECTORY, {"country": "KE", "page": 1})
    with CaptureQueriesContext(connection) as queries:
        again = member_client.get(DIRECTORY, {"country": "KE"})
    other = member_client.get(DIRECTORY, {"country": "FR"})

    assert _filters_form(again) == _filters_form(first)
    # The cached form skips the queries for the expertise and language choices.
    assert not any('"taxonomy_language"' in q["sql"] for q in queries.captured_queries)
    assert b'<option value="FR" selected>' in _filters_form(other)
    assert b'<option value="KE" selected>' not in _filters_form(other)
