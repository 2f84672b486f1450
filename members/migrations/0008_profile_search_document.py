"""The directory's full-text search document, on PostgreSQL only.

A stored generated column rather than a GeneratedField on the model: its expression needs
PostgreSQL's text search and the unaccent extension, and the embedded default (SQLite) has
neither, so the column exists only where it can, the model does not declare it, and
ProfileQuerySet.search reads it with RawSQL on PostgreSQL and falls back to icontains elsewhere.
A generated column (not a trigger) keeps itself current under bulk_create and update() too.
"""

from django.db import migrations

# `lpsa_search` is `simple` (no stemming: names and organisations are in every language)
# with accents folded first, so "Sigridur" finds "Sigríður" and "Côte" finds "Cote".
# Names and organisations weigh A, job titles B and bios C: a query restricted to weight A
# (ProfileQuerySet.search) tells which rows match on a name or organisation.
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION lpsa_search (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION lpsa_search"
    " ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart"
    " WITH unaccent, simple",
    """
    ALTER TABLE members_profile ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('lpsa_search'::regconfig, full_name), 'A')
        || setweight(to_tsvector('lpsa_search'::regconfig, organisation), 'A')
        || setweight(to_tsvector('lpsa_search'::regconfig, job_title), 'B')
        || setweight(to_tsvector('lpsa_search'::regconfig, bio), 'C')
    ) STORED
    """,
    "CREATE INDEX members_profile_search_document ON members_profile USING gin (search_document)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS members_profile_search_document",
    "ALTER TABLE members_profile DROP COLUMN IF EXISTS search_document",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS lpsa_search",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0007_world_region_foreign_key")]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
