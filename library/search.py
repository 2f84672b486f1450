"""Searching the library: every word of the query in a resource's title, authors or summary.

On PostgreSQL, full text over `library_resource.search_document` (migration 0002: the title
weighted A, the authors B, the summary C, through the accent-folding `lpsa_search`
configuration, with a GIN index), ranked by `ts_rank`, so a word in the title ranks a resource
above one with it only in the summary. On SQLite (the embedded default) a substring match,
title matches first, then author matches.
"""

from django.db import connections, models
from django.db.models import Case, Expression, IntegerField, Q, Value, When

from members.search import TEXT_SEARCH_CONFIG, search_words, tsquery


class OnSearchDocument(Expression):
    """SQL over `library_resource.search_document` (a column the model does not declare: it
    exists on PostgreSQL only), written against whatever alias the query gives the table, so the
    search also works inside the subqueries the facet counts make of it."""

    def __init__(self, template: str, query: str, output_field):
        super().__init__(output_field=output_field)
        self.template, self.query, self.alias = template, query, None

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        clone = self.copy()
        clone.alias = query.get_initial_alias() if query is not None else None
        return clone

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        column = f"{compiler.quote_name_unless_alias(self.alias)}.search_document"
        sql = self.template.format(column=column, config=TEXT_SEARCH_CONFIG)
        return sql, [self.query]


MATCH = "{column} @@ to_tsquery('{config}', %s)"
RANK = "ts_rank({column}, to_tsquery('{config}', %s))"


def search_resources(queryset, text: str, *, rank: bool = True):
    """The resources of `queryset` matching every word of `text`, annotated (unless `rank` is
    False) with `search_rank`, higher for better matches; `queryset` itself when nothing in
    `text` is searchable."""
    words = search_words(text)
    if not words:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        return substring_search(queryset, words, rank=rank)
    query = tsquery(words)
    queryset = queryset.filter(OnSearchDocument(MATCH, query, models.BooleanField()))
    if rank:
        queryset = queryset.annotate(search_rank=OnSearchDocument(RANK, query, models.FloatField()))
    return queryset


def substring_search(queryset, words: list[str], *, rank: bool = True):
    """The fallback: each word somewhere in the title, authors or summary; ranked 2 when every
    word is in the title, 1 when every word is in the title or the authors, else 0."""
    matches, in_title, in_title_or_authors = Q(), Q(), Q()
    for word in words:
        matches &= (
            Q(title__icontains=word) | Q(author_names__icontains=word) | Q(summary__icontains=word)
        )
        in_title &= Q(title__icontains=word)
        in_title_or_authors &= Q(title__icontains=word) | Q(author_names__icontains=word)
    if not rank:
        return queryset.filter(matches)
    return queryset.filter(matches).annotate(
        search_rank=Case(
            When(in_title, then=Value(2)),
            When(in_title_or_authors, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
