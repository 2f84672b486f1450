"""Sitemap sections for rows anyone may read: each app names its own (`<app>/sitemaps.py`) and
lpsa/urls.py puts them together in sitemap.xml."""

from django.contrib.sitemaps import Sitemap


class PublicRowsSitemap(Sitemap):
    """Rows of a model anyone may read, each at its get_absolute_url(), newest change shown."""

    limit = 5000

    def lastmod(self, item):
        return item.updated_at
