"""The version of what the blog keeps rendered (lpsa/page_cache.py): publishing, unpublishing or
changing any page, author or image moves it on, and so does a change to the taxonomy the pages
name. The front page also keys on the events' and the library's versions, whose rows it shows."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from lpsa.page_cache import PageVersion

BLOG = PageVersion("blog:version")

# Fragments are keyed on the version, so an old one is never read; this only frees memory.
FRAGMENT_SECONDS = 6 * 3600


def page_changed(**kwargs) -> None:
    BLOG.changed()


def connect_signals() -> None:
    from wagtail.models import Page

    from blog.models import (
        Author,
        BlogImage,
        BlogIndexPage,
        BlogPage,
        BlogPageAuthor,
        HomePage,
    )
    from taxonomy.models import Region, Topic

    BLOG.connect(
        HomePage,
        BlogIndexPage,
        BlogPage,
        BlogPageAuthor,
        Author,
        BlogImage,
        Topic,
        Region,
        m2m=(BlogPage.topics.through, BlogPage.regions.through),
    )
    # Publishing saves the specific page, but a move, a scheduled expiry or a deletion may reach
    # the tree as a plain Page. (A new rendition is only a file made on demand: no change.)
    for signal in (post_save, post_delete):
        signal.connect(
            page_changed, sender=Page, weak=False, dispatch_uid=f"blog-page-{id(signal)}"
        )
    for signal in (page_published, page_unpublished):
        signal.connect(page_changed, weak=False, dispatch_uid=f"blog-{id(signal)}")
