"""The library's glossary addresses, included by library/urls.py inside the library namespace."""

from django.urls import path

from library import glossary_views

urlpatterns = [
    path("", glossary_views.glossary, name="glossary"),
    path("<slug:slug>/", glossary_views.glossary_term, name="glossary_term"),
]
