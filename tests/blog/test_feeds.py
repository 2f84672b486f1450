"""The blog's RSS and Atom feeds, whole and per topic, read by a real feed parser, and the links
that let a reader's software find them."""

import calendar
from html.parser import HTMLParser

import feedparser
import pytest
from django.conf import settings

from blog.views import FEED_ITEMS
from tests.blog.factories import AuthorFactory, BlogPageFactory
from tests.members.factories import topic

pytestmark = pytest.mark.django_db

FEEDS = {"rss": "/blog/feed.rss", "atom": "/blog/feed.atom"}


def parsed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_lists_the_latest_live_posts_newest_first_at_most_twenty(client, dated_posts, kind):
    posts = [dated_posts(days_ago=day) for day in range(FEED_ITEMS + 2)]  # newest first
    response, feed = parsed(client, FEEDS[kind])
    expected_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected_type)
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert [entry.title for entry in feed.entries] == [post.title for post in posts[:FEED_ITEMS]]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_entry_has_the_posts_title_absolute_link_summary_date_and_authors(
    client, dated_posts, kind
):
    authors = [AuthorFactory(name="Amina Diallo"), AuthorFactory(name="Jamie Boex")]
    post = dated_posts(days_ago=3, authors=authors, summary="Property tax in secondary cities.")
    _, feed = parsed(client, FEEDS[kind])
    (entry,) = feed.entries
    assert entry.title == post.title
    assert entry.link == f"{settings.SITE_URL}/blog/{post.slug}/"
    assert entry.summary == "Property tax in secondary cities."
    assert calendar.timegm(entry.published_parsed) == int(post.first_published_at.timestamp())
    assert entry.author == "Amina Diallo, Jamie Boex"
    assert feed.feed.link.startswith(settings.SITE_URL + "/blog/")
    # The id stays when the slug changes: a renamed post is not news.
    assert entry.id == f"{settings.SITE_URL}/blog/posts/{post.pk}"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_links_are_absolute_on_site_url_however_the_feed_was_fetched(client, kind):
    post = BlogPageFactory()
    response = client.get(FEEDS[kind], HTTP_HOST="localhost")
    feed = feedparser.parse(response.content)
    assert feed.entries[0].link == settings.SITE_URL + post.url
    assert "localhost" not in response.content.decode()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_drafts_and_unpublished_posts_are_not_in_a_feed(client, kind):
    live = BlogPageFactory(title="Live post")
    BlogPageFactory(title="Draft post", live=False)
    unpublished = BlogPageFactory(title="Unpublished post")
    unpublished.unpublish()
    _, feed = parsed(client, FEEDS[kind])
    assert [entry.title for entry in feed.entries] == [live.title]


@pytest.mark.parametrize("extension", ["rss", "atom"])
def test_a_topic_feed_lists_only_that_topics_live_posts(client, dated_posts, extension):
    fiscal = topic("fiscal-decentralization")
    newer = dated_posts(days_ago=1, topics=[fiscal, topic("health")])
    older = dated_posts(days_ago=2, topics=[fiscal])
    dated_posts(days_ago=0, topics=[topic("health")])
    BlogPageFactory(topics=[fiscal], live=False)
    _, feed = parsed(client, f"/blog/topics/fiscal-decentralization.{extension}")
    assert [entry.title for entry in feed.entries] == [newer.title, older.title]
    assert "Fiscal decentralization" in feed.feed.title
    assert feed.feed.link == f"{settings.SITE_URL}/blog/?topic=fiscal-decentralization"


@pytest.mark.parametrize("extension", ["rss", "atom"])
def test_an_unknown_topics_feed_is_404(client, extension):
    assert client.get(f"/blog/topics/no-such-topic.{extension}").status_code == 404


class AlternateLinks(HTMLParser):
    """The feeds a page announces: (type, href) of each <link rel="alternate">."""

    def __init__(self):
        super().__init__()
        self.feeds: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "alternate":
            self.feeds.append((attributes["type"], attributes["href"]))


def announced_feeds(client, url: str) -> list[tuple[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    parser = AlternateLinks()
    parser.feed(response.content.decode())
    return parser.feeds


RSS = ("application/rss+xml", "/blog/feed.rss")
ATOM = ("application/atom+xml", "/blog/feed.atom")


def test_every_page_announces_the_rss_feed_and_the_index_the_atom_feed_too(client):
    post = BlogPageFactory()
    assert announced_feeds(client, "/") == [RSS]
    assert announced_feeds(client, post.url) == [RSS]
    assert announced_feeds(client, "/blog/") == [RSS, ATOM]


def test_the_index_filtered_by_topic_announces_that_topics_feeds(client):
    BlogPageFactory(topics=[topic("health")])
    assert announced_feeds(client, "/blog/?topic=health") == [
        RSS,
        ATOM,
        ("application/rss+xml", "/blog/topics/health.rss"),
        ("application/atom+xml", "/blog/topics/health.atom"),
    ]
    # A topic that does not exist announces no feed of its own.
    assert announced_feeds(client, "/blog/?topic=no-such-topic") == [RSS, ATOM]


def test_every_announced_feed_parses(client):
    BlogPageFactory(topics=[topic("health")])
    for _, href in announced_feeds(client, "/blog/?topic=health"):
        _, feed = parsed(client, href)
        assert len(feed.entries) == 1
