from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from lpsa import views
from members import views as members_views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    # Django's set_language, keeping a signed-in member's choice for their emails too.
    path("i18n/setlang/", members_views.set_language, name="set_language"),
    path("members/", include("members.urls")),
    path("forums/", include("forums.urls")),
    path("events/", include("events.urls")),
    path("library/", include("library.urls")),
    path("working-groups/", include("working_groups.urls")),
    path("soon/<slug:section>/", views.coming_soon, name="coming_soon"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Uploaded photos are small renditions; a deployment with a CDN turns this off.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            views.media,
            name="media",
        )
    ]
