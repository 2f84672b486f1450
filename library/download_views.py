"""Downloads (every one through the portal, counted by library.downloads) and the staff's
download figures."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from library import figures, serving
from library.downloads import count_download
from library.forms import DownloadPeriodForm
from library.models import Resource
from lpsa.csv_export import streaming_csv_response
from lpsa.pagination import page_or_404

RESOURCES_PER_PAGE = 50


def identity_encoding(view):
    """GZipMiddleware would compress the file (little gain on PDFs and Office files), drop its
    Content-Length, and make a 206's body one its Content-Range does not describe."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        request.META.pop("HTTP_ACCEPT_ENCODING", None)
        return view(request, *args, **kwargs)

    return wrapped


@require_safe
@identity_encoding
def download(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource, slug=slug)
    if resource.is_members_only and not request.user.is_authenticated:
        return render(
            request,
            "library/members_only.html",
            {"resource": resource, "next": resource.get_absolute_url()},
            status=403,
        )
    if resource.external_url:
        count_download(resource=resource, request=request)
        return HttpResponseRedirect(resource.external_url)
    if (unchanged := serving.not_modified(request, resource)) is not None:
        return unchanged
    try:
        size = serving.file_size(resource)
    except FileNotFoundError as missing:
        raise Http404 from missing
    try:
        response = serving.file_response(request, resource, size)
    except serving.Unsatisfiable:
        return serving.unsatisfiable_response(size)
    count_download(resource=resource, request=request)
    return response


def _period(request: HttpRequest) -> DownloadPeriodForm:
    default = figures.default_period(timezone.now().date())
    data = request.GET if ("start" in request.GET or "end" in request.GET) else None
    initial = {"start": default[0], "end": default[1]}
    return DownloadPeriodForm(data or initial, default=default)


def _staff_only(request: HttpRequest) -> None:
    if not figures.can_see_download_figures(request.user):
        raise PermissionDenied


@login_required
@require_safe
def download_figures(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = _period(request)
    if not form.is_valid():
        return render(request, "library/download_figures.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    paginator, page = page_or_404(request, figures.by_resource(start, end), RESOURCES_PER_PAGE)
    return render(
        request,
        "library/download_figures.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "total": figures.totals(start, end),
            "paginator": paginator,
            "page_obj": page,
            "regions": figures.by_region(start, end),
            "months": figures.by_month(start, end),
        },
    )


@login_required
@require_safe
def download_figures_csv(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = _period(request)
    if not form.is_valid():
        return render(request, "library/download_figures.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return streaming_csv_response(
        filename=f"library-downloads-{start.isoformat()}-{end.isoformat()}.csv",
        header=[_("Day"), _("Slug"), _("Title"), _("World region"), _("Raw"), _("Unique")],
        rows=figures.daily_rows(start, end),
    )
