from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.static import serve
from wagtail import views as wagtail_views

from lpsa.sections import SECTIONS_BY_SLUG


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Visitors get the front page staff edit in the CMS (blog.models.HomePage, the root of
    Wagtail's site); members get the portal home: a tile per section and each app's own panel
    (templates/lpsa/home.html loads them from the apps' template tags)."""
    if not request.user.is_authenticated:
        return wagtail_views.serve(request, "")
    return render(request, "lpsa/home.html")


@require_safe
def coming_soon(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SECTIONS_BY_SLUG or SECTIONS_BY_SLUG[section].built:
        raise Http404("No such section")
    return render(request, "lpsa/coming_soon.html", {"section": SECTIONS_BY_SLUG[section]})


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    # MEDIA_ROOT is read per request (not when the URLs load), so a changed setting is honoured.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and as the bare baseline `make bench` compares pages with."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers read the public pages; the CMS, the admin, accounts and downloads are not theirs."""
    lines = [
        "User-agent: *",
        *(
            f"Disallow: {path}"
            for path in ("/cms/", "/admin/", "/accounts/", "/library/*/download/", "/i18n/")
        ),
        "",
        # On SITE_URL, as every other address the portal gives out, however it was reached.
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
