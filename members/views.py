import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import i18n
from django.views.decorators.http import require_safe
from django_filters.views import FilterView
from django_ratelimit.core import is_ratelimited

from lpsa.csv_export import streaming_csv_response
from lpsa.pagination import CappedCountPaginator
from lpsa.timezones import remember_zone
from members import permissions, services
from members.directory_cache import directory_version
from members.filters import DirectoryFilter
from members.forms import ContactForm, ProfileForm
from members.models import Profile
from working_groups.models import Membership, WorkingGroup


class DirectoryView(LoginRequiredMixin, FilterView):
    filterset_class = DirectoryFilter
    template_name = "members/directory.html"
    context_object_name = "profiles"
    paginate_by = 24
    paginator_class = CappedCountPaginator
    # An invalid filter shows its error beside the full list instead of an empty page.
    strict = False

    def get_queryset(self):
        return Profile.objects.for_directory()

    def get(self, request, *args, **kwargs):
        # The results (their count, cards and pages) are the same for every member asking the
        # same query, and are kept under the directory's version: any change to what they show
        # makes a new version, so a cached page is never stale.
        version = directory_version(request)
        results_key = directory_results_cache_key(request.GET, version)
        results = cache.get(results_key)
        if results is None:
            filterset = self.get_filterset(self.get_filterset_class())
            filterset.is_valid()  # strict = False: invalid filters are left out, and shown
            self.object_list = filterset.qs
            context = {**self.get_context_data(filter=filterset, object_list=self.object_list)}
            results = render_to_string("members/includes/directory_results.html", context, request)
            cache.set(results_key, results, DIRECTORY_RESULTS_SECONDS)
        else:
            # Built only if the filter form's own cached fragment has expired.
            filterset = SimpleLazyObject(lambda: self.get_filterset(self.get_filterset_class()))
        return render(
            request,
            self.template_name,
            {
                "filter": filterset,
                "results": results,
                "can_export": permissions.can_export_directory(request.user),
                "filters_cache_key": filters_cache_key(request.GET, version),
            },
        )


# Long enough to serve a busy hour from the cache; versions make it safe, not the timeout.
DIRECTORY_RESULTS_SECONDS = 60 * 60


def filters_cache_key(query, version: int) -> str:
    """The filter form's HTML depends only on the filters asked for, not on the page number,
    and on the topics and working groups it lists: a change to those moves the directory's
    version on, and makes a new key."""
    asked = sorted((key, values) for key, values in query.lists() if key != "page")
    return hashlib.sha256(repr((asked, version)).encode()).hexdigest()


def directory_results_cache_key(query, version: int) -> str:
    asked = sorted(query.lists())
    digest = hashlib.sha256(repr(asked).encode()).hexdigest()
    return f"members:directory-results:{get_language()}:{version}:{digest}"


@require_safe
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Who may open it and its rendered page are cached under the directory's version (moved
    # on by any change to a profile, account, address, topic, working group or membership), so
    # neither is ever stale.
    viewer = request.user
    version = directory_version(request)
    facts_key = f"members:profile-access:{version}:{pk}"
    facts = cache.get(facts_key)
    profile = None
    if facts is None:
        profile = (
            Profile.objects.with_access()
            .select_related("user", "world_region")
            .prefetch_related("expertise", "languages", _group_memberships_for(viewer))
            .filter(pk=pk)
            .first()
        )
        facts = {}
        if profile is not None:  # ids of no one are not kept: anyone can ask for many
            facts = {
                "user_id": profile.user_id,
                "open_to_members": profile.open_to_members,
                "profile_visibility": profile.profile_visibility,
            }
            cache.set(facts_key, facts, PROFILE_PAGE_SECONDS)
    is_own_profile = viewer.is_authenticated and viewer.pk == facts.get("user_id")
    may_open = bool(facts) and permissions.can_open_profile(
        viewer,
        owner_id=facts["user_id"],
        open_to_members=facts["open_to_members"],
        visibility=facts["profile_visibility"],
    )
    if not may_open:
        if not viewer.is_authenticated:
            # Logging in is the answer for any id, so the response never tells whether such a
            # member exists.
            return redirect_to_login(request.get_full_path())
        raise Http404
    # What the page shows depends only on whether the viewer is its owner, a member or not
    # (and on the language and zone its dates are shown in).
    audience = "owner" if is_own_profile else "member" if viewer.is_authenticated else "visitor"
    zone = timezone.get_current_timezone_name()
    page_key = f"members:profile-page:{version}:{pk}:{get_language()}:{zone}:{audience}"
    page = cache.get(page_key)
    if page is None:
        if profile is None:
            profile = (
                Profile.objects.select_related("user", "world_region")
                .prefetch_related("expertise", "languages", _group_memberships_for(viewer))
                .get(pk=pk)
            )
        page = {
            "title": profile.display_name,
            "body": render_to_string(
                "members/includes/profile_body.html",
                {
                    "profile": profile,
                    "is_own_profile": is_own_profile,
                    "show_email": profile.field_visible_to(profile.email_visibility, viewer),
                    "show_phone": profile.field_visible_to(profile.phone_visibility, viewer),
                    "show_links": profile.field_visible_to(profile.links_visibility, viewer),
                },
                request,
            ),
        }
        cache.set(page_key, page, PROFILE_PAGE_SECONDS)
    return render(request, "members/profile_detail.html", page)


