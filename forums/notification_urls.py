"""Forum notification pages, included into forums/urls.py (the `forums` namespace).

All under notifications/, so no category slug can shadow them.
"""

from django.urls import path

from forums import notification_views as views

urlpatterns = [
    path("notifications/", views.notification_settings, name="notification_settings"),
    path("notifications/topics/<int:pk>/watch/", views.watch_topic, name="watch_topic"),
    path("notifications/topics/<int:pk>/unwatch/", views.unwatch_topic, name="unwatch_topic"),
    path(
        "notifications/categories/<slug:slug>/watch/",
        views.watch_category,
        name="watch_category",
    ),
    path(
        "notifications/categories/<slug:slug>/unwatch/",
        views.unwatch_category,
        name="unwatch_category",
    ),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
