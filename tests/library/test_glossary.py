"""The glossary's pages: the A-Z (all terms, one letter, a search) and a page per term."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from library.models import GlossaryTerm, GlossaryTranslation, Resource
from taxonomy.models import Language
from tests.conftest import missing_requirement
from tests.library.factories import GlossaryTermFactory, ResourceFactory

GLOSSARY = reverse("library:glossary")


def page(client, **query) -> str:
    response = client.get(GLOSSARY, query)
    assert response.status_code == 200
    return response.content.decode()


def shown_terms(html: str) -> list[str]:
    return re.findall(r'<a href="/library/glossary/[^/"]+/">([^<]+)</a>', html)


def letter_links(html: str) -> list[str]:
    letters = html.split('class="glossary-letters"')[1].split("</nav>")[0]
    return re.findall(r'href="\?letter=([^"]+)"', letters)


def queries(client, url: str, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured)


@pytest.fixture
def glossary():
    for term in (
        "Devolution",
        "Deconcentration",
        "Fiscal gap",
        "Équité budgétaire",  # filed under E
        "3-tier government",  # under #
        "Zoning",
    ):
        GlossaryTermFactory(term=term, slug=term.lower().replace(" ", "-").replace("é", "e"))


def test_the_a_to_z_links_only_letters_that_have_terms(client, glossary):
    html = page(client)

    assert letter_links(html) == ["D", "E", "F", "Z", "%23"]
    # Every letter is shown; those without terms are not links.
    assert re.search(r'<span class="glossary-letter-empty"[^>]*>K</span>', html)
    assert len(re.findall(r'class="glossary-letter-empty"', html)) == 22


def test_all_terms_are_listed_by_letter(client, glossary):
    html = page(client)

    assert shown_terms(html) == [
        "3-tier government",
        "Deconcentration",
        "Devolution",
        "Équité budgétaire",
        "Fiscal gap",
        "Zoning",
    ]
    headings = re.findall(r'<h3 id="letter-\d+"><a href="\?letter=[^"]+">([^<]+)</a></h3>', html)
    assert headings == ["#", "D", "E", "F", "Z"]
    assert '<p class="muted">6 terms</p>' in html


def test_a_letter_shows_its_terms_with_their_definitions(client, glossary):
    html = page(client, letter="d")

    assert shown_terms(html) == ["Deconcentration", "Devolution"]
    assert "A definition." in html and '<p class="muted">2 terms</p>' in html
    assert 'href="?letter=D" aria-current="page"' in html


def test_an_accented_term_is_filed_under_its_letter(client, glossary):
    assert GlossaryTerm.objects.get(term="Équité budgétaire").letter == "E"
    assert shown_terms(page(client, letter="E")) == ["Équité budgétaire"]
    html = page(client, letter="#")
    assert shown_terms(html) == ["3-tier government"] and '<p class="muted">1 term</p>' in html


def test_a_letter_without_terms_says_so(client, glossary):
    html = page(client, letter="K")

    assert shown_terms(html) == []
    assert "No terms under K yet." in html


def test_an_unknown_letter_shows_all_terms(client, glossary):
    assert len(shown_terms(page(client, letter="<script>"))) == 6


def test_the_all_terms_page_is_paginated(client, settings):
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(term=f"Term {n:03}", slug=f"term-{n:03}", letter="T", definition="d")
        for n in range(205)
    )
    first, second = page(client), page(client, page=2)

    assert len(shown_terms(first)) == 200 and len(shown_terms(second)) == 5
    assert '<p class="muted">205 terms</p>' in first and "Page 2 of 2" in second
    assert client.get(GLOSSARY, {"page": 3}).status_code == 404


def test_search_finds_terms_by_their_words_and_definitions(client, glossary):
    GlossaryTermFactory(term="Tax sharing", definition="Dividing a tax's revenue by formula.")

    assert shown_terms(page(client, q="devol")) == ["Devolution"]
    assert shown_terms(page(client, q="formula")) == ["Tax sharing"]
    # Accents do not matter on PostgreSQL; SQLite compares them as they are.
    if connection.vendor == "postgresql":
        assert shown_terms(page(client, q="equite")) == ["Équité budgétaire"]


def test_search_ranks_a_term_match_above_a_definition_match(client):
    if connection.vendor != "postgresql":
        missing_requirement("PostgreSQL", install="set DATABASE_URL to a PostgreSQL database")
    GlossaryTermFactory(term="Fiscal gap", definition="Property tax yields too little; property.")
    GlossaryTermFactory(term="Land value capture", definition="Property gains recaptured.")
    GlossaryTermFactory(term="Property tax", definition="A recurrent tax on land and buildings.")

    assert shown_terms(page(client, q="property"))[0] == "Property tax"
    assert shown_terms(page(client, q="property tax")) == ["Property tax", "Fiscal gap"]


def test_search_on_sqlite_ranks_a_term_match_first_too(client, monkeypatch):
    GlossaryTermFactory(term="Fiscal gap", definition="The property tax yields too little.")
    GlossaryTermFactory(term="Property tax", definition="A recurrent tax on land.")
    monkeypatch.setattr(connection, "vendor", "sqlite")

    assert shown_terms(page(client, q="property")) == ["Property tax", "Fiscal gap"]


def test_a_search_without_results_says_so_and_offers_the_a_to_z(client, glossary):
    html = page(client, q="zeppelin")

    assert shown_terms(html) == []
    assert "No term or definition matches “zeppelin”." in html
    assert f'<a href="{GLOSSARY}">Browse the glossary from A to Z</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "'",
        "&",
        "|",
        "!:*()\\",
        "a & | b",
        "'; DROP TABLE library_glossaryterm; --",
        "x" * 10_000,
        "fiscal " * 2_000,
        "\x00",
        "<script>alert(1)</script>",
        "   ",
    ],
)
def test_hostile_searches_are_answered(client, glossary, text):
    response = client.get(GLOSSARY, {"q": text, "letter": text, "page": "1"})

    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_the_search_box_keeps_the_query_escaped(client, glossary):
    html = page(client, q='"><b>devolution')

    assert '"><b>' not in html and "&quot;&gt;&lt;b&gt;devolution" in html


def test_a_term_page_shows_translations_related_terms_and_sources(client):
    term = GlossaryTermFactory(
        term="Fiscal decentralization",
        slug="fiscal-decentralization",
        definition="Who spends, who taxes.",
        sources="Bahl, R. and Linn, J. (1992). Urban Public Finance.\n\n"
        "OECD (2019). Making Decentralisation Work. https://doi.org/10.1787/g2g9faa7-en",
    )
    related = GlossaryTermFactory(term="Tax sharing", slug="tax-sharing")
    term.related.add(related)
    GlossaryTranslation.objects.create(
        term=term, language=Language.objects.get(code="fr"), text="décentralisation budgétaire"
    )
    GlossaryTranslation.objects.create(
        term=term, language=Language.objects.get(code="es"), text="descentralización fiscal"
    )

    html = client.get(term.get_absolute_url()).content.decode()

    assert "<h1>Fiscal decentralization</h1>" in html and "Who spends, who taxes." in html
    assert '<dt>French</dt><dd lang="fr">décentralisation budgétaire</dd>' in html
    assert '<dt>Spanish</dt><dd lang="es">descentralización fiscal</dd>' in html
    assert '<a class="badge" href="/library/glossary/tax-sharing/">Tax sharing</a>' in html
    assert "<li>Bahl, R. and Linn, J. (1992). Urban Public Finance.</li>" in html
    assert 'href="https://doi.org/10.1787/g2g9faa7-en"' in html
    # Related terms are symmetrical: the other entry links back.
    back = client.get(related.get_absolute_url()).content.decode()
    assert 'href="/library/glossary/fiscal-decentralization/"' in back


def test_an_unknown_term_is_not_found(client):
    assert client.get(reverse("library:glossary_term", args=["nothing"])).status_code == 404


def test_a_term_page_lists_current_resources_whose_summary_uses_the_term(client):
    term = GlossaryTermFactory(term="Fiscal decentralization", slug="fiscal-decentralization")
    ResourceFactory(title="Uses it", summary="A primer on FISCAL DECENTRALIZATION in Africa.")
    first = ResourceFactory(title="Old edition", summary="On fiscal decentralization.")
    ResourceFactory(
        title="New edition",
        summary="On fiscal decentralization, revised.",
        first_edition=first,
        edition_number=2,
    )
    ResourceFactory(title="Other words", summary="Fiscal policy and decentralization of power.")
    for n in range(6):
        ResourceFactory(title=f"Many {n}", summary="fiscal decentralization", year=2000 + n)

    html = client.get(term.get_absolute_url()).content.decode()
    listed = re.findall(
        r'<li><a href="[^"]+">([^<]+)</a>',
        html.split('id="resources-title"')[1].split("</section>")[0],
    )

    assert "Old edition" not in listed and "Other words" not in listed
    assert len(listed) == 5
    assert {"Uses it", "New edition"} <= set(listed)
    assert Resource.objects.get(title="Old edition").is_current_edition is False


def test_a_term_page_says_when_no_resource_uses_the_term(client):
    term = GlossaryTermFactory()
    assert (
        "No resource in the library uses this term yet."
        in client.get(term.get_absolute_url()).content.decode()
    )


def _glossary_of(size: int) -> GlossaryTerm:
    english, french = Language.objects.get(code="en"), Language.objects.get(code="fr")
    terms = [
        GlossaryTermFactory(term=f"{chr(65 + n % 26)}term {n:03}", slug=f"term-{n:03}")
        for n in range(size)
    ]
    first = terms[0]
    first.related.add(*terms[1 : min(size, 30)])
    for term in terms[: min(size, 30)]:
        GlossaryTranslation.objects.create(term=term, language=english, text=f"{term} en")
        GlossaryTranslation.objects.create(term=term, language=french, text=f"{term} fr")
    return first


@pytest.mark.parametrize(
    "query",
    [{}, {"letter": "A"}, {"q": "term"}, {"q": "nothing"}],
    ids=["all", "letter", "search", "no-results"],
)
def test_the_glossary_costs_the_same_queries_at_10_and_100_terms(client, clear_cache, query):
    _glossary_of(10)
    small = queries(client, GLOSSARY, **query)
    GlossaryTerm.objects.all().delete()
    clear_cache()
    _glossary_of(100)
    assert queries(client, GLOSSARY, **query) == small <= 4


def test_a_term_page_costs_the_same_queries_at_10_and_100_terms(client, clear_cache):
    term = _glossary_of(10)
    small = queries(client, term.get_absolute_url())
    GlossaryTerm.objects.all().delete()
    clear_cache()
    term = _glossary_of(100)
    assert queries(client, term.get_absolute_url()) == small <= 4


def test_warm_glossary_pages_ask_the_database_nothing(client):
    term = _glossary_of(10)
    for url, query in ((GLOSSARY, {}), (GLOSSARY, {"q": "term"}), (term.get_absolute_url(), {})):
        queries(client, url, **query)
        assert queries(Client(), url, **query) == 0


def test_a_changed_term_shows_at_once(client):
    term = GlossaryTermFactory(term="Devolution", slug="devolution", definition="Old text.")
    assert "Old text." in client.get(term.get_absolute_url()).content.decode()
    assert shown_terms(page(client)) == ["Devolution"]

    term.definition = "New text."
    term.save()
    GlossaryTermFactory(term="Delegation", slug="delegation")

    assert "New text." in client.get(term.get_absolute_url()).content.decode()
    assert shown_terms(page(client)) == ["Delegation", "Devolution"]


def test_the_glossary_pages_stay_under_14_kb_gzipped(client):
    import gzip

    from library.glossary_demo import seed_glossary

    seed_glossary()
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(
            term=f"Intergovernmental arrangement number {n:03}",
            slug=f"arrangement-{n:03}",
            letter="I",
            definition="A longer definition of an intergovernmental arrangement. " * 6,
        )
        for n in range(250)
    )
    for query in ({}, {"letter": "I"}, {"q": "arrangement"}):
        content = client.get(GLOSSARY, query).content
        assert len(gzip.compress(content)) < 14 * 1024, query
    term = GlossaryTerm.objects.get(slug="fiscal-decentralization")
    assert len(gzip.compress(client.get(term.get_absolute_url()).content)) < 14 * 1024


def test_resources_using_a_term_on_sqlite_is_a_substring_match(monkeypatch):
    from library.glossary import resources_using

    ResourceFactory(title="Uses it", summary="On Fiscal Decentralization.")
    ResourceFactory(title="Does not", summary="On fiscal policy.")
    monkeypatch.setattr(connection, "vendor", "sqlite")

    titles = [r.title for r in resources_using("fiscal decentralization", limit=5)]

    assert titles == ["Uses it"]
