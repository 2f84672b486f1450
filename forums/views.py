"""The forums' pages. Every lookup goes through a `visible_to(user)` scope; a visitor asking for
anything not public is sent to log in (whether or not it exists), a member gets 404 for what they
may not read and 403 for what they may read but not do."""

import functools
from collections.abc import Callable
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import is_ratelimited

from forums import permissions, services
from forums.cache import FRAGMENT_SECONDS, forum_version
from forums.forms import FlagForm, MoveForm, PostForm, SearchForm, TopicForm
from forums.models import (
    Category,
    Flag,
    Like,
    ModerationAction,
    Post,
    ReadState,
    Topic,
    page_of_number,
)
from lpsa.page_cache import CSRF_MARK, fill_marks, fragment_key
from lpsa.pagination import page_or_404

TOPICS_PER_PAGE = 30
FLAGS_PER_PAGE = 30
ACTIONS_PER_PAGE = 50
RESULTS_PER_PAGE = 20
# Enough for the busiest conversation a person types by hand; too few for a script.
POSTS_PER_HOUR = 30
FLAGS_PER_HOUR = 20


def _found_or_login(request: HttpRequest, obj):
    """None for a visitor asking for what is not public: the caller sends them to log in."""
    if obj is None:
        if not request.user.is_authenticated:
            return None
        raise Http404
    return obj


def _category(request: HttpRequest, slug: str) -> Category | None:
    return _found_or_login(
        request,
        Category.objects.visible_to(request.user).select_related("group").filter(slug=slug).first(),
    )


def _topic(request: HttpRequest, pk: int) -> Topic | None:
    return _found_or_login(
        request,
        Topic.objects.visible_to(request.user).select_related("category").filter(pk=pk).first(),
    )


def _post(request: HttpRequest, pk: int) -> Post:
    """A post in a topic the user may read (hidden or deleted ones too: the caller decides)."""
    return get_object_or_404(
        Post.objects.filter(topic__in=Topic.objects.visible_to(request.user)).select_related(
            "topic", "topic__category"
        ),
        pk=pk,
    )


def _page_number(request: HttpRequest) -> int | None:
    try:
        number = int(request.GET.get("page", ""))
    except ValueError:
        return None
    return number if number >= 1 else None


def _rate_limited(request: HttpRequest, *, group: str, per_hour: int) -> bool:
    return is_ratelimited(
        request, group=group, key="user", rate=f"{per_hour}/h", method="POST", increment=True
    )


# --- reading ---------------------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    # The category lists differ between viewers only by the private categories they may read.
    visible = list(Category.objects.visible_to(request.user).values_list("pk", flat=True))
    key = fragment_key("forum-index", forum_version(request), visible)
    categories_html = cache.get(key)
    if categories_html is None:
        categories = list(
            Category.objects.filter(pk__in=visible).with_activity().select_related("group")
        )
        categories_html = render_to_string(
            "forums/includes/index_categories.html",
            {
                "general_categories": [c for c in categories if c.group_id is None],
                "group_categories": [c for c in categories if c.group_id is not None],
            },
        )
        cache.set(key, categories_html, FRAGMENT_SECONDS)
    return render(
        request,
        "forums/index.html",
        {
            "categories_html": mark_safe(categories_html),  # rendered, so escaped, above
            "can_moderate_any": permissions.can_open_moderation(request.user),
        },
    )


def _unread_marks(user, last_post_numbers: dict[int, int]) -> dict[str, Callable]:
    """The unread class and badge of each topic row, from the topics' last post numbers (one
    query): what `fill_marks` puts into a stored topic list for this member."""
    read = {}
    if user.is_authenticated and last_post_numbers:
        read = dict(
            ReadState.objects.filter(user=user, topic__in=list(last_post_numbers)).values_list(
                "topic_id", "last_read_number"
            )
        )

    def unread(pk: int) -> int:
        if not user.is_authenticated:
            return 0
        return max(last_post_numbers[pk] - read.get(pk, 0), 0)

    def badge(pk: int) -> str:
        count = unread(pk)
        if not count:
            return ""
        if pk not in read:
            text = _("new")
        else:
            text = ngettext("%(count)s unread", "%(count)s unread", count) % {"count": count}
        return format_html('<span class="badge badge-unread">{}</span>', text)

    return {
        "unread-class": lambda pk: " topic-unread" if unread(pk) else "",
        "unread-badge": badge,
    }


