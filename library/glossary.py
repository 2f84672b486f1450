"""The glossary's search, and glossary terms linked where a resource's summary uses them.

Search is PostgreSQL full text over `library_glossaryterm.search_document` (the term weighted A,
its definition C; a GIN index; migration library/0002), a term whose own words match ranked above
one that matches only in its definition; `icontains` on SQLite, term matches first too.

Linking: the summary is escaped and cut into paragraphs first, then the first occurrence of each
term (whole words, any case, the longest term first) becomes a link to its entry. The pattern of
all terms is built once per library version (lpsa/page_cache.py): kept in the cache for every
process and compiled once in each, so a warm page asks the database nothing for it.
"""

import re

from django.core.cache import cache
from django.db import connections
from django.db.models import BooleanField, Case, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe

from library.cache import FRAGMENT_SECONDS, LIBRARY
from members.search import TEXT_SEARCH_CONFIG, search_words

# --- search ------------------------------------------------------------------------------------


def _tsquery(words: list[str], *, weight: str = "") -> str:
    """Every word must match, the last as a prefix; `weight` "A" keeps to the term's own words.
    The words are letters and digits only (members.search.search_words): no tsquery syntax."""
    return " & ".join(
        [*(f"{w}:{weight}" if weight else w for w in words[:-1]), f"{words[-1]}:*{weight}"]
    )


def search_terms(queryset, text: str):
    """The terms matching every word of `text`, those whose own words match first, then by
    relevance and name. Nothing searchable ("&|!") matches nothing."""
    words = search_words(text)
    if not words:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        document = '"library_glossaryterm"."search_document"'
        matches = RawSQL(
            f"{document} @@ to_tsquery('{TEXT_SEARCH_CONFIG}', %s)",
            (_tsquery(words),),
            output_field=BooleanField(),
        )
        in_term = RawSQL(
            f"{document} @@ to_tsquery('{TEXT_SEARCH_CONFIG}', %s)",
            (_tsquery(words, weight="A"),),
            output_field=BooleanField(),
        )
        rank = RawSQL(
            f"ts_rank({document}, to_tsquery('{TEXT_SEARCH_CONFIG}', %s))",
            (_tsquery(words),),
            output_field=FloatField(),
        )
        return (
            queryset.filter(matches)
            .annotate(term_match=in_term, search_rank=rank)
            .order_by("-term_match", "-search_rank", "term", "pk")
        )
    in_term, in_definition = Q(), Q()
    for word in words:
        in_term &= Q(term__icontains=word)
        in_definition &= Q(definition__icontains=word)
    return (
        queryset.filter(in_term | in_definition)
        .annotate(term_match=Case(When(in_term, then=Value(True)), default=Value(False)))
        .order_by("-term_match", "term", "pk")
    )


# --- linking terms in a summary ----------------------------------------------------------------

# Stored per library version; the process keeps the compiled pattern of the version it last saw.
_PATTERN_KEY = "library:glossary-pattern:{version}"
_compiled: tuple[int, re.Pattern | None, dict[str, str]] | None = None

# What is never linked into: a whole link, any other tag, an entity ("&amp;", "&#x27;").
_SKIPPED = r"(?P<link><a\b[^>]*>.*?</a\s*>)|(?P<tag><[^>]*>)|(?P<entity>&#?\w+;)"


def _term_key(term: str) -> str:
    """A term as the escaped text shows it, in lower case, any run of spaces as one."""
    return " ".join(escape(word) for word in term.split()).lower()


def _trie_source(node: dict) -> str:
    """A regular expression matching the keys of a trie of characters, longest first. A trie
    lets the engine try one branch per character instead of every term in turn: with 300 terms
    a summary links several times faster."""
    ends = "" in node
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_source(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    # Greedy: the longest term is tried first, a shorter one only if the longer fails.
    return "(?:" + "|".join(branches) + (")?" if ends else ")")


def build_pattern() -> tuple[str, dict[str, str]]:
    """The regular expression of all terms (whole words, the longest first) and each term's
    address by its escaped lower-case text. One query."""
    from library.models import GlossaryTerm

    urls: dict[str, str] = {}
    trie: dict = {}
    for term, slug in GlossaryTerm.objects.order_by("term").values_list("term", "slug"):
        key = _term_key(term)
        if not key or key in urls:
            continue
        urls[key] = reverse("library:glossary_term", kwargs={"slug": slug})
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    if not urls:
        return "", {}
    # The terms first: an escaped term may begin with an entity ("&lt;", "&quot;"). No term
    # begins with "<", and every position inside a skipped part is consumed with it.
    return rf"(?<!\w)(?P<term>{_trie_source(trie)})(?!\w)|{_SKIPPED}", urls


def _pattern() -> tuple[re.Pattern | None, dict[str, str]]:
    global _compiled
    version = LIBRARY.current()
    if _compiled is not None and _compiled[0] == version:
        return _compiled[1], _compiled[2]
    key = _PATTERN_KEY.format(version=version)
    stored = cache.get(key)
    if stored is None:
        stored = build_pattern()
        cache.set(key, stored, FRAGMENT_SECONDS)
    source, urls = stored
    compiled = re.compile(source, re.IGNORECASE | re.DOTALL) if source else None
    _compiled = (version, compiled, urls)
    return compiled, urls


def link_terms(text: str) -> SafeString:
    """`text` escaped (unless already safe HTML) in paragraphs, with the first occurrence of each
    glossary term linked to its entry; never inside a link, a tag or an entity."""
    html = linebreaks_filter(conditional_escape(text), autoescape=False)
    pattern, urls = _pattern()
    if pattern is None:
        return mark_safe(html)
    linked: set[str] = set()

    def replace(match: re.Match) -> str:
        found = match.group("term")
        if found is None:
            return match.group(0)
        url = urls.get(" ".join(found.split()).lower())
        if url is None or url in linked:
            return found
        linked.add(url)
        # `found` is a piece of the escaped text: already HTML.
        return format_html('<a href="{}" class="glossary-term">{}</a>', url, mark_safe(found))

    return mark_safe(pattern.sub(replace, html))


# --- resources that use a term -----------------------------------------------------------------


_IN_RESOURCE_DOCUMENT = (
    f'"library_resource"."search_document" @@ phraseto_tsquery(\'{TEXT_SEARCH_CONFIG}\', %s)'
)


def resources_using(term: str, *, limit: int):
    """Up to `limit` current editions whose summary contains `term`, newest first: one query.

    On PostgreSQL the resources' GIN index finds those with the term's words in sequence (whole
    words, any case, accents folded) and the summary is then checked for the term itself, so
    50,000 summaries are never read; elsewhere a substring match.
    """
    from library.models import Resource

    resources = Resource.objects.current_editions().filter(summary__icontains=term)
    if connections[resources.db].vendor == "postgresql" and search_words(term):
        resources = resources.filter(
            RawSQL(_IN_RESOURCE_DOCUMENT, (term,), output_field=BooleanField())
        )
    return list(resources.only("title", "slug", "year", "kind")[:limit])
