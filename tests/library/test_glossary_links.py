"""Glossary terms in a resource's summary link to their entries (library.glossary.link_terms,
the `link_glossary_terms` filter)."""

import re

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import SafeString, mark_safe

from library.glossary import link_terms
from tests.library.factories import GlossaryTermFactory


def term(text: str, slug: str):
    return GlossaryTermFactory(term=text, slug=slug)


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="/library/glossary/([^/]+)/" class="glossary-term">(.*?)</a>', html)


def test_the_first_occurrence_of_a_term_links_to_its_entry():
    term("Devolution", "devolution")

    html = link_terms("Devolution is deep. devolution again, DEVOLUTION once more.")

    assert isinstance(html, SafeString)
    assert links(html) == [("devolution", "Devolution")]
    assert html.startswith("<p>") and "devolution again, DEVOLUTION once more." in html


def test_terms_match_in_any_case_keeping_the_texts_own_case():
    term("Fiscal Gap", "fiscal-gap")

    assert links(link_terms("The FISCAL gap widens.")) == [("fiscal-gap", "FISCAL gap")]


def test_only_whole_words_are_linked():
    term("Grant", "grant")
    term("Tax", "tax")

    html = link_terms("Grants, regrant and taxation; syntax. A grant-maker pays a tax.")

    assert links(html) == [("grant", "grant"), ("tax", "tax")]
    assert "Grants, regrant and taxation; syntax." in html


def test_the_longest_term_wins_where_terms_overlap():
    term("Decentralization", "decentralization")
    term("Fiscal decentralization", "fiscal-decentralization")
    term("Fiscal", "fiscal")

    html = link_terms("Fiscal decentralization differs from decentralization of fiscal powers.")

    assert links(html) == [
        ("fiscal-decentralization", "Fiscal decentralization"),
        ("decentralization", "decentralization"),
        ("fiscal", "fiscal"),
    ]
    # Never a link inside a link.
    assert "<a" not in re.sub(r"<a [^>]*>[^<]*</a>", "", html).replace("<p>", "")


def test_a_term_matches_across_runs_of_spaces_but_not_across_a_line_break():
    term("Vertical fiscal imbalance", "vfi")

    assert links(link_terms("A vertical   fiscal imbalance.")) == [
        ("vfi", "vertical   fiscal imbalance")
    ]
    # The break is a <br> by then: a link across it would hold the tag.
    assert links(link_terms("A vertical fiscal\nimbalance persists.")) == []


def test_the_text_is_escaped_and_keeps_its_paragraphs():
    term("Subsidiarity", "subsidiarity")

    html = link_terms('<script>alert("x")</script> Subsidiarity & more.\n\nSecond <b>para</b>.')

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert html.count("<p>") == 2 and "&amp; more." in html
    assert links(html) == [("subsidiarity", "Subsidiarity")]


def test_a_term_with_regex_metacharacters_is_matched_literally():
    term("C++ (budget)", "c-budget")
    term("R&D", "r-and-d")
    term("a.b", "a-dot-b")

    html = link_terms("Under C++ (budget) rules, R&D counts; axb is not a.b.")

    assert links(html) == [
        ("c-budget", "C++ (budget)"),
        ("r-and-d", "R&amp;D"),
        ("a-dot-b", "a.b"),
    ]
    assert links(link_terms("C+ (budget) and CC (budget) and R&amp;D.")) == []


def test_a_hostile_term_cannot_inject_markup():
    term('<img src=x onerror="alert(1)">', "hostile")
    term("amp", "amp")
    term("quot", "quot")

    html = link_terms('An <img src=x onerror="alert(1)"> here; & "quoted" amp.')

    assert "<img" not in html
    # An entity is never cut in two by a link.
    assert "&amp;" in html and "&quot;quoted&quot;" in html
    assert links(html) == [
        ("hostile", "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
        ("amp", "amp"),
    ]


def test_html_already_safe_keeps_its_links_and_tags_unlinked_inside():
    term("Devolution", "devolution")

    html = link_terms(
        mark_safe('<p><a href="/x/" title="devolution">devolution</a> <i class="devolution">x</i>')
    )

    assert '<a href="/x/" title="devolution">devolution</a>' in html
    assert '<i class="devolution">' in html and links(html) == []


def test_accented_terms_and_words():
    term("Équité", "equite")
    term("Autonomie", "autonomie")

    html = link_terms("L'équité et l'autonomie; autonomiefoo.")

    assert links(html) == [("equite", "équité"), ("autonomie", "autonomie")]


def test_without_terms_the_text_is_escaped_paragraphs():
    assert link_terms("a < b\nc") == "<p>a &lt; b<br>c</p>"


def test_a_warm_pattern_asks_the_database_nothing():
    term("Devolution", "devolution")
    link_terms("Devolution.")

    with CaptureQueriesContext(connection) as captured:
        assert links(link_terms("Devolution.")) == [("devolution", "Devolution")]

    assert len(captured) == 0


def test_a_saved_or_deleted_term_changes_the_links_at_once():
    devolution = term("Devolution", "devolution")
    assert links(link_terms("Devolution and delegation.")) == [("devolution", "Devolution")]

    delegation = term("Delegation", "delegation")
    assert len(links(link_terms("Devolution and delegation."))) == 2

    devolution.term = "Devolved"
    devolution.save()
    delegation.delete()
    assert links(link_terms("Devolution and delegation, devolved.")) == [("devolution", "devolved")]


def test_the_filter_links_terms_in_a_template():
    term("Devolution", "devolution")
    template = Template("{% load glossary_tags %}{{ summary|link_glossary_terms }}")

    html = template.render(Context({"summary": "<b>Devolution</b>"}))

    assert html == (
        '<p>&lt;b&gt;<a href="/library/glossary/devolution/" class="glossary-term">'
        "Devolution</a>&lt;/b&gt;</p>"
    )
