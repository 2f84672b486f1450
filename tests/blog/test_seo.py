"""What search engines and sharing read: sitemap.xml, robots.txt, and each page's canonical
address and OpenGraph/Twitter card."""

from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings
from PIL import Image

from events.models import Event
from tests.blog.factories import BlogImageFactory, BlogPageFactory
from tests.events.factories import EventFactory
from tests.library.factories import GlossaryTermFactory, ResourceFactory

pytestmark = pytest.mark.django_db

SITEMAP_NAMESPACE = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NAMESPACE)]


def test_the_sitemap_lists_every_public_page_and_nothing_else(client):
    post = BlogPageFactory()
    draft = BlogPageFactory(live=False)
    unpublished = BlogPageFactory()
    unpublished.unpublish()
    public_event = EventFactory()
    members_event = EventFactory(visibility=Event.Visibility.MEMBERS)
    resource = ResourceFactory()
    term = GlossaryTermFactory()

    locations = sitemap_locations(client)
    paths = [urlsplit(location).path for location in locations]
    for path in (
        "/",
        "/blog/",
        post.url,
        public_event.get_absolute_url(),
        resource.get_absolute_url(),
        term.get_absolute_url(),
    ):
        assert paths.count(path) == 1, path
    for path in (draft.url or f"/blog/{draft.slug}/", f"/blog/{unpublished.slug}/"):
        assert path not in paths
    assert members_event.get_absolute_url() not in paths
    assert len(paths) == 6
    # Absolute addresses on the portal's own: one host for search engines, as in the feeds.
    assert all(location.startswith(settings.SITE_URL + "/") for location in locations)


def test_robots_txt_keeps_crawlers_out_of_the_cms_admin_and_accounts_and_names_the_sitemap(
    client,
):
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow")}
    assert {"/cms/", "/admin/", "/accounts/", "/library/*/download/"} <= disallowed
    assert "/blog/" not in disallowed and "/" not in disallowed
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    assert client.post("/robots.txt").status_code == 405


class HeadTags(HTMLParser):
    """The canonical link and the <meta property|name=... content=...> tags of a page."""

    def __init__(self):
        super().__init__()
        self.canonical: list[str] = []
        self.meta: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "canonical":
            self.canonical.append(attributes["href"])
        if tag == "meta" and "content" in attributes:
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta.setdefault(key, []).append(attributes["content"])


def head_tags(client, url: str) -> HeadTags:
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200
    tags = HeadTags()
    tags.feed(response.content.decode())
    return tags


def one(tags: HeadTags, key: str) -> str:
    (value,) = tags.meta[key]
    return value


def test_the_front_page_has_its_canonical_address_and_card(client):
    tags = head_tags(client, "/")
    assert tags.canonical == [settings.SITE_URL + "/"]
    assert one(tags, "og:url") == settings.SITE_URL + "/"
    assert one(tags, "og:type") == "website"
    assert one(tags, "og:title") == "Local Public Sector Alliance"
    assert one(tags, "og:description").startswith("The Local Public Sector Alliance is")
    assert one(tags, "twitter:card") == "summary"
    assert "og:image" not in tags.meta


def test_the_blog_index_has_one_canonical_address_whatever_its_filters(client):
    tags = head_tags(client, "/blog/?topic=health&page=1")
    assert tags.canonical == [settings.SITE_URL + "/blog/"]
    assert one(tags, "og:title") == "Decentralization.Net"
    assert one(tags, "og:description").startswith("Analysis and news")
    assert one(tags, "twitter:title") == "Decentralization.Net"


def test_a_post_is_shared_as_an_article_with_its_summary_and_its_featured_image(client):
    image = BlogImageFactory(title="Council chamber")
    post = BlogPageFactory(
        title="Property tax in secondary cities",
        summary="Three cities doubled their own revenue.",
        featured_image=image,
    )
    tags = head_tags(client, post.url)
    canonical = f"{settings.SITE_URL}/blog/{post.slug}/"
    assert tags.canonical == [canonical]
    assert one(tags, "og:url") == canonical
    assert one(tags, "og:type") == "article"
    assert one(tags, "og:title") == "Property tax in secondary cities"
    assert one(tags, "og:description") == "Three cities doubled their own revenue."
    assert one(tags, "twitter:description") == "Three cities doubled their own revenue."
    assert one(tags, "twitter:card") == "summary_large_image"
    card_url = one(tags, "og:image")
    assert card_url.startswith(settings.SITE_URL + settings.MEDIA_URL)
    assert card_url.endswith(".jpg")
    assert one(tags, "twitter:image") == card_url
    assert one(tags, "og:image:alt") == "Council chamber"
    # The card is a real JPEG the portal serves, of the size the tags give: about 1200x630
    # (Wagtail's fill may round the crop by a pixel).
    response = client.get(urlsplit(card_url).path)
    assert response.status_code == 200
    with Image.open(BytesIO(b"".join(response.streaming_content))) as card:
        assert card.format == "JPEG"
        assert (one(tags, "og:image:width"), one(tags, "og:image:height")) == (
            str(card.width),
            str(card.height),
        )
        assert card.width == 1200 and abs(card.height - 630) <= 1


def test_a_posts_search_description_and_seo_title_win_over_its_title_and_summary(client):
    post = BlogPageFactory(seo_title="Property tax, explained", search_description="In short.")
    tags = head_tags(client, post.url)
    assert one(tags, "og:title") == "Property tax, explained"
    assert one(tags, "og:description") == "In short."
    assert one(tags, "description") == "In short."
