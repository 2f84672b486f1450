"""The portal's URLs with a stand-in `library:resource` page, for tests of pages that link to
resources while the library's own resource page is not yet in this branch."""

from django.http import HttpResponse
from django.urls import include, path

from library import urls as library_urls
from lpsa.urls import urlpatterns as portal_urlpatterns


def resource_stand_in(request, slug):
    return HttpResponse(slug)


library_patterns = [
    *library_urls.urlpatterns,
    path("<slug:slug>/", resource_stand_in, name="resource"),
]
urlpatterns = [
    path("library/", include((library_patterns, "library"))),
    *[p for p in portal_urlpatterns if str(p.pattern) != "library/"],
]