@require_safe
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = _category(request, slug)
    if category is None:
        return redirect_to_login(request.get_full_path())
    can_moderate = permissions.can_moderate(request.user, category)
    # Moderators see the hidden topics too; unread marks are filled in per member.
    key = fragment_key(
        "forum-topics",
        forum_version(request),
        category.pk,
        can_moderate,
        sorted(request.GET.lists()),
    )
    stored = cache.get(key)
    if stored is None:
        topics = (
            Topic.objects.visible_to(request.user)
            .filter(category=category)
            .select_related("author__profile")
            .order_by("-pinned", "-last_posted_at", "-pk")
        )
        paginator, page = page_or_404(request, topics, TOPICS_PER_PAGE)
        stored = {
            "html": render_to_string(
                "forums/includes/topic_table.html",
                {"topics": page.object_list, "page_obj": page, "paginator": paginator},
                request=request,
            ),
            "last_post_numbers": {t.pk: t.last_post_number for t in page.object_list},
        }
        cache.set(key, stored, FRAGMENT_SECONDS)
    marks = _unread_marks(request.user, stored["last_post_numbers"])
    return render(
        request,
        "forums/category_detail.html",
        {
            "category": category,
            "topics_html": fill_marks(stored["html"], request, lambda name, pk: marks[name](pk)),
            "can_post": permissions.can_post_in(request.user, category),
        },
    )


class _PostUrls:
    """Each post's action URLs, from one reverse() per action and process rather than one per
    post: a page of 20 posts would otherwise resolve a hundred URLs through the resolver."""

    ACTIONS = ("like_post", "unlike_post", "flag_post", "edit_post", "delete_post", "moderate_post")
    MARK = "2147483647"

    @staticmethod
    @functools.cache
    def patterns() -> dict[str, str]:
        return {
            name: reverse(f"forums:{name}", kwargs={"pk": int(_PostUrls.MARK)})
            for name in _PostUrls.ACTIONS
        }

    @classmethod
    def of(cls, post: Post) -> dict[str, str]:
        pk = str(post.pk)
        return {name: url.replace(cls.MARK, pk) for name, url in cls.patterns().items()}


def _rendered_topic_page(request: HttpRequest, topic: Topic, number: int, **shown_to) -> dict:
    """A page of a topic, rendered for what the viewer may do (`shown_to`: moderate, reply, be
    signed in) and kept under the forums' version. A viewer's own actions on each post (like,
    unlike and flag, or edit and delete their own), the CSRF token and the path to come back to
    after logging in are left as marks, with the posts' authors beside the HTML to fill them."""
    key = fragment_key("forum-topic", forum_version(request), topic.pk, number, shown_to)
    stored = cache.get(key)
    if stored is None:
        posts = list(Post.objects.page_of(topic, number).select_related("author__profile"))
        for post in posts:
            post.topic = topic  # already loaded
            post.urls = _PostUrls.of(post)
            post.show_text = post.deleted_at is None and (
                not post.hidden or shown_to["can_moderate"]
            )
        page_count = max(topic.page_count, 1)
        stored = {
            "html": render_to_string(
                "forums/includes/topic_body.html",
                {
                    "topic": topic,
                    "category": topic.category,
                    "posts": posts,
                    "page_number": number,
                    "page_count": page_count,
                    "previous_page": number - 1 if number > 1 else None,
                    "next_page": number + 1 if number < page_count else None,
                    "reply_url": reverse("forums:reply", kwargs={"pk": topic.pk}),
                    # The reply form here is always empty: a reply with errors is shown on
                    # the reply page.
                    "reply_form": PostForm() if shown_to["can_reply"] else None,
                    "csrf_input": CSRF_MARK,
                    **shown_to,
                },
            ),
            # The posts a signed-in viewer may act on, with their authors.
            "authors": {
                p.pk: p.author_id
                for p in posts
                if shown_to["signed_in"] and p.show_text and not p.hidden
            },
            "last_number": posts[-1].number if posts else 0,
        }
        cache.set(key, stored, FRAGMENT_SECONDS)
    return stored


