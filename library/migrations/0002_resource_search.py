"""The library's full-text search column on PostgreSQL only (see library/search.py).

A stored generated column, as for the directory and the forums: it keeps itself current under
bulk_create and update() too. Weighted so that a word in the title (A) ranks a resource above
one with it among the authors (B), above one with it in the summary (C). Its GIN index answers a
word among 50,000 resources without reading them. SQLite has neither; search there is icontains.
"""

from django.db import migrations

from lpsa.postgresql import run_on_postgresql

FORWARD = [
    """
    ALTER TABLE library_resource ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('lpsa_search'::regconfig, title), 'A')
        || setweight(to_tsvector('lpsa_search'::regconfig, author_names), 'B')
        || setweight(to_tsvector('lpsa_search'::regconfig, summary), 'C')
    ) STORED
    """,
    "CREATE INDEX library_resource_search ON library_resource USING gin (search_document)",
    # The glossary's search: a term by any word of it or its definition.
    """
    ALTER TABLE library_glossaryterm ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('lpsa_search'::regconfig, term), 'A')
        || setweight(to_tsvector('lpsa_search'::regconfig, definition), 'C')
    ) STORED
    """,
    "CREATE INDEX library_glossary_search ON library_glossaryterm USING gin (search_document)",
]
BACKWARD = [
    "ALTER TABLE library_resource DROP COLUMN IF EXISTS search_document",
    "ALTER TABLE library_glossaryterm DROP COLUMN IF EXISTS search_document",
]


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        # The lpsa_search text search configuration.
        ("members", "0009_profile_search_document"),
    ]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
