"""The library's download addresses, included by library/urls.py inside the library namespace."""

from django.http import Http404
from django.urls import path


# TEMPORARY (library-browse): a stand-in so that `library:download` reverses until the
# downloads' own view is merged; the downloads' branch replaces this file.
def _download_not_built(request, slug):
    raise Http404


urlpatterns = [
    path("<slug:slug>/download/", _download_not_built, name="download"),
]
