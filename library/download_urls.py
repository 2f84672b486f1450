"""The library's download addresses, included by library/urls.py inside the library namespace."""

from django.urls import path

from library import download_views

urlpatterns = [
    path("figures/", download_views.download_figures, name="figures"),
    path("figures.csv", download_views.download_figures_csv, name="figures_csv"),
    path("<slug:slug>/download/", download_views.download, name="download"),
]