def _viewer_actions(request: HttpRequest, topic: Topic, authors: dict[int, int | None]):
    """The viewer's own actions on each post: each kind (one's own post, a post one liked, one
    one did not) rendered once with a marked number, then given each post's (one query)."""
    user = request.user
    liked = set()
    if authors:
        liked = set(
            Like.objects.filter(user=user, post__in=list(authors)).values_list("post_id", flat=True)
        )
    patterns = _PostUrls.patterns()
    kinds: dict[tuple, str] = {}

    def actions(name: str, pk: int) -> str:
        kind = (authors[pk] == user.pk, pk in liked)
        if kind not in kinds:
            kinds[kind] = render_to_string(
                "forums/includes/post_viewer_actions.html",
                {
                    "is_own": kind[0],
                    "liked": kind[1],
                    "topic": topic,
                    "urls": patterns,
                    "csrf_token": get_token(request),
                },
            )
        return kinds[kind].replace(_PostUrls.MARK, str(pk))

    return actions


@require_safe
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(request, pk)
    if topic is None:
        return redirect_to_login(request.get_full_path())
    user = request.user
    page_count = max(topic.page_count, 1)
    read_number = None
    if user.is_authenticated:
        read_number = (
            ReadState.objects.filter(topic=topic, user=user)
            .values_list("last_read_number", flat=True)
            .first()
        ) or 0
    number = _page_number(request)
    if "page" in request.GET and number is None:
        raise Http404
    if number is None:
        # A member opens the topic at the first post they have not read.
        first_unread = (read_number or 0) + 1
        if read_number and first_unread <= topic.last_post_number:
            url = reverse("forums:topic", kwargs={"pk": topic.pk})
            return redirect(f"{url}?page={page_of_number(first_unread)}#post-{first_unread}")
        number = 1
    if number > page_count:
        raise Http404
    stored = _rendered_topic_page(
        request,
        topic,
        number,
        can_moderate=permissions.can_moderate(user, topic.category),
        can_reply=permissions.can_reply(user, topic),
        signed_in=user.is_authenticated,
    )
    actions = _viewer_actions(request, topic, stored["authors"]) if stored["authors"] else None

    def part(name: str, pk: int | None) -> str:
        if name == "next":
            return escape(quote(request.get_full_path()))
        return actions(name, pk)

    if user.is_authenticated and stored["last_number"] > read_number:
        services.mark_read(topic=topic, user=user, number=stored["last_number"])
    return render(
        request,
        "forums/topic_detail.html",
        {"topic": topic, "body_html": fill_marks(stored["html"], request, part)},
    )


@require_safe
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A post's permanent address: the page of its topic that holds it, at its anchor."""
    post = _found_or_login(
        request,
        Post.objects.filter(topic__in=Topic.objects.visible_to(request.user)).filter(pk=pk).first(),
    )
    if post is None:
        return redirect_to_login(request.get_full_path())
    return redirect(post.get_absolute_url())


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    results = paginator = page = None
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        posts = (
            Post.objects.visible_to(request.user)
            .search(query)
            .select_related("topic", "author__profile")
            .order_by("-created_at", "-pk")
        )
        paginator, page = page_or_404(request, posts, RESULTS_PER_PAGE)
        results = page.object_list
    return render(
        request,
        "forums/search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "page_obj": page,
            "paginator": paginator,
        },
    )


# --- writing ---------------------------------------------------------------------------------


