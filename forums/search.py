"""Search within the forums: PostgreSQL full text over each post's text, `icontains` elsewhere.

The column `forums_post.search_document` (a stored generated tsvector through the `lpsa_search`
configuration, with a GIN index) exists on PostgreSQL only, made by migration forums/0002; the
model does not declare it. The queryset searched is always already scoped by
`Post.objects.visible_to(user)`, so a result is never a post its reader may not read.
"""

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from members.search import TEXT_SEARCH_CONFIG, search_words, tsquery


def search_posts(posts, text: str):
    words = search_words(text)
    if not words:
        return posts.none()
    if connection.vendor == "postgresql":
        matches = RawSQL(
            f"forums_post.search_document @@ to_tsquery('{TEXT_SEARCH_CONFIG}', %s)",
            (tsquery(words),),
            output_field=BooleanField(),
        )
        return posts.filter(matches)
    condition = Q()
    for word in words:
        condition &= Q(source__icontains=word)
    return posts.filter(condition)
