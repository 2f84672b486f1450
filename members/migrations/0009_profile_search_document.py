"""The directory's full-text search columns, on PostgreSQL only.

Stored generated columns rather than GeneratedFields on the model: their expressions need
PostgreSQL's text search and the unaccent extension, and the embedded default (SQLite) has
neither, so the columns exist only where they can, the model does not declare them, and
ProfileQuerySet.search reads them with RawSQL on PostgreSQL and uses icontains elsewhere.
Generated columns (not a trigger) keep themselves current under bulk_create and update() too.
"""

from django.db import migrations

from lpsa.postgresql import run_on_postgresql

# `lpsa_search` is `simple` (no stemming: names and organisations are in every language)
# with accents folded first, so "Sigridur" finds "Sigríður" and "Côte" finds "Cote".
# search_document (every searched field) decides what matches; search_names (name and
# organisation) decides which matches come first. Each has its own GIN index so that either
# set can be found without reading the other (see ProfileQuerySet.search).
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION lpsa_search (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION lpsa_search"
    " ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart"
    " WITH unaccent, simple",
    """
    ALTER TABLE members_profile
    ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        to_tsvector('lpsa_search'::regconfig, full_name)
        || to_tsvector('lpsa_search'::regconfig, organisation)
        || to_tsvector('lpsa_search'::regconfig, job_title)
        || to_tsvector('lpsa_search'::regconfig, bio)
    ) STORED,
    ADD COLUMN search_names tsvector GENERATED ALWAYS AS (
        to_tsvector('lpsa_search'::regconfig, full_name)
        || to_tsvector('lpsa_search'::regconfig, organisation)
    ) STORED
    """,
    "CREATE INDEX members_profile_search_document ON members_profile USING gin (search_document)",
    "CREATE INDEX members_profile_search_names ON members_profile USING gin (search_names)",
]
BACKWARD = [
    "ALTER TABLE members_profile DROP COLUMN IF EXISTS search_document,"
    " DROP COLUMN IF EXISTS search_names",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS lpsa_search",
]



class Migration(migrations.Migration):
    dependencies = [("members", "0008_linkedin_only_and_share_email_off")]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