def _too_many_posts(request: HttpRequest, form) -> bool:
    if request.method == "POST" and _rate_limited(
        request, group="forums:post", per_hour=POSTS_PER_HOUR
    ):
        form.add_error(
            None,
            _(
                "You have posted %(count)d times in the last hour, the most we accept. Nothing "
                "was posted this time; what you wrote is still below, so please try again later."
            )
            % {"count": POSTS_PER_HOUR},
        )
        return True
    return False


@login_required
def new_topic(request: HttpRequest, slug: str) -> HttpResponse:
    category = _category(request, slug)
    if not permissions.can_post_in(request.user, category):
        raise PermissionDenied
    form = TopicForm(request.POST or None)
    if _too_many_posts(request, form):
        return render(
            request, "forums/topic_form.html", {"form": form, "category": category}, status=429
        )
    if request.method == "POST" and form.is_valid():
        topic = services.start_topic(
            category=category,
            author=request.user,
            title=form.cleaned_data["title"],
            source=form.cleaned_data["source"],
        )
        return redirect(topic)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "forums/topic_form.html", {"form": form, "category": category}, status=status
    )


def _quote(post: Post) -> str:
    profile = getattr(post.author, "profile", None) if post.author else None
    name = profile.display_name if profile else _("A former member")
    quoted = "\n".join(f"> {line}" if line else ">" for line in post.source.splitlines())
    attribution = _("%(name)s wrote (post #%(number)d):") % {"name": name, "number": post.number}
    return f"{attribution}\n{quoted}\n\n"


@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(request, pk)
    if not permissions.can_post_in(request.user, topic.category):
        raise PermissionDenied
    context = {"topic": topic, "category": topic.category}
    if topic.locked:
        context["locked"] = True
        return render(request, "forums/reply_form.html", context, status=403)
    initial = {}
    if request.method == "GET" and request.GET.get("quote", "").isdigit():
        quoted = (
            Post.objects.filter(topic=topic, number=int(request.GET["quote"]))
            .select_related("author__profile")
            .first()
        )
        if quoted and quoted.deleted_at is None and not quoted.hidden:
            initial["source"] = _quote(quoted)
    form = PostForm(request.POST or None, initial=initial)
    context["form"] = form
    if _too_many_posts(request, form):
        return render(request, "forums/reply_form.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.reply_to_topic(
                topic=topic, author=request.user, source=form.cleaned_data["source"]
            )
        except services.TopicLocked as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(post)
    status = 400 if request.method == "POST" else 200
    return render(request, "forums/reply_form.html", context, status=status)


@login_required
def edit_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied
    form = PostForm(request.POST or None, initial={"source": post.source})
    if request.method == "POST" and form.is_valid():
        services.edit_post(post=post, source=form.cleaned_data["source"])
        messages.success(request, _("Your post has been saved."))
        return redirect(post)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "forums/post_form.html",
        {"form": form, "post": post, "topic": post.topic},
        status=status,
    )


@login_required
def delete_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not permissions.can_delete_post(request.user, post):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_post(post=post)
        messages.success(request, _("Your post has been deleted."))
        return redirect(post)
    return render(request, "forums/post_confirm_delete.html", {"post": post, "topic": post.topic})


@login_required
@require_POST
def like_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not permissions.can_like(request.user, post):
        raise PermissionDenied
    services.like_post(post=post, user=request.user)
    return redirect(post)


@login_required
@require_POST
def unlike_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    services.unlike_post(post=post, user=request.user)
    return redirect(post)


@login_required
def flag_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not permissions.can_flag(request.user, post):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    context = {"form": form, "post": post, "topic": post.topic}
    if request.method == "POST" and _rate_limited(
        request, group="forums:flag", per_hour=FLAGS_PER_HOUR
    ):
        form.add_error(
            None,
            _("You have flagged %(count)d posts in the last hour, the most we accept.")
            % {"count": FLAGS_PER_HOUR},
        )
        return render(request, "forums/flag_form.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        services.flag_post(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you: the moderators will look at this post."))
        return redirect(post)
    status = 400 if request.method == "POST" else 200
    return render(request, "forums/flag_form.html", context, status=status)


