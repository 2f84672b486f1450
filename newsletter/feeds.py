from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from newsletter.models import Issue


class IssuesRssFeed(Feed):
    title = "LPSA newsletter"
    link = "/newsletter/issues/"

    def items(self):
        return Issue.objects.archived()[:20]


class IssuesAtomFeed(IssuesRssFeed):
    feed_type = Atom1Feed
