"""What the blog's pages show beyond their own fields, and the blog's plain-Django pages: the
feeds and the documents posts link to.

Wagtail serves the pages (HomePage, BlogIndexPage, BlogPage in blog/models.py); their
`get_context` asks here. The querysets are lazy: the templates keep what they render under the
blog's version (blog/cache.py), so a kept page asks none of them.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.documents.views import serve as wagtail_documents

from blog.cache import BLOG
from blog.filters import PostFilter
from blog.models import BlogIndexPage, BlogPage
from events.cache import EVENTS
from events.models import Event
from library.cache import LIBRARY
from library.models import Resource
from lpsa.pagination import page_or_404
from taxonomy.models import Topic

POSTS_PER_PAGE = 12
FRONT_PAGE_POSTS = 3
FRONT_PAGE_EVENTS = 3
FRONT_PAGE_RESOURCES = 3
RELATED_POSTS = 3
AUTHORS_OTHER_POSTS = 3
FEED_ITEMS = 20


def home_page_context(request: HttpRequest) -> dict:
    return {
        "page_versions": (
            BLOG.current(request),
            EVENTS.current(request),
            LIBRARY.current(request),
        ),
        # Lazy like the rest: for_readers() reads the pages' view restrictions when called, a
        # query a kept page need not make.
        "latest_posts": SimpleLazyObject(
            lambda: list(
                BlogPage.objects.for_readers().for_listing().newest_first()[:FRONT_PAGE_POSTS]
            )
        ),
        # What their cards name (an event's organising group, a resource's language) comes with
        # them.
        "upcoming_events": Event.objects.visible_to(request.user)
        .upcoming()
        .select_related("working_group")
        .order_by("starts_at")[:FRONT_PAGE_EVENTS],
        "new_resources": Resource.objects.current_editions()
        .select_related("language")
        .order_by("-created_at")[:FRONT_PAGE_RESOURCES],
    }


def blog_index_context(request: HttpRequest, index: BlogIndexPage) -> dict:
    post_filter = PostFilter(
        request.GET or None, queryset=BlogPage.objects.for_readers().child_of(index)
    )
    # Counted and fetched only when the listing is rendered: a kept listing asks for none of it.
    # A page past the end raises Http404 then, which Django answers as it would from the view.
    listing = SimpleLazyObject(lambda: page_or_404(request, post_filter.results(), POSTS_PER_PAGE))
    return {
        "query_items": sorted(request.GET.lists()),
        "filter": post_filter,
        "posts": SimpleLazyObject(lambda: listing[1].object_list),
        "page_obj": SimpleLazyObject(lambda: listing[1]),
        "paginator": SimpleLazyObject(lambda: listing[0]),
        "topic_feeds": post_filter.selected_topic(),
    }


def blog_post_context(request: HttpRequest, post: BlogPage) -> dict:
    # Fetched when the post is rendered: a kept post asks for none of it.
    authors = SimpleLazyObject(
        lambda: [link.author for link in post.post_authors.select_related("author__profile")]
    )
    posts = SimpleLazyObject(BlogPage.objects.for_readers)
    others = SimpleLazyObject(
        lambda: list(
            posts.filter(post_authors__author__in=list(authors))
            .exclude(pk=post.pk)
            .distinct()
            .for_listing()
            .newest_first()[:AUTHORS_OTHER_POSTS]
        )
    )
    related = SimpleLazyObject(lambda: list(posts.related_to(post).for_listing()[:RELATED_POSTS]))
    return {
        "post_authors": authors,
        "related_posts": related,
        "authors_other_posts": others,
        "topics": post.topics.all(),
        "regions": post.regions.all(),
    }


# --- Feeds ------------------------------------------------------------------------------------
class PostsFeed(Feed):
    """The latest posts as RSS 2.0; AtomPostsFeed gives the same as Atom. Every address in a feed
    is absolute on SITE_URL, however the feed was fetched."""

    feed_type = Rss201rev2Feed
    url_name = "blog:rss"
    topic_url_name = "blog:topic_rss"

    def feed_url(self, topic=None):
        if topic:
            return settings.SITE_URL + reverse(self.topic_url_name, kwargs={"slug": topic.slug})
        return settings.SITE_URL + reverse(self.url_name)

    def title(self, topic=None):
        if topic:
            return _("Decentralization.Net: %(topic)s") % {"topic": topic.name}
        return _("Decentralization.Net")

    def description(self, topic=None):
        return _("Analysis and news on decentralization and multilevel governance from LPSA.")

    subtitle = description

    def link(self, topic=None):
        index = BlogIndexPage.objects.live().first()
        url = settings.SITE_URL + (index.url if index else "/")
        if topic:
            url += f"?topic={topic.slug}"
        return url

    def items(self, topic=None):
        posts = BlogPage.objects.for_readers()
        if topic is not None:
            posts = posts.filter(topics=topic)
        return posts.prefetch_related("post_authors__author").newest_first()[:FEED_ITEMS]

    def item_title(self, item: BlogPage) -> str:
        return item.title

    def item_description(self, item: BlogPage) -> str:
        return item.summary

    def item_link(self, item: BlogPage) -> str:
        return settings.SITE_URL + item.url

    def item_pubdate(self, item: BlogPage):
        return item.first_published_at

    def item_updateddate(self, item: BlogPage):
        return item.last_published_at

    def item_author_name(self, item: BlogPage) -> str:
        return ", ".join(author.name for author in item.authors)

    def item_guid(self, item: BlogPage) -> str:
        # The post's number, not its address: a renamed slug is not a new post to readers.
        return f"{settings.SITE_URL}/blog/posts/{item.pk}"

    item_guid_is_permalink = False


class AtomPostsFeed(PostsFeed):
    feed_type = Atom1Feed
    url_name = "blog:atom"
    topic_url_name = "blog:topic_atom"


class TopicFeedMixin:
    def get_object(self, request, slug: str):
        return get_object_or_404(Topic, slug=slug)


class TopicPostsFeed(TopicFeedMixin, PostsFeed):
    pass


class AtomTopicPostsFeed(TopicFeedMixin, AtomPostsFeed):
    pass


# --- Documents a post links to ----------------------------------------------------------------
# Wagtail serves a document with a policy of its own, default-src 'none' (the file runs and loads
# nothing); the site's rules for what no fetch directive covers are added to it.
DOCUMENT_POLICY_ADDITIONS = "base-uri 'none'; frame-ancestors 'none'; form-action 'none'"


@require_safe
def serve_document(request: HttpRequest, document_id: int, document_filename: str):
    response = wagtail_documents.serve(request, document_id, document_filename)
    policy = response.get("Content-Security-Policy")
    if policy:
        response["Content-Security-Policy"] = f"{policy}; {DOCUMENT_POLICY_ADDITIONS}"
    return response
