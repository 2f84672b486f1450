"""TEMPORARY stand-in URLconf for the forum notification tests, until the forum pages merge.

The portal's URLs plus a `forums` namespace holding the notification patterns and two
placeholders for the forum pages they link to (`forums:topic`, `forums:category`). At the merge,
forums/urls.py includes forums.notification_urls and this module goes (with the
LPSA_TEST_ROOT_URLCONF line in lpsa/settings.py and the `urls` marks in the tests).
"""

from django.http import HttpResponse
from django.urls import include, path

from forums import notification_urls
from lpsa.urls import urlpatterns as portal_urlpatterns


def placeholder(request, **kwargs):
    return HttpResponse("A forum page")


forum_patterns = [
    *notification_urls.urlpatterns,
    path("topics/<int:pk>/", placeholder, name="topic"),
    path("<slug:slug>/", placeholder, name="category"),
]

urlpatterns = [
    *portal_urlpatterns,
    path("forums/", include((forum_patterns, "forums"))),
]
