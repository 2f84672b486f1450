from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import is_ratelimited

from lpsa.csv_export import streaming_csv_response
from lpsa.page_cache import fill_marks, fragment_key
from lpsa.pagination import CappedCountPaginator, page_or_404
from members.directory_cache import directory_version
from working_groups import permissions, services
from working_groups.forms import AnnouncementForm, GroupFilterForm, JoinRequestForm
from working_groups.models import JoinRequest, Membership, WorkingGroup

GROUPS_PER_PAGE = 24
# The list is keyed on the directory's version, so it is never stale; this only frees memory.
GROUP_LIST_SECONDS = 6 * 3600
# Requests to join mail the co-chairs' queue; announcements mail a whole group.
JOIN_REQUESTS_PER_HOUR = 10
ANNOUNCEMENTS_PER_DAY = 5


def _group_for(request: HttpRequest, slug: str) -> WorkingGroup:
    return get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)


def _managed_group(request: HttpRequest, slug: str) -> WorkingGroup:
    group = _group_for(request, slug)
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied
    return group


@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    """The groups, kept rendered under the directory's version (a membership or a group saved
    moves it) for visitors and for members; which groups the viewer belongs to is a mark per
    group, filled in per request."""
    user = request.user
    key = fragment_key(
        "group-list",
        directory_version(request),
        user.is_authenticated,
        sorted(request.GET.lists()),
    )
    stored = cache.get(key)
    if stored is None:
        filter_form = GroupFilterForm(request.GET or None)
        groups = WorkingGroup.objects.visible_to(user).order_by("kind", "name", "pk")
        if filter_form.is_valid() and filter_form.cleaned_data["kind"]:
            groups = groups.filter(kind=filter_form.cleaned_data["kind"])
        paginator, page = page_or_404(request, groups, GROUPS_PER_PAGE)
        stored = render_to_string(
            "working_groups/includes/group_cards.html",
            {
                "filter_form": filter_form,
                "groups": page.object_list,
                "page_obj": page,
                "paginator": paginator,
            },
            request=request,
        )
        cache.set(key, stored, GROUP_LIST_SECONDS)
    joined = set()
    if user.is_authenticated:
        joined = set(Membership.objects.filter(user=user).values_list("group_id", flat=True))
    you_are_a_member = format_html(" · <strong>{}</strong>", _("You are a member"))
    return render(
        request,
        "working_groups/group_list.html",
        {
            "groups_html": fill_marks(
                stored, request, lambda name, pk: you_are_a_member if pk in joined else ""
            )
        },
    )


@require_safe
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    group = _group_for(request, slug)
    # The roles are read once per request and shared with the forum panel.
    role = permissions.group_roles(user).get(group.pk)
    pending = None
    if user.is_authenticated and role is None:
        pending = JoinRequest.objects.filter(
            group=group, user=user, status=JoinRequest.Status.PENDING
        ).first()
    return render(
        request,
        "working_groups/group_detail.html",
        {
            "group": group,
            # Who leads and who belongs are read by template tags inside fragments kept under
            # the directory's version (any change to a profile, an account or a membership
            # moves it): a kept fragment costs no query.
            "people_version": directory_version(request),
            "role": role,
            "pending_request": pending,
            "can_manage": user.is_authenticated
            and (user.is_staff or role == Membership.Role.CO_CHAIR),
        },
    )


