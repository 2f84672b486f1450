"""The blog's tree, what migration 0002 leaves on a new database, reading time, and that a page is
only ever read."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site, Workflow

from blog.models import (
    WORDS_PER_MINUTE,
    BlogIndexPage,
    BlogPage,
    HomePage,
    reading_minutes,
    words_in,
)
from tests.blog.factories import BlogPageFactory, blog_index, body

pytestmark = pytest.mark.django_db


def root_page() -> Page:
    return Page.get_first_root_node()


def home_page() -> HomePage:
    return HomePage.objects.get()


# --- The tree ------------------------------------------------------------------------------------
def test_the_front_page_goes_only_under_the_root_and_only_once():
    assert HomePage.allowed_parent_page_models() == [Page]
    # Migration 0002 made the one front page: no second one, under the root or anywhere.
    assert not HomePage.can_create_at(root_page())
    assert not HomePage.can_create_at(blog_index())
    # A plain Page can be made in no editor's form: the root is the only one.
    assert not Page.is_creatable
    HomePage.objects.all().delete()
    assert HomePage.can_create_at(root_page())


def test_the_blog_index_goes_only_under_the_front_page_and_only_once():
    assert BlogIndexPage.allowed_parent_page_models() == [HomePage]
    assert HomePage.allowed_subpage_models() == [BlogIndexPage]
    index = blog_index()
    assert not BlogIndexPage.can_create_at(home_page())  # there is one already
    BlogIndexPage.objects.all().delete()
    assert BlogIndexPage.can_create_at(home_page())
    assert not BlogIndexPage.can_create_at(root_page())
    assert not BlogIndexPage.can_exist_under(index)


def test_posts_go_only_under_the_blog_index_and_have_no_children():
    assert BlogPage.allowed_parent_page_models() == [BlogIndexPage]
    assert BlogIndexPage.allowed_subpage_models() == [BlogPage]
    assert BlogPage.allowed_subpage_models() == []
    assert BlogPage.can_create_at(blog_index())
    assert not BlogPage.can_create_at(home_page())
    assert not BlogPage.can_create_at(root_page())
    post = BlogPageFactory()
    assert not BlogPage.can_create_at(post)
    assert not post.specific_class.creatable_subpage_models()


# --- Migration 0002 ------------------------------------------------------------------------------
def test_the_migration_made_the_front_page_and_the_blog_index_live_and_served_at_their_paths(
    client,
):
    home = home_page()
    index = blog_index()
    assert home.live and index.live
    assert home.get_parent().specific == root_page()
    assert index.get_parent().specific == home
    assert home.url == "/"
    assert index.url == "/blog/"
    assert client.get("/").status_code == 200
    assert client.get("/blog/").status_code == 200


def test_the_migration_pointed_the_one_site_at_the_front_page_on_site_url():
    site = Site.objects.get()
    assert site.is_default_site
    assert site.root_page.specific == home_page()
    assert site.hostname == "127.0.0.1"  # SITE_URL's host in the settings tests run with
    assert settings.SITE_URL == "http://127.0.0.1:8000"
    assert site.port == 8000
    assert site.root_url == settings.SITE_URL


def test_the_migration_made_the_editorial_groups_with_their_cms_permissions():
    editors = Group.objects.get(name="Editors")
    contributors = Group.objects.get(name="Contributors")
    assert not Group.objects.filter(name="Moderators").exists()
    for group in (editors, contributors):
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"access_admin", "add_author", "change_author"} <= codenames
    # Granted on the root, so they hold over the whole tree.
    root = root_page()
    editor_page_permissions = set(
        editors.page_permissions.filter(page=root).values_list("permission__codename", flat=True)
    )
    contributor_page_permissions = set(
        contributors.page_permissions.filter(page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert "publish_page" in editor_page_permissions
    assert "publish_page" not in contributor_page_permissions
    assert "add_page" in contributor_page_permissions


def test_the_migration_named_the_approval_workflow_for_the_editors_on_the_whole_tree():
    workflow = Workflow.objects.get(name="Editor approval")
    assert workflow.active
    task = workflow.tasks.get().specific
    assert task.name == "Editor approval"
    assert list(task.groups.all()) == [Group.objects.get(name="Editors")]
    assert root_page().get_workflow() == workflow
    assert blog_index().get_workflow() == workflow


# --- Reading time --------------------------------------------------------------------------------
def test_words_in_counts_the_text_a_reader_reads_not_ids_types_markup_or_links():
    assert words_in("<p>Local <b>revenue</b> matters</p>") == 3
    assert words_in("https://www.youtube.com/watch?v=abc") == 0
    assert words_in({"id": "f00-ba7", "type": "quote", "text": "One two", "attribution": "Me"}) == 3
    assert words_in([{"type": "paragraph", "value": "a b"}, ["c", ("d e",)]]) == 5
    assert words_in(42) == 0
    assert words_in(None) == 0


def test_reading_time_is_whole_minutes_at_the_reading_speed_and_at_least_one():
    assert reading_minutes(body(0)) == 1
    assert reading_minutes(body(WORDS_PER_MINUTE)) == 1
    assert reading_minutes(body(WORDS_PER_MINUTE + 1)) == 2
    assert reading_minutes(body(5 * WORDS_PER_MINUTE)) == 5


def test_a_post_stores_its_reading_time_when_saved_and_shows_it(client):
    post = BlogPageFactory(body=body(3 * WORDS_PER_MINUTE + 10))
    assert post.reading_minutes == 4
    post.body = body(10)
    post.save_revision().publish()
    post.refresh_from_db()
    assert post.reading_minutes == 1
    assert "1 min read" in client.get(post.url).content.decode()


# --- Pages are read, never posted to ---------------------------------------------------------
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_posting_to_a_page_answers_405(client, method):
    post = BlogPageFactory()
    for url in ("/", "/blog/", post.url):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (url, response.status_code)
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_head_of_a_page_answers_200(client):
    post = BlogPageFactory()
    assert client.head(post.url).status_code == 200


def test_routing_finds_live_posts_only(client):
    live = BlogPageFactory()
    draft = BlogPageFactory(live=False)
    assert client.get(live.url).status_code == 200
    assert client.get(f"/blog/{draft.slug}/").status_code == 404
    assert client.get("/blog/no-such-post/").status_code == 404
    assert client.get(f"/blog/{live.slug}/deeper/").status_code == 404


def test_routing_reads_each_level_with_its_own_fields_in_one_query(rf):
    post = BlogPageFactory()
    front_page = HomePage.objects.get()
    request = rf.get(post.url)
    with CaptureQueriesContext(connection) as captured:
        found, _args, _kwargs = front_page.route(request, ["blog", post.slug])
    assert type(found) is BlogPage and found.pk == post.pk
    assert found.summary == post.summary
    assert len(captured) == 2  # the index, then the post
