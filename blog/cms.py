"""The Wagtail admin at /cms/ on the portal's terms: the people it is for (the Editors and
Contributors groups, and superusers) sign in through allauth and must have a second factor, as
staff must for the Django admin (lpsa/admin.py); anyone else signed in gets the portal's 403."""

from functools import wraps

from csp.constants import HEADER as CSP_HEADER
from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponseBadRequest
from django.urls import include, path, reverse
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser
from wagtail.utils.urlpatterns import decorate_urlpatterns

from lpsa.admin import staff_tool_gate

CMS_ACCESS_PERMISSION = "wagtailadmin.access_admin"


def for_cms_users_with_a_second_factor(view):
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs):
        refused = staff_tool_gate(
            request,
            may_enter=request.user.has_perm(CMS_ACCESS_PERMISSION),
            logout_path=reverse("wagtailadmin_logout"),
        )
        return refused or view(request, *args, **kwargs)

    return checked


def not_found(request: HttpRequest):
    raise Http404


@require_safe
def login(request: HttpRequest):
    """Wagtail's own log-in form would take a password past allauth's rate limits and second
    factor: its address leads to allauth's log-in, then back to the CMS."""
    return redirect_to_login(request.GET.get("next") or reverse("wagtailadmin_home"))


# The one relaxation of the site's Content Security Policy (lpsa/settings.py), for the CMS alone.
# Wagtail 8's admin still starts its widgets with inline <script> elements (the image and snippet
# choosers, the inline panels, the date pickers, and the scripts in the chooser modals' HTML,
# which jQuery runs): refused, no chooser opens and no author can be added. Draftail, the rich
# text editor, adds <style> elements (an empty block's hint, nested list numbering). Their text
# holds each field's id, so fixed hashes cannot allow them, and Wagtail gives them no nonce.
# Only inline elements are allowed, not inline event handlers or style attributes
# (script-src-attr and style-src-attr still fall back to default-src 'self').
cms_csp = csp_replace(
    {"script-src-elem": [SELF, UNSAFE_INLINE], "style-src-elem": [SELF, UNSAFE_INLINE]}
)


def framed_where_wagtail_allows(view):
    """The editor's preview panel shows the page in a frame of the CMS's own: Wagtail marks the
    views it frames with X-Frame-Options SAMEORIGIN, but the site's frame-ancestors 'none'
    overrides that header in browsers, so those views alone may be framed by the site itself."""

    @wraps(view)
    def framed(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.get("X-Frame-Options") == "SAMEORIGIN":
            # What csp_replace sets, added to what cms_csp has set on this response.
            response._csp_replace = {
                **(getattr(response, "_csp_replace", None) or {}),
                "frame-ancestors": [SELF],
            }
            # A preview is the page served through the middleware once more (Wagtail's
            # make_preview_request), so it comes back with the site's policy, and the CSP
            # middleware keeps a policy it finds: removed, it is set again on the way out.
            if CSP_HEADER in response:
                del response[CSP_HEADER]
        return response

    return framed


def missing_fields_are_a_bad_request(view):
    """Some of Wagtail's views read a posted field without asking whether it was sent (a
    preview's block counts, a move's new parent), and its page editor can fail validation
    outside its form (Publish pressed while autosave was creating the same page: the slug is
    then taken). Both are answered 400 saying what is wrong, not as a server error."""

    @wraps(view)
    def answered(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MultiValueDictKeyError as missing:
            problem = _("The form sent was incomplete (%(field)s is missing).") % {
                "field": missing.args[0] if missing.args else "?"
            }
        except ValidationError as error:
            problem = " ".join(error.messages)
        return HttpResponseBadRequest(
            _("%(problem)s Please go back, reload the page and try again.") % {"problem": problem},
            content_type="text/plain; charset=utf-8",
        )

    return answered


def on_the_cms_terms(view):
    return framed_where_wagtail_allows(
        cms_csp(for_cms_users_with_a_second_factor(missing_fields_are_a_bad_request(view)))
    )


def posted_fields_required(*fields: str):
    """For a Wagtail view that fails on a POST without these fields instead of saying so."""

    def decorator(view):
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs):
            missing = [name for name in fields if name not in request.POST]
            if request.method == "POST" and missing:
                raise MultiValueDictKeyError(missing[0])
            return view(request, *args, **kwargs)

        return checked

    return decorator


urlpatterns = [
    path("login/", login, name="cms_login"),
    # The link chooser's external-link step reads its URL field without asking whether it came.
    path(
        "choose-external-link/",
        on_the_cms_terms(
            require_admin_access(
                posted_fields_required("external-link-chooser-url")(
                    chooser.ExternalLinkView.as_view()
                )
            )
        ),
        name="cms_choose_external_link",
    ),
    # Wagtail's page for trying out its error page raises on purpose: not on a live site.
    path("failwhale/", not_found, name="cms_error_test"),
    path(
        "",
        include(decorate_urlpatterns(list(wagtailadmin_urls.urlpatterns), on_the_cms_terms)),
    ),
]
