"""The library's browse addresses, included by library/urls.py inside the library namespace."""

from django.urls import path

from library import views

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("<slug:slug>/", views.resource_detail, name="resource"),
    path("<slug:slug>/record.json", views.resource_record, name="record"),
]
