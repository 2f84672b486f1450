"""The forums' full-text search column on PostgreSQL only (see forums/search.py).

A stored generated column, as for the member directory (members/0009): it keeps itself current
under bulk_create and update() too, and its GIN index answers a word among 100,000 posts without
reading them. SQLite has neither the column nor the configuration; search there is icontains.
"""

from django.db import migrations

from lpsa.postgresql import run_on_postgresql

FORWARD = [
    """
    ALTER TABLE forums_post ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        to_tsvector('lpsa_search'::regconfig, source)
    ) STORED
    """,
    "CREATE INDEX forums_post_search_document ON forums_post USING gin (search_document)",
    # A topic's title is searched too, and found as its opening post.
    """
    ALTER TABLE forums_topic ADD COLUMN search_title tsvector GENERATED ALWAYS AS (
        to_tsvector('lpsa_search'::regconfig, title)
    ) STORED
    """,
    "CREATE INDEX forums_topic_search_title ON forums_topic USING gin (search_title)",
]
BACKWARD = [
    "ALTER TABLE forums_post DROP COLUMN IF EXISTS search_document",
    "ALTER TABLE forums_topic DROP COLUMN IF EXISTS search_title",
]



class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
        # The lpsa_search text search configuration.
        ("members", "0009_profile_search_document"),
    ]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
