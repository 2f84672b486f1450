"""The Wagtail admin at /cms/ on the portal's terms: the people it is for (the Editors and
Contributors groups, and superusers) sign in through allauth and must have a second factor, as
staff must for the Django admin (lpsa/admin.py); anyone else signed in gets the portal's 403."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import include, path, reverse
from django.views.decorators.http import require_safe
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from lpsa.admin import SET_UP_TOTP_MESSAGE, has_second_factor

CMS_ACCESS_PERMISSION = "wagtailadmin.access_admin"


def for_cms_users_with_a_second_factor(view):
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            if not user.has_perm(CMS_ACCESS_PERMISSION):
                raise PermissionDenied
            leaving = request.path == reverse("wagtailadmin_logout")
            if not leaving and not has_second_factor(user):
                messages.info(request, SET_UP_TOTP_MESSAGE)
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return view(request, *args, **kwargs)

    return checked


@require_safe
def login(request: HttpRequest):
    """Wagtail's own log-in form would take a password past allauth's rate limits and second
    factor: its address leads to allauth's log-in, then back to the CMS."""
    return redirect_to_login(request.GET.get("next") or reverse("wagtailadmin_home"))


urlpatterns = [
    path("login/", login, name="cms_login"),
    path(
        "",
        include(
            decorate_urlpatterns(
                list(wagtailadmin_urls.urlpatterns), for_cms_users_with_a_second_factor
            )
        ),
    ),
]
