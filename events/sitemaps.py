from django.contrib.auth.models import AnonymousUser

from events.models import Event
from lpsa.sitemaps import PublicRowsSitemap


class EventSitemap(PublicRowsSitemap):
    def items(self):
        public = Event.objects.visible_to(AnonymousUser())
        return public.order_by("-starts_at").only("slug", "updated_at")
