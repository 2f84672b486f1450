from library.models import GlossaryTerm, Resource
from lpsa.sitemaps import PublicRowsSitemap


class ResourceSitemap(PublicRowsSitemap):
    """Every current edition: a members-only resource's page is public, only its file is not."""

    def items(self):
        return Resource.objects.current_editions().order_by("pk").only("slug", "updated_at")


class GlossarySitemap(PublicRowsSitemap):
    def items(self):
        return GlossaryTerm.objects.order_by("pk").only("slug", "updated_at")
