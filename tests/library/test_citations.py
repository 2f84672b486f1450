"""The citations a reader copies: APA 7 and BibTeX, from plain values."""

import pytest

from library.citations import (
    CitedAuthor,
    CitedWork,
    apa,
    apa_authors,
    bibtex,
    bibtex_escape,
    bibtex_key,
    initials,
    ordinal,
)

BOEX = CitedAuthor("Jamie", "Boex")
YILMAZ = CitedAuthor("Serdar", "Yilmaz")
LPSA = CitedAuthor("", "Local Public Sector Alliance")


def work(**fields) -> CitedWork:
    values = {
        "title": "A Primer on Fiscal Decentralization",
        "year": 2024,
        "kind": "primer",
        "publisher": "Local Public Sector Alliance",
        "authors": [BOEX, YILMAZ],
        "url": "https://portal.example/library/fiscal-primer/",
    }
    return CitedWork(**(values | fields))


@pytest.mark.parametrize(
    ("given", "expected"),
    [("Jamie", "J."), ("Ana Lucía", "A. L."), ("Jean-Paul", "J.-P."), ("", "")],
)
def test_initials(given, expected):
    assert initials(given) == expected


def test_apa_names_authors_family_name_first_with_initials_and_an_ampersand():
    assert apa_authors([BOEX]) == "Boex, J."
    assert apa_authors([BOEX, YILMAZ]) == "Boex, J., & Yilmaz, S."
    three = [BOEX, YILMAZ, CitedAuthor("Paul", "Smoke")]
    assert apa_authors(three) == "Boex, J., Yilmaz, S., & Smoke, P."


def test_apa_past_twenty_authors_names_nineteen_an_ellipsis_and_the_last():
    many = [CitedAuthor("A", f"Author{n}") for n in range(25)]
    text = apa_authors(many)
    assert text.count(", A.") == 20 and ". . . Author24, A." in text


def test_apa_reference():
    assert apa(work()) == (
        "Boex, J., & Yilmaz, S. (2024). A Primer on Fiscal Decentralization. "
        "Local Public Sector Alliance. https://portal.example/library/fiscal-primer/"
    )


def test_apa_gives_a_later_edition_and_leaves_out_a_publisher_that_is_the_author():
    text = apa(work(authors=[LPSA], title="Databook", edition_number=2, url=""))
    assert text == "Local Public Sector Alliance. (2024). Databook (2nd ed.)."


def test_apa_without_authors_leads_with_the_title():
    assert apa(work(authors=[], url="")).startswith(
        "A Primer on Fiscal Decentralization. (2024). Local Public Sector Alliance."
    )


@pytest.mark.parametrize(
    ("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (22, "22nd")]
)
def test_ordinal(n, text):
    assert ordinal(n) == text


def test_bibtex_key_is_first_author_year_and_first_title_word_after_an_article():
    assert bibtex_key(work()) == "boex2024primer"
    assert bibtex_key(work(authors=[CitedAuthor("Ana", "Gómez Ruiz")], title="Élan vital")) == (
        "gomez2024elan"
    )
    assert bibtex_key(work(authors=[])) == "lpsa2024primer"


def test_bibtex_escapes_braces_and_special_characters():
    assert bibtex_escape("a {b} & 50% of $ #1_x") == r"a \{b\} \& 50\% of \$ \#1\_x"
    entry = bibtex(work(title="Budgets {and} Results", authors=[CitedAuthor("J", "O{Brien}")]))
    assert r"title = {{Budgets \{and\} Results}}" in entry
    assert r"author = {O\{Brien\}, J}" in entry
    # Every brace the entry opens, it closes: the escaped ones are not counted.
    bare = entry.replace(r"\{", "").replace(r"\}", "")
    assert bare.count("{") == bare.count("}")


def test_bibtex_entry():
    assert bibtex(work(edition_number=2)) == (
        "@book{boex2024primer,\n"
        "  author = {Boex, Jamie and Yilmaz, Serdar},\n"
        "  title = {{A Primer on Fiscal Decentralization}},\n"
        "  year = {2024},\n"
        "  edition = {2nd},\n"
        "  publisher = {Local Public Sector Alliance},\n"
        "  url = {https://portal.example/library/fiscal-primer/}\n"
        "}"
    )


def test_bibtex_cites_an_organisation_whole_and_a_working_paper_as_a_report():
    entry = bibtex(work(authors=[LPSA], kind="working-paper"))
    assert entry.startswith("@techreport{")
    assert "author = {{Local Public Sector Alliance}}" in entry
    assert "institution = {Local Public Sector Alliance}" in entry
