"""The blog's demo content: a handful of posts published as an editor publishes them, and generated
posts made in bulk that are Wagtail pages like any other."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from blog import demo
from blog.models import Author, BlogImage, BlogIndexPage, BlogPage, BlogPageAuthor, words_in
from lpsa.demo_logins import DEMO_MEMBER
from members import demo as members_demo

pytestmark = pytest.mark.django_db

POST_BLOCKS = {"paragraph", "heading", "image", "quote", "call_out", "table", "document"}


def tree_problems() -> str:
    """What `manage.py fixtree` finds wrong with the page tree, or "" when nothing."""
    out = StringIO()
    call_command("fixtree", "--noinput", stdout=out)
    report = out.getvalue()
    assert report.count("No problems found.") == 2, report  # pages, then collections
    return "".join(str(problems) for problems in Page.find_problems() if problems)


def rows() -> tuple[int, ...]:
    return (
        Page.objects.count(),
        Revision.objects.count(),
        BlogImage.objects.count(),
        get_document_model().objects.count(),
        Author.objects.count(),
        BlogPageAuthor.objects.count(),
    )


def test_the_handful_is_published_once_with_images_authors_and_taxonomy():
    members_demo.seed(members=2)
    summary = demo.seed()
    assert summary.startswith(f"{len(demo.POSTS)} posts created")

    posts = list(BlogPage.objects.live().order_by("-first_published_at"))
    assert [post.slug for post in posts] == [spec.slug for spec in demo.POSTS]
    assert len({post.first_published_at for post in posts}) == len(posts)
    assert posts[0].first_published_at == demo.ANCHOR
    used_blocks = set()
    for post in posts:
        # Published through a revision, as the CMS shows a page an editor published.
        assert post.live_revision_id == post.latest_revision_id is not None
        assert not post.has_unpublished_changes
        assert post.last_published_at == post.first_published_at
        image = post.featured_image
        assert (image.width, image.height) == demo.IMAGE_SIZE and image.credit
        assert image.file.storage.exists(image.file.name)
        assert post.topics.exists() and post.regions.exists() and post.countries
        assert post.authors and post.summary
        assert 300 <= words_in(list(post.body.raw_data)) <= 900, post.slug
        used_blocks |= {block["type"] for block in post.body.raw_data}
    assert used_blocks >= POST_BLOCKS

    demo_author = Author.objects.get(name="Demo Member")
    assert demo_author.profile.user.email == DEMO_MEMBER.email
    assert demo_author.post_links.count() >= 2
    # The first seeded member writes under their own name, linked to their profile.
    seeded = Author.objects.get(profile__user__email=members_demo.seeded_email(1))
    assert seeded.name == seeded.profile.full_name and seeded.post_links.exists()
    assert tree_problems() == ""

    counts = rows()
    assert demo.seed().startswith("0 posts created")
    assert rows() == counts


def test_a_demo_post_is_served_with_its_blocks(client):
    demo.seed()
    spec = demo.POSTS[4]  # the LoGICA post: a table and a document link
    post = BlogPage.objects.get(slug=spec.slug)
    response = client.get(post.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert spec.title in html
    assert "<table" in html and "Reading the three dimensions together" in html
    assert get_document_model().objects.get(title=demo.DOCUMENT_TITLE).url in html
    assert demo.IMAGE_CREDIT in html  # the featured image's credit


def test_generated_posts_are_wagtail_pages_served_at_their_address(client):
    demo.seed(posts=len(demo.POSTS) + 30)
    index = BlogIndexPage.objects.get()
    assert BlogPage.objects.child_of(index).live().count() == len(demo.POSTS) + 30
    assert index.numchild == index.get_children().count() == len(demo.POSTS) + 30
    assert tree_problems() == ""

    for n in (0, 29):
        post = Page.objects.get(slug=demo.generated_slug(n))
        assert type(post.specific) is BlogPage
        assert post.get_parent().specific == index
        assert post.url_path == f"{index.url_path}{post.slug}/"
        response = client.get(post.url)
        assert response.status_code == 200
        assert post.title in response.content.decode()
    generated = BlogPage.objects.get(slug=demo.generated_slug(0))
    assert generated.featured_image and generated.topics.exists() and generated.authors
    assert generated.reading_minutes >= 1 and generated.first_published_at < demo.ANCHOR

    # Topping up adds only what is missing, after the pages already there.
    assert demo.seed(posts=len(demo.POSTS) + 40).startswith("10 posts created")
    assert BlogPage.objects.count() == len(demo.POSTS) + 40
    assert tree_problems() == ""
    # ...and the tree still takes a page added the CMS's way.
    index.refresh_from_db()
    added = index.add_child(
        instance=BlogPage(title="Added by an editor", slug="added", summary="S.", body=[])
    )
    assert added.path > Page.objects.get(slug=demo.generated_slug(39)).path
    assert tree_problems() == ""


def test_post_n_is_the_same_in_every_database():
    demo.seed(posts=len(demo.POSTS) + 3)
    first = {
        p.slug: (p.title, p.summary, p.first_published_at, p.body.raw_data[0]["id"])
        for p in BlogPage.objects.all()
    }
    BlogPage.objects.filter(slug=demo.generated_slug(2)).delete()
    demo.seed(posts=len(demo.POSTS) + 3)
    again = {
        p.slug: (p.title, p.summary, p.first_published_at, p.body.raw_data[0]["id"])
        for p in BlogPage.objects.all()
    }
    assert again == first
