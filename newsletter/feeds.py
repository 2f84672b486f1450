"""The archive of sent issues as RSS 2.0 and Atom; every address absolute on SITE_URL."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from newsletter.models import Issue

FEED_ITEMS = 20


class IssuesRssFeed(Feed):
    feed_type = Rss201rev2Feed
    url_name = "newsletter:archive_rss"
    title = _("LPSA newsletter")
    description = _("Past issues of the LPSA newsletter and event announcements.")
    subtitle = description

    def feed_url(self):
        return settings.SITE_URL + reverse(self.url_name)

    def link(self):
        return settings.SITE_URL + reverse("newsletter:archive")

    def items(self):
        return Issue.objects.archived()[:FEED_ITEMS]

    def item_title(self, item: Issue) -> str:
        return item.subject

    def item_description(self, item: Issue) -> str:
        return item.preheader or item.intro[:300]

    def item_link(self, item: Issue) -> str:
        return settings.SITE_URL + item.get_absolute_url()

    def item_pubdate(self, item: Issue):
        return item.finished_at

    def item_guid(self, item: Issue) -> str:
        # The issue's number, not its address: a renamed slug is not a new issue to readers.
        return f"{settings.SITE_URL}/newsletter/issues/{item.pk}"

    item_guid_is_permalink = False


class IssuesAtomFeed(IssuesRssFeed):
    feed_type = Atom1Feed
    url_name = "newsletter:archive_atom"