# --- moderation ------------------------------------------------------------------------------

TOPIC_ACTIONS = {
    "pin": (services.pin_topic, {"pinned": True}, _("The topic is pinned.")),
    "unpin": (services.pin_topic, {"pinned": False}, _("The topic is no longer pinned.")),
    "lock": (services.lock_topic, {"locked": True}, _("The topic is locked.")),
    "unlock": (services.lock_topic, {"locked": False}, _("The topic is open to replies again.")),
    "hide": (services.hide_topic, {"hidden": True}, _("The topic is hidden.")),
    "show": (services.hide_topic, {"hidden": False}, _("The topic is shown again.")),
}


@login_required
@require_POST
def moderate_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(request, pk)
    if not permissions.can_moderate(request.user, topic.category):
        raise PermissionDenied
    action = TOPIC_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponseBadRequest(_("Unknown moderation action."))
    service, arguments, message = action
    service(topic=topic, actor=request.user, **arguments)
    messages.success(request, str(message))
    return redirect(topic)


@login_required
def move_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(request, pk)
    if not permissions.can_moderate(request.user, topic.category):
        raise PermissionDenied
    targets = Category.objects.moderated_by(request.user).exclude(pk=topic.category_id)
    form = MoveForm(request.POST or None, categories=targets)
    if request.method == "POST" and form.is_valid():
        services.move_topic(topic=topic, actor=request.user, category=form.cleaned_data["category"])
        messages.success(request, _("The topic has been moved."))
        return redirect(topic)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "forums/topic_move.html",
        {"form": form, "topic": topic, "category": topic.category},
        status=status,
    )


@login_required
@require_POST
def moderate_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not permissions.can_moderate(request.user, post.topic.category):
        raise PermissionDenied
    action = request.POST.get("action", "")
    if action not in ("hide", "show"):
        return HttpResponseBadRequest(_("Unknown moderation action."))
    services.hide_post(post=post, actor=request.user, hidden=action == "hide")
    messages.success(
        request, _("The post is hidden.") if action == "hide" else _("The post is shown again.")
    )
    return redirect(post)


def _require_moderator(request: HttpRequest) -> None:
    if not permissions.can_open_moderation(request.user):
        raise PermissionDenied


@login_required
@require_safe
def moderation_queue(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    flags = (
        Flag.objects.open()
        .moderated_by(request.user)
        .select_related("post__topic__category", "post__author__profile", "reporter__profile")
        .order_by("created_at", "pk")
    )
    paginator, page = page_or_404(request, flags, FLAGS_PER_PAGE)
    return render(
        request,
        "forums/moderation_queue.html",
        {"flags": page.object_list, "page_obj": page, "paginator": paginator},
    )


@login_required
@require_POST
def resolve_flag(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(
        Flag.objects.open().moderated_by(request.user).select_related("post__topic"), pk=pk
    )
    decision = request.POST.get("decision", "")
    if decision not in ("uphold", "dismiss"):
        return HttpResponseBadRequest(_("Say whether to uphold or dismiss the flag."))
    services.resolve_flag(flag=flag, actor=request.user, uphold=decision == "uphold")
    messages.success(
        request,
        _("The flag is upheld and the post hidden.")
        if decision == "uphold"
        else _("The flag is dismissed."),
    )
    return redirect("forums:moderation_queue")


@login_required
@require_safe
def moderation_log(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    actions = (
        ModerationAction.objects.moderated_by(request.user)
        .select_related("actor__profile", "topic", "post")
        .order_by("-created_at", "-pk")
    )
    paginator, page = page_or_404(request, actions, ACTIONS_PER_PAGE)
    return render(
        request,
        "forums/moderation_log.html",
        {"actions": page.object_list, "page_obj": page, "paginator": paginator},
    )