@login_required
@require_POST
def join_group(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for(request, slug)
    if group.join_policy == WorkingGroup.JoinPolicy.REQUEST:
        return redirect("working_groups:request_to_join", slug=group.slug)
    if not permissions.can_join(request.user, group):
        messages.info(request, _("You are already a member of this group."))
        return redirect(group)
    services.join_working_group(group=group, user=request.user)
    messages.success(
        request,
        _("You have joined %(group)s. A welcome email is on its way.") % {"group": group},
    )
    return redirect(group)


@login_required
@require_POST
def leave_group(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for(request, slug)
    try:
        services.leave_working_group(group=group, user=request.user)
    except services.GroupActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("You have left %(group)s.") % {"group": group})
    return redirect(group)


@login_required
def request_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for(request, slug)
    if (
        group.join_policy == WorkingGroup.JoinPolicy.OPEN
        or group.memberships.filter(user=request.user).exists()
    ):
        return redirect(group)
    # The message is optional: an empty POST is still a request.
    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and is_ratelimited(
        request,
        group="working_groups:request_to_join",
        key="user",
        rate=f"{JOIN_REQUESTS_PER_HOUR}/h",
        method="POST",
        increment=True,
    ):
        form.is_valid()
        form.add_error(
            None,
            _(
                "You have asked to join groups %(count)d times in the last hour, the most we "
                "accept. Nothing was sent this time; please try again later."
            )
            % {"count": JOIN_REQUESTS_PER_HOUR},
        )
        return render(
            request, "working_groups/request_form.html", {"form": form, "group": group}, status=429
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(
                group=group, user=request.user, message=form.cleaned_data["message"]
            )
        except services.GroupActionRefused as refused:
            messages.info(request, str(refused))
        else:
            messages.success(
                request,
                _(
                    "Your request is with the co-chairs of %(group)s; we will email you "
                    "their answer."
                )
                % {"group": group},
            )
        return redirect(group)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "working_groups/request_form.html", {"form": form, "group": group}, status=status
    )


@login_required
@require_safe
def manage_group(request: HttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug)
    return render(
        request,
        "working_groups/group_manage.html",
        {
            "group": group,
            "pending_count": group.join_requests.filter(status=JoinRequest.Status.PENDING)[
                :100
            ].count(),
            "announcements": group.announcements.select_related("author__profile")[:20],
        },
    )


@login_required
@require_safe
def join_requests(request: HttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug)
    pending = (
        group.join_requests.filter(status=JoinRequest.Status.PENDING)
        .select_related("user__profile")
        .order_by("created_at", "pk")
    )
    paginator = CappedCountPaginator(pending, 25)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "working_groups/join_requests.html",
        {"group": group, "page_obj": page, "paginator": paginator, "requests": page.object_list},
    )


@login_required
@require_POST
def decide_join_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _managed_group(request, slug)
    join_request = get_object_or_404(group.join_requests.select_related("user__profile"), pk=pk)
    decision = request.POST.get("decision")
    decide = {
        "approve": services.approve_join_request,
        "refuse": services.refuse_join_request,
    }.get(decision)
    if decide is None:
        return HttpResponseBadRequest(_("Choose to approve or refuse the request."))
    name = join_request.user.profile.display_name
    try:
        decide(join_request=join_request, decided_by=request.user)
    except services.GroupActionRefused as refused:
        messages.info(request, str(refused))
    else:
        if decision == "approve":
            text = _("%(name)s is now a member; we have emailed them.")
        else:
            text = _("You refused the request of %(name)s; we have emailed them.")
        messages.success(request, text % {"name": name})
    return redirect("working_groups:requests", slug=group.slug)


@login_required
def announce(request: HttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug)
    form = AnnouncementForm(request.POST or None)
    context = {"group": group, "form": form, "member_count": group.member_count}
    if request.method == "POST" and is_ratelimited(
        request,
        group="working_groups:announce",
        key="user",
        rate=f"{ANNOUNCEMENTS_PER_DAY}/d",
        method="POST",
        increment=True,
    ):
        form.is_valid()
        form.add_error(
            None,
            _(
                "You have sent %(count)d announcements in the last day, the most we accept. "
                "Nothing was sent this time; your message is still below."
            )
            % {"count": ANNOUNCEMENTS_PER_DAY},
        )
        return render(request, "working_groups/announcement_form.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        services.send_announcement(group=group, author=request.user, **form.cleaned_data)
        messages.success(
            request, _("Your announcement is on its way to every member of the group.")
        )
        return redirect("working_groups:manage", slug=group.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "working_groups/announcement_form.html", context, status=status)


@login_required
@require_safe
def export_roster_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The group's members for its co-chairs. An address is given only where its owner lets
    members see it; co-chairs reach everyone through announcements."""
    group = _managed_group(request, slug)
    memberships = group.memberships.select_related("user__profile__world_region").order_by(
        "-role", "user__profile__full_name", "pk"
    )
    viewer = request.user

    def rows():
        for membership in memberships.iterator(chunk_size=1000):
            user = membership.user
            profile = getattr(user, "profile", None)
            if profile is None:
                yield [
                    user.get_full_name(),
                    "",
                    "",
                    "",
                    "",
                    "",
                    membership.get_role_display(),
                    membership.created_at.date().isoformat(),
                ]
                continue
            yield [
                profile.full_name,
                user.email if profile.field_visible_to(profile.email_visibility, viewer) else "",
                profile.job_title,
                profile.organisation,
                profile.country.name if profile.country else "",
                profile.world_region.name if profile.world_region else "",
                membership.get_role_display(),
                membership.created_at.date().isoformat(),
            ]

    return streaming_csv_response(
        filename=f"lpsa-{group.slug}-roster-{timezone.now():%Y-%m-%d}.csv",
        header=[
            "name",
            "email",
            "job title",
            "organisation",
            "country",
            "region",
            "role",
            "joined",
        ],
        rows=rows(),
    )
