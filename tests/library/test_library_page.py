"""The library page: facets whose counts follow the other filters and the search, search ranked
title first, sorts, pages, bad input answered calmly, and a query count that holds as it grows."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from library.filters import ResourceFilter
from library.models import Resource, ResourceCountry
from library.search import substring_search
from taxonomy.models import Language, Region, Topic
from tests.library.factories import AuthorFactory, ResourceFactory

LIST = reverse("library:list")


def facet_counts(query: str, name: str) -> dict[str, int]:
    resource_filter = ResourceFilter(QueryDict(query), queryset=Resource.objects.current_editions())
    facet = next(f for f in resource_filter.facets() if f.name == name)
    return {option.value: option.count for option in facet.options}


def results(query: str = "") -> list[str]:
    resource_filter = ResourceFilter(
        QueryDict(query) or None, queryset=Resource.objects.current_editions()
    )
    return [r.slug for r in resource_filter.ordered()]


@pytest.fixture
def shelf():
    """Three primers (two about Africa, one Asia), two toolkits (one Africa), in English but one
    French primer; the Kenya toolkit has a country."""
    africa, asia = Region.objects.get(slug="africa"), Region.objects.get(slug="asia-pacific")
    french = Language.objects.get(code="fr")
    made = {
        "p1": ResourceFactory(slug="p1", kind="primer", year=2024),
        "p2": ResourceFactory(slug="p2", kind="primer", year=2023, language=french),
        "p3": ResourceFactory(slug="p3", kind="primer", year=2022),
        "t1": ResourceFactory(slug="t1", kind="toolkit", year=2024),
        "t2": ResourceFactory(slug="t2", kind="toolkit", year=2021),
    }
    for key in ("p1", "p2", "t1"):
        made[key].regions.add(africa)
    made["p3"].regions.add(asia)
    ResourceCountry.objects.create(resource=made["t1"], country="KE")
    fiscal = Topic.objects.get(slug="fiscal-decentralization")
    for key in ("p1", "t1", "t2"):
        made[key].topics.add(fiscal)
    return made


def test_each_facet_counts_with_the_other_facets_applied_but_not_its_own(shelf):
    assert facet_counts("kind=primer", "kind") == {"primer": 3, "toolkit": 2}
    assert facet_counts("kind=primer", "region") == {"africa": 2, "asia-pacific": 1}
    assert facet_counts("kind=primer&region=africa", "kind") == {"primer": 2, "toolkit": 1}
    assert facet_counts("kind=primer&region=africa", "region") == {"africa": 2, "asia-pacific": 1}
    assert facet_counts("kind=primer&region=africa", "language") == {"en": 1, "fr": 1}
    assert facet_counts("kind=toolkit", "country") == {"KE": 1}
    assert facet_counts("region=africa", "year") == {"2024": 2, "2023": 1}
    assert facet_counts("", "topic") == {"fiscal-decentralization": 3}


def test_values_ticked_within_a_facet_widen_and_facets_together_narrow(shelf):
    assert sorted(results("kind=primer&kind=toolkit")) == ["p1", "p2", "p3", "t1", "t2"]
    assert sorted(results("kind=primer&region=africa")) == ["p1", "p2"]
    assert sorted(results("region=africa&region=asia-pacific&kind=toolkit")) == ["t1"]
    assert results("country=ke") == ["t1"]  # a country code in any case
    assert sorted(results("year=2024&year=2021")) == ["p1", "t1", "t2"]
    assert sorted(results("topic=fiscal-decentralization&language=en")) == ["p1", "t1", "t2"]


def test_a_ticked_value_that_nothing_matches_stays_offered_with_zero(shelf):
    assert facet_counts("kind=toolkit&year=2019", "year") == {"2024": 1, "2021": 1, "2019": 0}


def test_the_search_narrows_the_facet_counts(shelf):
    Resource.objects.filter(slug="p3").update(title="Cadastre basics")
    assert facet_counts("q=cadastre", "kind") == {"primer": 1}
    assert facet_counts("q=cadastre", "region") == {"asia-pacific": 1}


def test_a_title_match_ranks_above_an_author_match_above_a_summary_match():
    in_summary = ResourceFactory(
        slug="in-summary", title="Local budgets", year=2025, summary="About the cadastre."
    )
    in_title = ResourceFactory(slug="in-title", title="Cadastre reform", year=2020)
    by_author = ResourceFactory(
        slug="by-author",
        title="Local taxes",
        year=2024,
        authors=[AuthorFactory(family_name="Cadastre")],
    )
    ResourceFactory(slug="elsewhere", title="Transfers", summary="Nothing about it.")

    assert results("q=cadastre") == [in_title.slug, by_author.slug, in_summary.slug]
    # Relevance is only the default: any other sort is kept.
    assert results("q=cadastre&sort=newest") == [in_summary.slug, by_author.slug, in_title.slug]


def test_search_folds_accents_matches_a_prefix_and_ignores_syntax():
    ResourceFactory(slug="fr", title="Décentralisation budgétaire", summary="Un guide.")
    assert results("q=decentralisation") == ["fr"]
    assert results("q=budg") == ["fr"]
    assert results("q=%27%26%7C%21%3A%28") == ["fr"]  # nothing searchable: everything


def test_the_fallback_search_ranks_title_then_authors_then_summary():
    """The SQLite fallback is plain ORM, so it runs here on PostgreSQL too."""
    ResourceFactory(slug="s", title="Budgets", summary="The cadastre.", year=2025)
    ResourceFactory(slug="t", title="Cadastre reform", year=2020)
    ResourceFactory(slug="a", title="Taxes", authors=[AuthorFactory(family_name="Cadastre")])
    ResourceFactory(slug="none", title="Transfers")
    ranked = substring_search(Resource.objects.all(), ["cadastre"]).order_by("-search_rank")
    assert [(r.slug, r.search_rank) for r in ranked] == [("t", 2), ("a", 1), ("s", 0)]


def test_sorts_by_title_newest_and_downloads():
    ResourceFactory(slug="b", title="Beta", year=2020, download_count=5)
    ResourceFactory(slug="a", title="Alpha", year=2022, download_count=1)
    ResourceFactory(slug="c", title="Gamma", year=2024, download_count=9)
    assert results("sort=title") == ["a", "b", "c"]
    assert results("") == ["c", "a", "b"]
    assert results("sort=downloads") == ["c", "b", "a"]


def test_only_the_current_edition_of_a_work_is_listed():
    first = ResourceFactory(slug="databook-1", title="Databook", year=2021)
    ResourceFactory(
        slug="databook-2", title="Databook", year=2025, edition_number=2, first_edition=first
    )
    assert results("") == ["databook-2"]


def test_the_page_shows_facets_as_a_get_form_with_counts_and_checked_boxes(client, shelf):
    html = client.get(LIST, {"kind": "primer"}).content.decode()
    assert '<form method="get"' in html
    assert 'name="kind" value="primer" checked' in html
    assert 'name="kind" value="toolkit">' in html
    assert "3 resources" in html


def test_the_page_pages_through_results_and_keeps_the_filters(client):
    for n in range(25):
        ResourceFactory(slug=f"r{n}", kind="toolkit")
    html = client.get(LIST, {"kind": "toolkit"}).content.decode()
    assert html.count('class="card resource-card"') == 20
    assert "?kind=toolkit&amp;page=2" in html
    second = client.get(LIST, {"kind": "toolkit", "page": 2}).content.decode()
    assert second.count('class="card resource-card"') == 5


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "99999"},
        {"sort": "drop table"},
        {"kind": "<script>"},
        {"country": "ZZZZ"},
        {"q": "\x00&|!"},
        {"topic": ["a"] * 200},
        {"language": "x" * 500},
    ],
)
def test_bad_input_is_ignored_not_an_error(client, shelf, query):
    assert client.get(LIST, query).status_code == 200


def test_a_page_past_the_end_or_not_a_number_is_a_404(client, shelf):
    assert client.get(LIST, {"page": 999}).status_code == 404
    assert client.get(LIST, {"page": "x"}).status_code == 404


def test_members_only_resources_are_listed_to_everyone_and_marked(member_client, shelf):
    Resource.objects.filter(slug="p1").update(access=Resource.Access.MEMBERS)
    member = member_client.get(LIST).content.decode()  # kept first
    assert "Members only" in member and "free to join" not in member
    visitor = Client().get(LIST).content.decode()
    assert "Members only — free to join" in visitor
    assert "free to join" not in member_client.get(LIST).content.decode()  # kept apart


def test_each_download_says_its_file_type_and_size(client):
    ResourceFactory(slug="pdf", with_pdf=True)
    ResourceFactory(slug="link")
    resource = Resource.objects.get(slug="pdf")
    html = client.get(LIST).content.decode()
    assert f"PDF, {resource.file_size / 1024:.1f}" in html
    assert "Link to another site" in html


def list_queries(client, query) -> tuple[int, int]:
    counts = []
    for _ in range(2):  # cold, then kept
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST, query).status_code == 200
        counts.append(len(queries))
    return tuple(counts)


@pytest.mark.parametrize("query", [{}, {"q": "fiscal", "kind": "primer", "region": "africa"}])
def test_the_page_costs_the_same_queries_with_5_or_60_resources(member_client, clear_cache, query):
    africa = Region.objects.get(slug="africa")
    topics = list(Topic.objects.all()[:3])

    def add(count, start):
        for n in range(start, start + count):
            resource = ResourceFactory(slug=f"r{n}", kind=("primer", "toolkit")[n % 2])
            resource.regions.add(africa)
            resource.topics.set(topics[: n % 3 + 1])
            ResourceCountry.objects.create(resource=resource, country=("KE", "GH")[n % 2])

    add(5, 0)
    clear_cache()
    small = list_queries(member_client, query)
    add(55, 5)
    clear_cache()
    large = list_queries(member_client, query)
    assert small == large
    assert large[0] <= 12 and large[1] <= 3, large


def test_another_page_or_sort_of_the_same_filters_reuses_the_facet_counts(client, shelf):
    client.get(LIST, {"kind": "primer"})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, {"kind": "primer", "sort": "title"}).status_code == 200
    assert not any("GROUP BY" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("query", ["", "kind=primer", "q=fiscal", "q=%26%26"])
def test_the_unnarrowed_shortcut_counts_what_matching_every_id_counts(shelf, query):
    """With nothing else chosen, topics, regions and countries are counted by leaving the
    superseded editions out; the counts are those of matching the listed ids."""
    old = ResourceFactory(slug="old", kind="primer")
    old.regions.set(Region.objects.filter(slug="africa"))
    ResourceCountry.objects.create(resource=old, country="KE")
    ResourceFactory(slug="new", kind="primer", edition_number=2, first_edition=old)
    Resource.objects.filter(slug="p1").update(title="Fiscal basics")
    for name in ("topic", "region", "country"):
        shortcut = ResourceFilter(QueryDict(query))
        matching = ResourceFilter(QueryDict(query), queryset=Resource.objects.current_editions())
        assert shortcut.lists_current_editions and not matching.lists_current_editions
        as_counts = [
            {o.value: o.count for o in next(f for f in each.facets() if f.name == name).options}
            for each in (shortcut, matching)
        ]
        assert as_counts[0] == as_counts[1], name
    assert facet_counts("", "region")["africa"] == 3  # the superseded edition left out


def test_the_page_leads_to_the_glossary_and_staff_to_the_download_figures(client, member, staff):
    ResourceFactory()
    glossary, figures = reverse("library:glossary"), reverse("library:figures")

    client.force_login(staff)
    staff_page = client.get(reverse("library:list")).content.decode()
    # The member's page comes after the staff's, from the same kept listing.
    client.force_login(member)
    member_page = client.get(reverse("library:list")).content.decode()

    assert f'href="{glossary}"' in staff_page and f'href="{glossary}"' in member_page
    assert f'href="{figures}"' in staff_page
    assert f'href="{figures}"' not in member_page