PROFILE_PAGE_SECONDS = 60 * 60


def _group_memberships_for(viewer) -> Prefetch:
    """The member's working groups and co-chair roles that `viewer` may see, in one query: what
    they are depends only on whether the viewer is signed in, as the page's audience does."""
    return Prefetch(
        "user__group_memberships",
        queryset=Membership.objects.filter(group__in=WorkingGroup.objects.visible_to(viewer))
        .select_related("group")
        .order_by("-role", "group__name"),
        to_attr="visible_group_memberships",
    )


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (a form in the footer, no JavaScript needed); a signed-in
    member's choice is also kept on their profile, for the emails the portal sends them."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.set_preferred_language(
            user=request.user, language=request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, "")
        )
    return response


@login_required
@require_safe
def my_profile(request: HttpRequest) -> HttpResponse:
    return redirect(services.get_or_create_profile(user=request.user))


# Each save may carry a photo to decode and resize: enough for any person editing by hand, too
# few for a script to keep the server busy.
PROFILE_SAVES_PER_HOUR = 20


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    profile = services.get_or_create_profile(user=request.user)
    if request.method == "POST" and is_ratelimited(
        request,
        group="members:edit_profile",
        key="user",
        rate=f"{PROFILE_SAVES_PER_HOUR}/h",
        method="POST",
        increment=True,
    ):
        # The form comes back as typed (bar the photo, which browsers never refill).
        form = ProfileForm(request.POST, instance=profile)
        form.add_error(
            None,
            _(
                "You have saved your profile %(count)d times in the last hour, the most we "
                "accept. Nothing was saved this time; what you typed is still below, so please "
                "try again later."
            )
            % {"count": PROFILE_SAVES_PER_HOUR},
        )
        return render(
            request, "members/profile_form.html", {"form": form, "profile": profile}, status=429
        )
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.cleaned_data.get("photo"):
            services.set_profile_photo(profile=profile, uploaded=form.cleaned_data["photo"])
        elif form.cleaned_data.get("remove_photo"):
            services.remove_profile_photo(profile=profile)
        remember_zone(request, profile.time_zone)
        messages.success(request, _("Your profile has been saved."))
        return redirect("members:edit_profile")
    # A failed save is explained by the form's error summary, which takes the focus.
    return render(request, "members/profile_form.html", {"form": form, "profile": profile})


@login_required
def contact_member(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(
        Profile.objects.visible_to(request.user).select_related("user"), pk=pk
    )
    if not permissions.can_contact(request.user, profile):
        raise Http404
    form = ContactForm(request.POST or None)
    messages_left = services.contact_messages_left_today(sender=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_contact_message(
                sender=request.user, recipient=profile.user, **form.cleaned_data
            )
        except services.ContactLimitReached as exc:
            form.add_error(None, ValidationError(str(exc)))
        else:
            messages.success(
                request,
                _("Your message is on its way to %(name)s.") % {"name": profile.display_name},
            )
            return redirect(profile)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "members/contact_form.html",
        {"form": form, "profile": profile, "messages_left": messages_left},
        status=status,
    )


@require_safe
def export_directory_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every listed member, with the directory's filters applied, as CSV for staff."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_export_directory(request.user):
        raise PermissionDenied  # the portal's 403 page, not the admin's login
    filterset = DirectoryFilter(request.GET, queryset=Profile.objects.for_directory())
    profiles = filterset.qs.select_related("world_region").prefetch_related("languages")
    header = [
        "name",
        "email",
        "job title",
        "organisation",
        "organisation type",
        "country",
        "region",
        "expertise",
        "languages",
        "joined",
    ]
    rows = (
        [
            profile.full_name,
            profile.user.email,
            profile.job_title,
            profile.organisation,
            profile.get_organisation_type_display(),
            profile.country.name if profile.country else "",
            profile.world_region.name if profile.world_region else "",
            "; ".join(topic.name for topic in profile.expertise.all()),
            "; ".join(language.name for language in profile.languages.all()),
            profile.created_at.date().isoformat(),
        ]
        for profile in profiles.iterator(chunk_size=1000)
    )
    return streaming_csv_response(
        filename=f"lpsa-directory-{timezone.now():%Y-%m-%d}.csv", header=header, rows=rows
    )
