"""The blog's public pages: none of Wagtail's own script or styles, small on a slow connection,
and never a stale or someone else's kept copy."""

import gzip
import json
import random
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from blog.models import HomePage
from events.models import Event
from tests.blog.conftest import card_titles
from tests.blog.factories import (
    AuthorFactory,
    BlogImageFactory,
    BlogPageFactory,
    cms_user,
)
from tests.blog.test_publishing import post_form
from tests.events.factories import EventFactory
from tests.members.factories import topic

pytestmark = pytest.mark.django_db

VOCABULARY = """Decentralization shifts responsibilities, resources and authority from central
government to subnational governments: provinces, districts, municipalities and villages. Fiscal
decentralization assigns expenditure functions and revenue sources, designs intergovernmental
fiscal transfers and sets the rules for subnational borrowing. Administrative decentralization
moves civil servants, procurement, planning and budgeting closer to citizens, while political
decentralization lets local councils be elected and held accountable. Localization asks donors
to channel funding through local actors; multilevel governance coordinates mayors, ministries,
regional assemblies and community organisations around health clinics, primary schools, water
supply, sanitation, roads, markets, property tax rolls and climate adaptation plans."""


def public_urls() -> list[str]:
    post = BlogPageFactory(featured_image=BlogImageFactory(), topics=[topic("health")])
    BlogPageFactory(topics=[topic("health")], authors=post.authors)
    return ["/", "/blog/", "/blog/?topic=health", post.url]


def assert_no_wagtail_front_end(html: str) -> None:
    assert not re.search(r"/static/wagtail", html)
    assert "wagtail-userbar" not in html and "w-userbar" not in html
    # Every script is a file of the portal's own (the CSP allows no inline script anyway).
    for script in re.findall(r"<script\b[^>]*>", html):
        assert re.search(r'\bsrc="/static/(?!wagtail)', script), script
    assert not re.search(r"<script\b[^>]*>(?!</script>)", html)  # nothing between the tags
    assert not re.search(r"\son[a-z]+=", html)  # no inline handlers
    assert " style=" not in html


def test_public_pages_carry_none_of_wagtails_front_end_for_visitors(client):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200
        assert_no_wagtail_front_end(response.content.decode())


def test_public_pages_carry_none_of_wagtails_front_end_for_an_editor_either(client):
    urls = public_urls()
    client.force_login(cms_user("Editors"))
    for url in urls[1:]:  # "/" is the portal home for anyone signed in
        response = client.get(url)
        assert response.status_code == 200
        assert_no_wagtail_front_end(response.content.decode())


