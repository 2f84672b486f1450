"""Search within the forums: PostgreSQL full text over each post's text, `icontains` elsewhere.

The columns `forums_post.search_document` and `forums_topic.search_title` (stored generated
tsvectors through the `lpsa_search` configuration, each with a GIN index) exist on PostgreSQL
only, made by migration forums/0002; the models do not declare them. A topic whose title matches
is found as its opening post. The queryset searched is always already scoped by
`Post.objects.visible_to(user)`, so a result is never a post its reader may not read.
"""

from django.db import connection
from django.db.models import Q

from lpsa.pagination import COUNT_CAP
from members.search import TEXT_SEARCH_CONFIG, search_words, tsquery

# The newest matches a search can page through: as far as the paginator counts.
MAX_MATCHES = COUNT_CAP + 1
MATCHING_IDS = f"""
    SELECT id FROM forums_post
    WHERE search_document @@ to_tsquery('{TEXT_SEARCH_CONFIG}', %(query)s)
    UNION
    SELECT p.id FROM forums_post p JOIN forums_topic t ON t.id = p.topic_id
    WHERE t.search_title @@ to_tsquery('{TEXT_SEARCH_CONFIG}', %(query)s) AND p.number = 1
    ORDER BY id DESC
    LIMIT %(limit)s
"""


def search_posts(posts, text: str):
    words = search_words(text)
    if not words:
        return posts.none()
    if connection.vendor == "postgresql":
        query = tsquery(words)
        # The newest matching ids straight from the two GIN indexes, in a query of their own:
        # joined with the visibility scope, the planner was seen to read every post of the
        # forum for a rare word. The scope then applies to at most MAX_MATCHES rows.
        with connection.cursor() as cursor:
            cursor.execute(MATCHING_IDS, {"query": query, "limit": MAX_MATCHES})
            ids = [row[0] for row in cursor.fetchall()]
        return posts.filter(pk__in=ids)
    in_text, titled = Q(), Q(number=1)
    for word in words:
        in_text &= Q(source__icontains=word)
        titled &= Q(topic__title__icontains=word)
    return posts.filter(in_text | titled)
