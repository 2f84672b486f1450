"""Decentralization.Net in Wagtail: the visitors' front page, the blog index and its posts, the
authors who write them, and the images the CMS holds.

The tree is fixed: the site's root is the one HomePage, whose one child is the BlogIndexPage,
whose children are the BlogPages (`parent_page_types` / `subpage_types` below; migration 0002
makes the first two).
"""

import math
import re
import uuid

from django.conf import settings
from django.db import models
from django.http import Http404, HttpResponseNotAllowed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from blog.blocks import HomeBodyBlock, PostBodyBlock
from blog.cache import BLOG, FRAGMENT_SECONDS
from lpsa.slugs import unique_slug
from taxonomy.models import Region, Topic

# Words a reader gets through in a minute, for a post's reading time: a middle figure for adults
# reading non-fiction in a second language, as many of the Alliance's readers do.
WORDS_PER_MINUTE = 200


class BlogImage(AbstractImage):
    """Wagtail's image with a credit, shown under the picture wherever a post uses it."""

    credit = models.CharField(_("credit"), max_length=160, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class BlogRendition(AbstractRendition):
    image = models.ForeignKey(BlogImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class Author(index.Indexed, models.Model):
    """Who wrote a post: an Alliance member (then linked to their profile) or anyone else."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, blank=True)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("Position and organisation.")
    )
    bio = models.TextField(_("short biography"), blank=True, max_length=800)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    profile = models.ForeignKey(
        "members.Profile",
        verbose_name=_("member profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_authors",
        help_text=_("If the author is an Alliance member, their name links to their profile."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("profile"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, fallback="author")
        super().save(*args, **kwargs)


class PublicPage(Page):
    """A page of the public site: read, never posted to (Wagtail's serve would otherwise render
    it for any method), with its canonical address and its card for sharing."""

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().serve(request, *args, **kwargs)

    # The one page type below this one (subpage_types), if any: routing finds a child with its
    # own fields in one query, where Wagtail's asks for the page, then again for its type's.
    child_page_model = None

    def route(self, request, path_components):
        if not path_components or self.child_page_model is None:
            return super().route(request, path_components)
        try:
            child = self.child_page_model.objects.child_of(self).get(slug=path_components[0])
        except self.child_page_model.DoesNotExist as missing:
            raise Http404 from missing
        child._cached_parent_obj = self  # as Wagtail's route does: no query for the parent
        return child.route(request, path_components[1:])

    def share_text(self) -> str:
        return ""

    def share_image(self):
        return None

    def get_context(self, request, *args, **kwargs):
        # A preview in the CMS shows a draft, to an editor who may see more than visitors
        # (members-only events): it reads no kept fragment and leaves none (a key of its own,
        # kept for no time), so no visitor is ever served what an editor previewed.
        previewing = getattr(request, "is_preview", False)
        return {
            **super().get_context(request, *args, **kwargs),
            # SITE_URL, not the request's host: one canonical address however a page is reached.
            "site_url": settings.SITE_URL,
            "canonical_url": settings.SITE_URL + self.get_url(request),
            "share_description": self.search_description or self.share_text(),
            # Called when the sharing tags render, so a kept page never fetches the image.
            "share_image": self.share_image,
            "blog_version": BLOG.current(request),
            "fragment_seconds": 0 if previewing else FRAGMENT_SECONDS,
            "preview_key": uuid.uuid4().hex if previewing else "",
        }


class HomePage(PublicPage):
    """The visitors' front page: what the Alliance is, in the CMS's words, then the latest posts,
    upcoming events and new resources, and the invitation to join. Signed-in members land on
    their portal home instead (lpsa.views.home)."""

    lead = models.TextField(_("lead"), max_length=600)
    body = StreamField(HomeBodyBlock(), verbose_name=_("body"), blank=True)
    join_title = models.CharField(_("join heading"), max_length=120)
    join_text = models.TextField(_("join text"), max_length=600)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("join_title"), FieldPanel("join_text")], _("Join")),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("front page")

    def share_text(self) -> str:
        return self.lead

    def get_context(self, request, *args, **kwargs):
        from blog.views import home_page_context

        return {**super().get_context(request, *args, **kwargs), **home_page_context(request)}


class BlogIndexPage(PublicPage):
    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["blog.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count = 1

    class Meta:
        verbose_name = _("blog index")

    def share_text(self) -> str:
        return self.intro

    def get_context(self, request, *args, **kwargs):
        from blog.views import blog_index_context

        context = super().get_context(request, *args, **kwargs)
        return {**context, **blog_index_context(request, self)}


class BlogPageQuerySet(PageQuerySet):
    def for_readers(self):
        """What readers may see: live posts without a view restriction."""
        return self.live().public()

    def for_listing(self):
        """What a post's card shows, fetched for a whole page of cards at once."""
        return (
            self.select_related("featured_image")
            .prefetch_related("featured_image__renditions", "post_authors__author")
            .defer_streamfields()
        )

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def by_author(self, author: Author):
        return self.filter(post_authors__author=author)

    def in_country(self, code: str):
        # CountryField(multiple=True) keeps codes comma-separated: match a whole code only.
        return self.filter(countries__regex=rf"(^|,){re.escape(code.upper())}(,|$)")

    def related_to(self, post: "BlogPage"):
        """Other posts sharing a topic with `post`, those sharing most first."""
        return (
            self.exclude(pk=post.pk)
            .filter(topics__in=post.topics.all())
            .annotate(shared_topics=models.Count("topics"))
            .order_by("-shared_topics", "-first_published_at")
        )


BlogPageManager = PageManager.from_queryset(BlogPageQuerySet)


class BlogPage(PublicPage):
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences: shown on the index, in feeds and when shared."),
    )
    featured_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(PostBodyBlock(), verbose_name=_("body"))
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="blog_posts"
    )
    regions = ParentalManyToManyField(
        Region, verbose_name=_("world regions"), blank=True, related_name="blog_posts"
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(_("reading time"), default=1, editable=False)

    objects = BlogPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("featured_image"),
        InlinePanel("post_authors", label=_("Author"), heading=_("Authors"), min_num=1),
        FieldPanel("body"),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("regions"), FieldPanel("countries")],
            _("Taxonomy"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields(
            "post_authors", [index.RelatedFields("author", [index.SearchField("name")])]
        ),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")

    def share_text(self) -> str:
        return self.summary

    def share_image(self):
        return self.featured_image

    def save(self, *args, **kwargs):
        self.reading_minutes = reading_minutes(self.body.raw_data)
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from blog.views import blog_post_context

        context = super().get_context(request, *args, **kwargs)
        return {**context, **blog_post_context(request, self)}

    @property
    def authors(self) -> list[Author]:
        return [link.author for link in self.post_authors.all()]


class BlogPageAuthor(Orderable):
    page = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="post_authors")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="post_links"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="blog_author_once_per_post")
        ]


HomePage.child_page_model = BlogIndexPage
BlogIndexPage.child_page_model = BlogPage


def words_in(value) -> int:
    """The words a reader reads in a block's stored value: its text, not its ids or links."""
    if isinstance(value, str):
        if value.startswith(("http://", "https://")):
            return 0
        return len(strip_tags(value).split())
    if isinstance(value, dict):
        return sum(words_in(item) for key, item in value.items() if key not in {"id", "type"})
    if isinstance(value, list | tuple):
        return sum(words_in(item) for item in value)
    return 0


def reading_minutes(raw_body) -> int:
    return max(1, math.ceil(words_in(list(raw_body)) / WORDS_PER_MINUTE))
