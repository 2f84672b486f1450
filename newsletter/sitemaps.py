from lpsa.sitemaps import PublicRowsSitemap
from newsletter.models import Issue


class IssueSitemap(PublicRowsSitemap):
    """The archive's issues: what anyone may read."""

    def items(self):
        return Issue.objects.archived().only("slug", "updated_at")
