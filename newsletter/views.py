"""The newsletter's public pages: subscribing, confirming, preferences, unsubscribing, the archive.

No page tells whether an address is subscribed: the subscribe form answers every address with
the same redirect and the same "check your inbox" page, and the pages behind a signed link show
only what the link's holder (the address's owner) may see. Links in mail never change anything
on GET: mail scanners open them."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from lpsa.page_cache import fragment_key
from lpsa.pagination import page_or_404
from newsletter import services, tokens
from newsletter.cache import FRAGMENT_SECONDS, NEWSLETTER
from newsletter.forms import (
    CONSENT_WORDING,
    MEMBER_CONSENT_WORDING,
    MemberSubscribeForm,
    PreferencesForm,
    SubscribeForm,
)
from newsletter.models import ConsentRecord, Issue, MailingList, Subscriber, Subscription

Method = ConsentRecord.Method
# Each request may mail a confirmation: a person subscribes once or twice, a script far more.
SUBSCRIPTIONS_PER_HOUR_PER_IP = 10
SUBSCRIPTIONS_PER_HOUR_PER_EMAIL = 5
MEMBER_CHANGES_PER_HOUR = 30
ISSUES_PER_PAGE = 20


def _email_key(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


def _too_many(request: HttpRequest, *, group: str, key, per_hour: int) -> bool:
    return is_ratelimited(
        request, group=group, key=key, rate=f"{per_hour}/h", method="POST", increment=True
    )


def _provenance(request: HttpRequest, method: str, wording: str = "") -> services.Provenance:
    return services.Provenance(
        method=method,
        source=request.path,
        ip_address=request.META.get("REMOTE_ADDR"),
        wording=str(wording),
    )


def _posted(request: HttpRequest):
    # An empty POST is still a submission (every box unticked), not a blank form.
    return request.POST if request.method == "POST" else None


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/invalid_link.html", status=404)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return _subscribe_member(request)
    lists = MailingList.objects.visible_to(request.user).for_form()
    form = SubscribeForm(_posted(request), lists=lists)
    context = {
        "form": form,
        "consent_wording": CONSENT_WORDING,
        **_fields_cache(request, already_subscribed=()),
    }
    if request.method != "POST":
        return render(request, "newsletter/subscribe.html", context)
    # Both counters move on every POST: an address cannot be flooded from many connections,
    # nor many addresses from one.
    by_ip = _too_many(
        request, group="newsletter:subscribe", key="ip", per_hour=SUBSCRIPTIONS_PER_HOUR_PER_IP
    )
    by_email = _too_many(
        request,
        group="newsletter:subscribe-email",
        key=_email_key,
        per_hour=SUBSCRIPTIONS_PER_HOUR_PER_EMAIL,
    )
    if by_ip or by_email:
        form.is_valid()
        form.add_error(
            None,
            _("We have had too many requests to subscribe; nothing was sent. Please try later."),
        )
        return render(request, "newsletter/subscribe.html", context, status=429)
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", context, status=400)
    services.request_subscription(
        email=form.cleaned_data["email"],
        name=form.cleaned_data["name"],
        lists=form.cleaned_data["lists"],
        topics=form.cleaned_data["topics"],
        regions=form.cleaned_data["regions"],
        language=request.LANGUAGE_CODE,
        provenance=_provenance(request, Method.FORM, CONSENT_WORDING),
    )
    return redirect("newsletter:check_inbox")


def _fields_cache(request: HttpRequest, *, already_subscribed) -> dict:
    """What the unbound form's fields are kept rendered under (templates/newsletter/
    subscribe.html): the same for every visitor, and for every member who has the same lists."""
    return {
        "newsletter_version": NEWSLETTER.current(request),
        "fragment_seconds": FRAGMENT_SECONDS,
        "already_subscribed": already_subscribed,
    }


def _subscribe_member(request: HttpRequest) -> HttpResponse:
    subscriber = services.member_subscriber(request.user)
    had = set()
    if subscriber is not None:
        had = set(
            subscriber.subscriptions.filter(status=Subscription.Status.SUBSCRIBED).values_list(
                "mailing_list_id", flat=True
            )
        )
    lists = MailingList.objects.visible_to(request.user).for_form().exclude(pk__in=had)
    form = MemberSubscribeForm(_posted(request), lists=lists)
    context = {
        "form": form,
        "consent_wording": MEMBER_CONSENT_WORDING,
        "member": True,
        "nothing_left": not lists.exists(),
        **_fields_cache(request, already_subscribed=sorted(had)),
    }
    if request.method != "POST":
        return render(request, "newsletter/subscribe.html", context)
    if _too_many(request, group="newsletter:member", key="user", per_hour=MEMBER_CHANGES_PER_HOUR):
        form.is_valid()
        form.add_error(None, _("Too many changes in the last hour; please try again later."))
        return render(request, "newsletter/subscribe.html", context, status=429)
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", context, status=400)
    services.subscribe_member(
        user=request.user,
        lists=form.cleaned_data["lists"],
        provenance=_provenance(request, Method.MEMBER, MEMBER_CONSENT_WORDING),
    )
    if services.has_verified_address(request.user):
        messages.success(request, _("You are subscribed."))
    else:
        messages.info(request, _("Check your inbox: we have sent you a link to confirm."))
    return redirect("newsletter:preferences")


@require_safe
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/check_inbox.html")


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber_id = tokens.read_confirmation_token(token)
    except tokens.BadToken:
        return _invalid_link(request)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return _invalid_link(request)
    manage_url = _manage_url(subscriber)
    if request.method == "POST":
        lists = services.confirm_subscriber(
            subscriber=subscriber, provenance=_provenance(request, Method.CONFIRMATION_LINK)
        )
        return render(
            request,
            "newsletter/confirmed.html",
            {"lists": lists, "manage_url": manage_url},
        )
    waiting = [
        row.mailing_list
        for row in subscriber.subscriptions.filter(
            status=Subscription.Status.PENDING
        ).select_related("mailing_list")
    ]
    return render(
        request,
        "newsletter/confirm.html",
        {"subscriber": subscriber, "waiting": waiting, "manage_url": manage_url},
    )


def _manage_url(subscriber: Subscriber) -> str:
    return reverse(
        "newsletter:manage", kwargs={"token": tokens.manage_token(subscriber_id=subscriber.pk)}
    )


def _offered_lists(user):
    return MailingList.objects.visible_to(user).for_form()


def _list_states(subscriber: Subscriber | None) -> tuple[set[int], set[int]]:
    """The lists `subscriber` has (subscribed or waiting for confirmation), and those waiting."""
    if subscriber is None:
        return set(), set()
    rows = list(
        subscriber.subscriptions.exclude(status=Subscription.Status.UNSUBSCRIBED).values_list(
            "mailing_list_id", "status"
        )
    )
    kept = {list_id for list_id, status in rows}
    pending = {list_id for list_id, status in rows if status == Subscription.Status.PENDING}
    return kept, pending


def _preferences_page(
    request: HttpRequest,
    *,
    subscriber: Subscriber | None,
    email: str,
    lists,
    save,
    limited_by: tuple[str, str],
    **context,
) -> HttpResponse:
    """The preferences form, a member's or through a signed link: a checkbox per list in
    `lists`; `save(wanted=…, offered=…, provenance=…)` keeps the ticked ones and ends the rest.
    `limited_by` is the rate limit's (group, key)."""
    kept, pending = _list_states(subscriber)
    form = PreferencesForm(_posted(request), lists=lists, subscribed_ids=kept)
    context = {
        "form": form,
        "subscriber": subscriber,
        "email": email,
        "pending_ids": pending,
        "action": request.path,
        **context,
    }
    if request.method != "POST":
        return render(request, "newsletter/preferences.html", context)
    group, key = limited_by
    if _too_many(request, group=group, key=key, per_hour=MEMBER_CHANGES_PER_HOUR):
        form.is_valid()
        form.add_error(None, _("Too many changes in the last hour; please try again later."))
        return render(request, "newsletter/preferences.html", context, status=429)
    provenance = _provenance(request, Method.PREFERENCES)
    if "unsubscribe_all" in request.POST:
        if subscriber is not None:
            services.unsubscribe(subscriber=subscriber, mailing_list=None, provenance=provenance)
        messages.success(request, _("You are unsubscribed from every list."))
        return redirect(request.path)
    if not form.is_valid():
        return render(request, "newsletter/preferences.html", context, status=400)
    save(wanted=form.cleaned_data["lists"], offered=lists, provenance=provenance)
    messages.success(request, _("Your choices are saved."))
    return redirect(request.path)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    subscriber = services.member_subscriber(request.user)
    return _preferences_page(
        request,
        subscriber=subscriber,
        email=subscriber.email if subscriber else request.user.email,
        lists=_offered_lists(request.user),
        save=partial(services.save_member_preferences, user=request.user),
        limited_by=("newsletter:member", "user"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone's preferences, through the signed link in every email: no login needed."""
    try:
        subscriber_id = tokens.read_manage_token(token)
    except tokens.BadToken:
        return _invalid_link(request)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).select_related("user").first()
    if subscriber is None:
        return _invalid_link(request)
    return _preferences_page(
        request,
        subscriber=subscriber,
        email=subscriber.email,
        # The lists the address's owner may see: a member's group lists follow their account.
        lists=_offered_lists(subscriber.user or AnonymousUser()),
        save=partial(services.set_subscriptions, subscriber=subscriber),
        limited_by=("newsletter:manage", "ip"),
        by_link=True,
    )


# Mail clients' one-click unsubscribe (RFC 8058) posts with no session, no cookie and no CSRF
# token: the signed token in the URL authorises it, and it can only ever stop mail. The answer
# is a 200 page, never a redirect (clients do not follow one).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber_id, list_id = tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        return _invalid_link(request)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    mailing_list = MailingList.objects.filter(pk=list_id).first() if list_id else None
    if subscriber is None or (list_id and mailing_list is None):
        return _invalid_link(request)
    done = request.method == "POST"
    if done:
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        method = Method.ONE_CLICK if one_click else Method.UNSUBSCRIBE_LINK
        services.unsubscribe(
            subscriber=subscriber,
            mailing_list=mailing_list,
            provenance=_provenance(request, method),
        )
    return render(
        request,
        "newsletter/unsubscribe.html",
        {
            "done": done,
            "mailing_list": mailing_list,
            "email": subscriber.email,
            "manage_url": _manage_url(subscriber),
        },
    )


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    """Sent issues, newest first, kept rendered per page under the newsletter's version."""
    key = fragment_key(
        "newsletter-archive", NEWSLETTER.current(request), sorted(request.GET.lists())
    )
    listing = cache.get(key)
    if listing is None:
        issues = Issue.objects.archived().only(
            "subject", "slug", "preheader", "finished_at", "mailing_list_id"
        )
        paginator, page = page_or_404(request, issues, ISSUES_PER_PAGE)
        listing = render_to_string(
            "newsletter/includes/archive_listing.html",
            {"issues": page.object_list, "page_obj": page, "paginator": paginator},
            request=request,
        )
        cache.set(key, listing, FRAGMENT_SECONDS)
    # Rendered, so escaped, above.
    return render(request, "newsletter/archive.html", {"listing": mark_safe(listing)})


@require_safe
def issue(request: HttpRequest, slug: str) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.archived().select_related("mailing_list"), slug=slug)
    return render(
        request,
        "newsletter/issue_detail.html",
        {"issue": issue, "sections": list(issue.sections.all())},
    )
