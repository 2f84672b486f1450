from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views
from wagtail.contrib.sitemaps import Sitemap as WagtailPagesSitemap

from blog import views as blog_views
from events.sitemaps import EventSitemap
from library.sitemaps import GlossarySitemap, ResourceSitemap
from lpsa import views
from members import views as members_views
from newsletter.sitemaps import IssueSitemap

SITEMAPS = {
    # The front page, the blog index and the posts: Wagtail's tree, live and public pages only.
    "pages": WagtailPagesSitemap,
    "events": EventSitemap,
    "library": ResourceSitemap,
    "glossary": GlossarySitemap,
    "newsletter": IssueSitemap,
}

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
    path("blog/", include("blog.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("soon/<slug:section>/", views.coming_soon, name="coming_soon"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("admin/", admin.site.urls),
    # Wagtail's admin, for the blog's editors and contributors (blog/cms.py).
    path("cms/", include("blog.cms")),
    # Documents a post links to. (Wagtail's password-protected pages and documents are off:
    # WAGTAIL_PRIVATE_PAGE_OPTIONS.)
    path(
        "documents/<int:document_id>/<str:document_filename>",
        blog_views.serve_document,
        name="wagtaildocs_serve",
    ),
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

urlpatterns += [
    # Last: any other path ending in a slash is a page in Wagtail's tree (the blog), or a 404.
    re_path(r"^((?:[\w\-]+/)*)$", wagtail_views.serve, name="wagtail_serve"),
]
