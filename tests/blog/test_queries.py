"""What the blog's pages cost in queries, as visitors read them: the same with 10 posts as with
5,000, and few once a page is kept rendered (blog/cache.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog import demo
from blog.models import BlogPage

pytestmark = pytest.mark.django_db

FRONT_PAGE = "/"
BLOG_INDEX = "/blog/"
TOPIC = "/blog/?topic=fiscal-decentralization"
POST = f"/blog/{demo.POSTS[0].slug}/"
PAGES = (FRONT_PAGE, BLOG_INDEX, TOPIC, POST)

# A kept page still goes through Wagtail's routing: the site's root page and its type's fields,
# then one query per level of the tree below it (blog.models.PublicPage.route), the check for
# aliases and the view restrictions on the way (a post: 6 queries). The index's filtered list
# reads the view restrictions once more when built (PageQuerySet.public()), and a topic in the
# query string is looked up to name its feeds.
MAX_WARM = {FRONT_PAGE: 4, BLOG_INDEX: 6, TOPIC: 7, POST: 6}
MAX_COLD = 30


def queries(url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)  # a visitor
    assert response.status_code == 200, url
    return len(captured)


def cold_and_warm(clear_cache) -> dict[str, tuple[int, int]]:
    """Each page with the caches emptied, then again: (cold, warm) queries. Each is asked for
    once first, so that the images' renditions exist, as they do on a site in use."""
    for url in PAGES:
        queries(url)
    counts = {}
    for url in PAGES:
        clear_cache()
        counts[url] = (queries(url), queries(url))
    return counts


def test_the_pages_cost_the_same_queries_with_10_or_5000_posts(clear_cache):
    demo.seed(posts=10)
    small = cold_and_warm(clear_cache)
    demo.seed(posts=5000)
    assert BlogPage.objects.live().count() == 5000
    large = cold_and_warm(clear_cache)

    assert large == small
    for url, (cold, warm) in large.items():
        assert warm <= MAX_WARM[url], (url, warm)
        assert warm < cold <= MAX_COLD, (url, cold)


def test_a_kept_page_asks_for_no_posts(clear_cache):
    demo.seed(posts=10)
    for url in PAGES:
        queries(url)
        with CaptureQueriesContext(connection) as captured:
            Client().get(url)
        asked = [query["sql"] for query in captured.captured_queries]
        # Only Wagtail's routing reads a post: the one served.
        assert sum('"blog_blogpage"' in sql for sql in asked) == (url == POST), url
        assert not any("blog_blogpageauthor" in sql or "COUNT(" in sql for sql in asked), url


def test_the_index_fetched_when_rendered_still_answers_404_past_its_end():
    demo.seed(posts=10)
    client = Client()
    assert client.get(BLOG_INDEX, {"page": 1}).status_code == 200
    assert client.get(BLOG_INDEX, {"page": 2}).status_code == 404  # 12 posts a page
    assert client.get(BLOG_INDEX, {"page": "two"}).status_code == 404
    # A kept first page does not make a page past the end exist.
    assert client.get(BLOG_INDEX, {"page": 2}).status_code == 404
