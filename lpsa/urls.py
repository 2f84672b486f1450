from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from lpsa import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("members/", include("members.urls")),
    path("forums/", include("forums.urls")),
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
