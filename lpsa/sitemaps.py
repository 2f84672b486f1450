"""sitemap.xml: every public page a search engine should know, one section per app."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from events.models import Event
from library.models import GlossaryTerm, Resource


class PublicRowsSitemap(Sitemap):
    """The rows of a model anyone may read, each at its get_absolute_url()."""

    limit = 5000

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(PublicRowsSitemap):
    def items(self):
        return (
            Event.objects.visible_to(AnonymousUser())
            .order_by("-starts_at")
            .only("slug", "updated_at")
        )


class ResourceSitemap(PublicRowsSitemap):
    def items(self):
        return Resource.objects.current_editions().order_by("pk").only("slug", "updated_at")


class GlossarySitemap(PublicRowsSitemap):
    def items(self):
        return GlossaryTerm.objects.order_by("pk").only("slug", "updated_at")


SITEMAPS = {
    # The front page, the blog index and the posts, from Wagtail's tree (live and public only).
    "pages": WagtailSitemap,
    "events": EventSitemap,
    "library": ResourceSitemap,
    "glossary": GlossarySitemap,
}
