"""The demo glossary: real terms, each complete, and a second run changes nothing."""

from library.glossary_demo import TERMS, seed_glossary
from library.models import GlossaryTerm, GlossaryTranslation


def snapshot() -> list:
    return [
        (
            term.slug,
            term.term,
            term.letter,
            term.definition,
            term.sources,
            sorted(term.related.values_list("slug", flat=True)),
            sorted(term.translations.values_list("language__code", "text")),
        )
        for term in GlossaryTerm.objects.order_by("slug")
    ]


def test_the_demo_glossary_has_complete_entries():
    assert seed_glossary().startswith(f"glossary: {len(TERMS)} terms ({len(TERMS)} new)")

    assert 40 <= GlossaryTerm.objects.count() == len(TERMS) <= 60
    for term in GlossaryTerm.objects.prefetch_related("related", "translations__language"):
        assert len(term.definition) > 80, term
        assert 1 <= len(term.source_lines()) <= 2, term
        assert 1 <= term.related.count() <= 6, term  # 1-3 its own, more where others name it
        assert {t.language.code for t in term.translations.all()} == {"fr", "es"}, term
    assert (
        GlossaryTranslation.objects.get(
            term__slug="fiscal-decentralization", language__code="fr"
        ).text
        == "décentralisation budgétaire"
    )


def test_related_terms_name_terms_of_the_glossary_and_link_both_ways():
    names = {term for term, *_ in TERMS}
    for term, _definition, _sources, related, _fr, _es in TERMS:
        assert 1 <= len(related) <= 3 and set(related) <= names - {term}, term
    seed_glossary()

    devolution = GlossaryTerm.objects.get(slug="devolution")
    assert devolution in GlossaryTerm.objects.get(slug="deconcentration").related.all()
    assert GlossaryTerm.objects.get(slug="deconcentration") in devolution.related.all()


def test_seeding_twice_changes_nothing():
    seed_glossary()
    first = snapshot()

    assert "(0 new)" in seed_glossary()
    assert snapshot() == first


def test_seeding_restores_an_edited_demo_term():
    seed_glossary()
    GlossaryTerm.objects.filter(slug="subsidiarity").update(definition="Changed.")

    seed_glossary()

    assert GlossaryTerm.objects.get(slug="subsidiarity").definition.startswith("The principle")
