"""The admin site: signed into through allauth, and only with a second factor.

Django's admin has its own login form, which would take a password outside allauth's rate limits
and second factor; here every way in goes through allauth's login instead.
"""

from functools import wraps

from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

SET_UP_TOTP_MESSAGE = _(
    "Staff open the admin with two factors: set up an authenticator app on your phone first. "
    "It takes a minute, and you will be asked for a code each time you log in."
)


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def staff_tool_gate(request: HttpRequest, *, may_enter: bool, logout_path: str):
    """The rule of the portal's staff tools (this admin, the blog's CMS) for someone signed in:
    the portal's 403 page if they may not enter; if they have no second factor, a redirect to
    set one up (leaving is always allowed). None: go on to the tool."""
    if not request.user.is_authenticated:
        return None  # the tool sends visitors to allauth's log-in
    if not may_enter:
        raise PermissionDenied
    if request.path != logout_path and not has_second_factor(request.user):
        messages.info(request, SET_UP_TOTP_MESSAGE)
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    return None


class ReadOnlyAdmin:
    """For a ModelAdmin or inline of records staff read and never write (consent, deliveries,
    moderation history): adding, changing and deleting are refused, whatever the permissions."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PortalAdminSite(admin.AdminSite):
    site_header = _("LPSA portal administration")
    site_title = _("LPSA portal admin")

    def admin_view(self, view, cacheable=False):
        protected = super().admin_view(view, cacheable)

        @wraps(view)
        def view_for_staff_with_a_second_factor(request: HttpRequest, *args, **kwargs):
            # A member gets the portal's 403 page, not the admin's login form.
            refused = staff_tool_gate(
                request,
                may_enter=self.has_permission(request),
                logout_path=reverse("admin:logout", current_app=self.name),
            )
            return refused or protected(request, *args, **kwargs)

        return never_cache(view_for_staff_with_a_second_factor)

    @method_decorator(secure_admin_login)
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # secure_admin_login sends visitors to allauth's login and refuses members; only active
        # staff who are already signed in get here.
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(next_url)

    def password_change(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # One password page for the whole portal: allauth's, with its rate limit.
        return HttpResponseRedirect(reverse("account_change_password"))
