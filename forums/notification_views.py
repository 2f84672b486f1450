from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from forums import notifications
from forums.models import MemberSettings, Watch
from lpsa.pagination import CappedCountPaginator

WATCHED_TOPICS_PER_PAGE = 25


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = MemberSettings
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    member_settings = notifications.get_member_settings(user=request.user)
    form = NotificationSettingsForm(request.POST or None, instance=member_settings)
    if request.method == "POST" and form.is_valid():
        notifications.set_notification_frequency(
            user=request.user, frequency=form.cleaned_data["frequency"]
        )
        messages.success(request, _("Your forum email settings have been saved."))
        return redirect("forums:notification_settings")
    user = request.user
    watched_topics = (
        Watch.objects.filter(user=user, muted=False, topic__isnull=False)
        .filter(notifications.readable_category(user, "topic__category"), topic__hidden=False)
        .select_related("topic__category")
        .order_by("-topic__last_posted_at", "-pk")
    )
    page = CappedCountPaginator(watched_topics, WATCHED_TOPICS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    watched_categories = (
        Watch.objects.filter(user=user, category__isnull=False)
        .filter(notifications.readable_category(user, "category"))
        .select_related("category")
        .order_by("category__position", "category__name")
    )
    return render(
        request,
        "forums/notifications/settings.html",
        {
            "form": form,
            "page_obj": page,
            "paginator": page.paginator,
            "watched_topics": page.object_list,
            "watched_categories": watched_categories,
        },
        status=400 if request.method == "POST" else 200,
    )


def _back(request: HttpRequest, default) -> HttpResponse:
    """To the page the button was on (the settings page lists watches too), else `default`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def watch_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(notifications.readable_topics(request.user), pk=pk)
    notifications.watch_topic(user=request.user, topic=topic)
    messages.success(request, _("You are watching this topic: new posts will be emailed to you."))
    return _back(request, topic)


@login_required
@require_POST
def unwatch_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(notifications.readable_topics(request.user), pk=pk)
    notifications.unwatch_topic(user=request.user, topic=topic)
    messages.success(request, _("You no longer receive emails about this topic."))
    return _back(request, topic)


@login_required
@require_POST
def watch_category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(notifications.readable_categories(request.user), slug=slug)
    notifications.watch_category(user=request.user, category=category)
    messages.success(
        request, _("You are watching this category: new topics will be emailed to you.")
    )
    return _back(request, category)


@login_required
@require_POST
def unwatch_category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(notifications.readable_categories(request.user), slug=slug)
    notifications.unwatch_category(user=request.user, category=category)
    messages.success(request, _("You no longer receive emails about new topics here."))
    return _back(request, category)


# Mail clients' one-click unsubscribe (RFC 8058) posts with no session and no CSRF token: the
# signed token in the URL is what authorises it, and it can only ever turn email off.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        target = notifications.read_unsubscribe_token(token)
    except notifications.InvalidUnsubscribeToken:
        raise Http404 from None
    done = request.method == "POST"
    if done:
        notifications.unsubscribe(target=target)
    # The title is shown only to someone who may still read the topic or category.
    topic, category = target.topic, target.category
    return render(
        request,
        "forums/notifications/unsubscribe.html",
        {
            "target": target,
            "done": done,
            "topic_title": topic.title
            if topic and notifications.may_read_topic(target.user, topic)
            else "",
            "category_name": category.name
            if category and notifications.readable_categories(target.user).filter(pk=category.pk)
            else "",
        },
    )