def test_a_long_post_with_images_is_under_100_kb_gzipped(client):
    images = [BlogImageFactory() for _ in range(6)]
    # 3,000 words drawn at random, so that gzip gains no more than on real prose.
    words = random.Random(9).choices(sorted(set(re.findall(r"[a-z]+", VOCABULARY))), k=3000)
    paragraphs = [
        {"type": "paragraph", "value": "<p>" + " ".join(words[start : start + 300]) + "</p>"}
        for start in range(0, 3000, 300)
    ]
    blocks = [
        block
        for paragraph, image in zip(paragraphs, images * 2, strict=False)
        for block in (paragraph, {"type": "image", "value": {"image": image.pk, "caption": "A"}})
    ]
    post = BlogPageFactory(featured_image=images[0], body=blocks)
    related = [
        BlogPageFactory(featured_image=image, authors=post.authors, topics=[topic("health")])
        for image in images
    ]
    post.topics.set([topic("health")])
    post.save_revision().publish()
    assert related

    response = client.get(post.url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert html.count("<picture>") >= 7  # the featured image and the body's, at least
    # What a first visit downloads besides the pictures: the page and the portal's own
    # stylesheet, script and icon, each compressed as WhiteNoise serves them in production.
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert {"css/portal.css", "js/timezone.js"} <= set(assets)
    asset_bytes = sum(
        len(gzip.compress(Path(finders.find(asset)).read_bytes())) for asset in assets
    )
    assert len(response.content) + asset_bytes < 100 * 1024


# --- Kept pages ----------------------------------------------------------------------------------
def test_the_index_and_a_post_change_when_a_post_is_published_edited_or_unpublished(client):
    first = BlogPageFactory(title="First post", topics=[topic("health")])
    assert card_titles(client.get("/blog/").content.decode()) == ["First post"]
    assert client.get(first.url).status_code == 200

    second = BlogPageFactory(title="Second post", topics=[topic("health")])
    assert card_titles(client.get("/blog/").content.decode()) == ["Second post", "First post"]
    # The first post's page now shows the second as related.
    assert "Second post" in client.get(first.url).content.decode()

    second.title = "Second post, revised"
    second.save_revision().publish()
    assert "Second post, revised" in card_titles(client.get("/blog/").content.decode())
    assert "Second post, revised" in client.get(first.url).content.decode()
    assert (
        '<h1 id="post-title">Second post, revised</h1>' in client.get(second.url).content.decode()
    )

    second.unpublish()
    assert card_titles(client.get("/blog/").content.decode()) == ["First post"]
    assert "Second post" not in client.get(first.url).content.decode()
    assert client.get("/blog/second-post/").status_code == 404
    assert "First post" in card_titles(client.get("/").content.decode())


def test_a_saved_draft_does_not_reach_the_kept_pages_and_its_publication_does(client):
    post = BlogPageFactory(title="Published title")
    assert "Published title" in client.get(post.url).content.decode()
    post.title = "Draft title"
    post.save_revision()
    assert "Draft title" not in client.get(post.url).content.decode()
    assert "Draft title" not in client.get("/blog/").content.decode()
    post.get_latest_revision().publish()
    assert "Draft title" in client.get(post.url).content.decode()
    assert "Draft title" in client.get("/blog/").content.decode()


def test_a_renamed_author_or_topic_shows_on_the_kept_pages(client):
    author = AuthorFactory(name="Amina Diallo")
    post = BlogPageFactory(authors=[author], topics=[topic("health")])
    assert "Amina Diallo" in client.get(post.url).content.decode()
    author.name = "Amina Diallo-Keita"
    author.save()
    assert "Amina Diallo-Keita" in client.get(post.url).content.decode()
    health = topic("health")
    health.name = "Health services"
    health.save()
    assert "Health services" in client.get(post.url).content.decode()


def test_a_post_kept_for_a_member_reaches_a_visitor_without_the_members_parts(client, member):
    post = BlogPageFactory()
    client.force_login(member)
    member_html = client.get(post.url).content.decode()
    client.logout()
    visitor_html = client.get(post.url).content.decode()
    log_out = reverse("account_logout")
    assert log_out in member_html and log_out not in visitor_html
    assert member.profile.full_name not in visitor_html


# --- Previews --------------------------------------------------------------------------------
def preview(client, page, data: dict) -> str:
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    response = client.post(url, data)
    assert json.loads(response.content)["is_valid"], response.content
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("visitor_first", [True, False])
def test_an_editors_preview_of_a_draft_never_reaches_a_visitor(client, visitor_first):
    post = BlogPageFactory(
        title="Property tax in secondary cities", slug="property-tax-in-secondary-cities"
    )
    if visitor_first:
        assert "Property tax in secondary cities" in client.get(post.url).content.decode()
    client.force_login(cms_user("Editors"))
    previewed = preview(client, post, post_form("", title="Unannounced draft title"))
    # The preview shows the draft, not the page visitors are kept.
    assert "Unannounced draft title" in previewed
    client.logout()
    html = client.get(post.url).content.decode()
    assert "Unannounced draft title" not in html
    assert "Property tax in secondary cities" in html


def test_an_editors_preview_of_the_front_page_never_shows_visitors_members_only_events(client):
    EventFactory(title="Members-only clinic", visibility=Event.Visibility.MEMBERS)
    EventFactory(title="Public webinar")
    client.force_login(cms_user("Editors"))
    home = HomePage.objects.get()
    previewed = preview(
        client,
        home,
        {
            "title": home.title,
            "slug": home.slug,
            "lead": home.lead,
            "body-count": "0",
            "join_title": home.join_title,
            "join_text": home.join_text,
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        },
    )
    assert "Public webinar" in previewed
    client.logout()
    html = client.get("/").content.decode()
    assert "Public webinar" in html
    assert "Members-only clinic" not in html
