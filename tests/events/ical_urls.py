"""The site's URLs with the iCalendar ones under `events`, for tests/events/test_ical.py.

Until `events/urls.py` includes `events.ical_urls` (and `lpsa/urls.py` includes it), the event
page that `Event.get_absolute_url` names is stood in for here. Once both are in, the tests use
the site's own URLconf and this file goes.
"""

from django.http import HttpResponse
from django.urls import include, path

from events import ical_urls
from lpsa.urls import urlpatterns as site_urlpatterns


def event_page_stand_in(request, slug):
    return HttpResponse(slug)


events_urlpatterns = [
    *ical_urls.urlpatterns,
    path("<slug:slug>/", event_page_stand_in, name="detail"),
]

urlpatterns = [
    path("events/", include((events_urlpatterns, "events"))),
    *site_urlpatterns,
]
