"""The Decentralization and Multilevel Governance Glossary: the A-Z (one letter, all terms, or a
search) and a page per term. Both are kept rendered under the library's version (library/cache.py):
a term, a translation, a resource or a language saved moves it on."""

import string

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from library.cache import FRAGMENT_SECONDS, LIBRARY
from library.glossary import resources_using
from library.models import GlossaryTerm
from lpsa.page_cache import fragment_key
from lpsa.pagination import page_or_404

# "#" files the terms that start with a digit or a sign.
ALPHABET = (*string.ascii_uppercase, "#")
# All terms by name only: ~300 fit two pages well under 14 KB of gzipped HTML.
TERMS_PER_PAGE = 200
# A letter, or search results, with the start of each definition.
DEFINITIONS_PER_PAGE = 40
# Longer than any real query; the search reads at most eight words of it anyway.
MAX_QUERY_LENGTH = 200
RESOURCES_SHOWN = 5


class GlossarySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the glossary"),
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )


def _letter(request: HttpRequest) -> str:
    letter = request.GET.get("letter", "").strip().upper()
    return letter if letter in ALPHABET else ""


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    """All terms by letter (names only), one letter's terms, or the terms matching `q`."""
    form = GlossarySearchForm(request.GET)
    form.is_valid()  # no field can be invalid: a search box that is too long is cut, below
    query = form.cleaned_data.get("q", "")[:MAX_QUERY_LENGTH].strip()
    letter = "" if query else _letter(request)
    key = fragment_key(
        "glossary", LIBRARY.current(request), query, letter, request.GET.get("page", "")
    )
    listing = cache.get(key)
    if listing is None:
        terms = GlossaryTerm.objects.all()
        if query:
            terms = terms.search(query).only("term", "slug", "letter", "definition")
            per_page = DEFINITIONS_PER_PAGE
        elif letter:
            terms = terms.starting_with(letter).for_index()
            per_page = DEFINITIONS_PER_PAGE
        else:
            terms = terms.for_index().only("term", "slug", "letter")
            per_page = TERMS_PER_PAGE
        paginator, page = page_or_404(request, terms, per_page)
        letters = GlossaryTerm.objects.letters()
        listing = render_to_string(
            "library/includes/glossary_listing.html",
            {
                "query": query,
                "letter": letter,
                "alphabet": [(each, each in letters) for each in ALPHABET if each != "#"]
                + ([("#", True)] if "#" in letters else []),
                "terms": page.object_list,
                "page_obj": page,
                "paginator": paginator,
            },
            request=request,
        )
        cache.set(key, listing, FRAGMENT_SECONDS)
    return render(
        request,
        "library/glossary.html",
        {"form": form, "query": query, "letter": letter, "listing": mark_safe(listing)},
    )


@require_safe
def glossary_term(request: HttpRequest, slug: str) -> HttpResponse:
    """A term: its definition, translations, sources, related terms and resources using it."""
    key = fragment_key("glossary-term", LIBRARY.current(request), slug)
    entry = cache.get(key)
    if entry is None:
        term = get_object_or_404(GlossaryTerm.objects.for_entry(), slug=slug)
        body = render_to_string(
            "library/includes/glossary_entry.html",
            {"term": term, "resources": resources_using(term.term, limit=RESOURCES_SHOWN)},
            request=request,
        )
        entry = {"term": term.term, "letter": term.letter, "body": body}
        cache.set(key, entry, FRAGMENT_SECONDS)
    return render(
        request,
        "library/glossary_term.html",
        {
            "term": entry["term"],
            "letter": entry["letter"],
            "body": mark_safe(entry["body"]),  # rendered, so escaped, above
        },
    )
