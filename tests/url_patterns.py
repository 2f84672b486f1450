"""Every URL pattern of the project, read from Django's resolver, paired with its matrix row."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils.regex_helper import normalize

from tests.url_matrix import MATRIX, Prefix, Row


@dataclass(frozen=True)
class Pattern:
    namespace: str
    name: str | None
    route: str  # as written in the URLconfs, for messages
    regex: str  # the whole path's regex, as Django's reverse() builds it

    @property
    def url_name(self) -> str | None:
        if self.name is None:
            return None
        return f"{self.namespace}:{self.name}" if self.namespace else self.name

    @property
    def label(self) -> str:
        return self.url_name or f"{self.namespace + ':' if self.namespace else ''}<{self.route}>"

    def path(self, kwargs: dict) -> str:
        """The path for these arguments, filled in as reverse() would."""
        for template, params in normalize(self.regex):
            if set(params) <= set(kwargs):
                return "/" + template % {name: str(kwargs[name]) for name in params}
        raise KeyError(f"{self.label} needs {normalize(self.regex)[0][1]}, given {sorted(kwargs)}")


def walk_url_patterns(patterns=None, namespace: str = "", route: str = "", regex: str = ""):
    """Every URLPattern, depth first, with its namespace and full route; includes allauth's."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry.pattern, LocalePrefixPattern):
            # i18n_patterns: the language prefix is not part of a page's identity.
            piece_route, piece_regex = "", entry.pattern.regex.pattern.lstrip("^")
        else:
            piece_route, piece_regex = str(entry.pattern), entry.pattern.regex.pattern.lstrip("^")
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk_url_patterns(
                entry.url_patterns, inner, route + piece_route, regex + piece_regex
            )
        elif isinstance(entry, URLPattern):
            yield Pattern(namespace, entry.name, route + piece_route, regex + piece_regex)


ROWS_BY_NAME = {row.url_name: row for row in MATRIX if not isinstance(row, Prefix)}
PREFIXES = [row for row in MATRIX if isinstance(row, Prefix)]


def row_for(pattern: Pattern) -> Row | None:
    """The pattern's own row, else the Prefix row of its namespace."""
    if pattern.url_name in ROWS_BY_NAME:
        return ROWS_BY_NAME[pattern.url_name]
    return next(
        (prefix for prefix in PREFIXES if prefix.covers(pattern.namespace, pattern.route)), None
    )


def all_patterns() -> Iterator[Pattern]:
    return walk_url_patterns()
