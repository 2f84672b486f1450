"""Publishing through the real CMS: a contributor writes and submits, an editor approves, and only
then is a post live; scheduled posts go live and expire by the Celery task."""

from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.blocks import RICH_TEXT_FEATURES
from blog.models import BlogPage
from blog.tasks import publish_scheduled
from tests.blog.conftest import card_titles
from tests.blog.factories import AuthorFactory, BlogPageFactory, blog_index, cms_user

pytestmark = pytest.mark.django_db

TITLE = "Property tax in secondary cities"


def create_url() -> str:
    return reverse("wagtailadmin_pages:add", args=("blog", "blogpage", blog_index().pk))


def post_form(action: str, **fields) -> dict:
    """What the CMS's form for a new post sends when `action` ("action-submit",
    "action-publish", or "" to save a draft) is pressed."""
    data = nested_form_data(
        {
            "title": TITLE,
            "slug": "property-tax-in-secondary-cities",
            "summary": "Three cities doubled their own revenue.",
            "featured_image": "",
            "post_authors": inline_formset([{"author": AuthorFactory().pk}], min=1),
            "body": streamfield(
                [
                    (
                        "paragraph",
                        rich_text("<p>Kampala reformed it.</p>", features=RICH_TEXT_FEATURES),
                    )
                ]
            ),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            **fields,
        }
    )
    if action:
        data[action] = "1"
    return data


def created(client, action: str, **fields) -> BlogPage:
    response = client.post(create_url(), post_form(action, **fields))
    assert response.status_code == 302, form_errors(response)
    return BlogPage.objects.get(slug="property-tax-in-secondary-cities")


def form_errors(response) -> str:
    context = response.context
    if context is None:
        return f"{response.status_code} {response.get('Location')}"
    form = context.get("form")
    formsets = getattr(form, "formsets", {}) if form is not None else {}
    return repr(
        {
            "form": form.errors if form is not None else None,
            **{name: formset.errors for name, formset in formsets.items()},
        }
    )


def visible_to_readers(client) -> tuple[bool, bool, bool]:
    """Whether the post answers at its address, is on /blog/, and is in the RSS feed."""
    client.logout()
    page = client.get("/blog/property-tax-in-secondary-cities/").status_code == 200
    index = TITLE in card_titles(client.get("/blog/").content.decode())
    feed = [entry.title for entry in feedparser.parse(client.get("/blog/feed.rss").content).entries]
    return page, index, TITLE in feed


def test_a_contributors_submitted_post_goes_live_only_when_an_editor_approves_it(client):
    contributor, editor = cms_user("Contributors"), cms_user("Editors")
    client.force_login(contributor)
    post = created(client, "action-submit")
    assert not post.live
    assert post.current_workflow_state.status == "in_progress"
    assert post.current_workflow_task.name == "Editor approval"
    assert visible_to_readers(client) == (False, False, False)

    # The contributor may not approve their own post: the CMS sends them back to its dashboard.
    task_state = post.current_workflow_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(post.pk, "approve", task_state.pk)
    )
    client.force_login(contributor)
    response = client.post(approve_url, {"comment": ""})
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    post.refresh_from_db()
    assert not post.live
    assert TaskState.objects.get(pk=task_state.pk).status == "in_progress"

    client.force_login(editor)
    response = client.post(approve_url, {"comment": "Good to go."})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live
    assert TaskState.objects.get(pk=task_state.pk).status == "approved"
    assert visible_to_readers(client) == (True, True, True)


def test_a_contributor_pressing_publish_does_not_make_a_post_live(client):
    client.force_login(cms_user("Contributors"))
    # Wagtail saves the post as a draft: publishing is not among a contributor's actions.
    post = created(client, "action-publish")
    assert not post.live and post.has_unpublished_changes
    assert post.current_workflow_state is None
    # Nor does pressing it again on the post's edit form.
    edit_url = reverse("wagtailadmin_pages:edit", args=(post.pk,))
    response = client.post(edit_url, post_form("action-publish", title=TITLE + ", revised"))
    assert response.status_code == 302, form_errors(response)
    post.refresh_from_db()
    assert not post.live
    assert post.get_latest_revision().content["title"] == TITLE + ", revised"
    assert visible_to_readers(client) == (False, False, False)


def test_an_editor_publishes_directly(client):
    client.force_login(cms_user("Editors"))
    post = created(client, "action-publish")
    assert post.live
    assert visible_to_readers(client) == (True, True, True)


def test_an_editor_rejecting_a_post_keeps_it_off_the_site(client):
    client.force_login(cms_user("Contributors"))
    post = created(client, "action-submit")
    task_state = post.current_workflow_task_state
    client.force_login(cms_user("Editors"))
    reject_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(post.pk, "reject", task_state.pk)
    )
    assert client.post(reject_url, {"comment": "Needs sources."}).status_code == 302
    post.refresh_from_db()
    assert not post.live
    assert TaskState.objects.get(pk=task_state.pk).status == "rejected"
    assert visible_to_readers(client) == (False, False, False)


# --- Scheduled publishing ----------------------------------------------------------------------
def time_passes(post: BlogPage, revision: Revision, duration: timedelta) -> None:
    """As if `duration` went by: every time stored for the schedule moves back by as much (the
    page's go-live time, the revision's copy of it and its approval), the clock stays real."""
    go_live_at = post.go_live_at - duration
    revision.content["go_live_at"] = go_live_at.isoformat()
    revision.approved_go_live_at -= duration
    revision.save(update_fields=["content", "approved_go_live_at"])
    BlogPage.objects.filter(pk=post.pk).update(go_live_at=go_live_at)


def test_a_post_scheduled_for_later_goes_live_when_the_task_runs_after_its_time(client):
    post = BlogPageFactory(
        slug="property-tax-in-secondary-cities",
        title=TITLE,
        live=False,
        go_live_at=timezone.now() + timedelta(hours=2),
    )
    post.get_latest_revision().publish()
    post.refresh_from_db()
    assert not post.live
    revision = post.get_latest_revision()
    assert revision.approved_go_live_at is not None

    publish_scheduled.delay()  # before its time: nothing happens
    post.refresh_from_db()
    assert not post.live
    assert visible_to_readers(client) == (False, False, False)

    time_passes(post, revision, timedelta(hours=2, minutes=1))
    publish_scheduled.delay()
    post.refresh_from_db()
    assert post.live
    assert visible_to_readers(client) == (True, True, True)


def test_an_expired_post_is_unpublished_when_the_task_runs(client):
    post = BlogPageFactory(slug="property-tax-in-secondary-cities", title=TITLE)
    assert visible_to_readers(client) == (True, True, True)
    BlogPage.objects.filter(pk=post.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    publish_scheduled.delay()
    post.refresh_from_db()
    assert not post.live and post.expired
    assert visible_to_readers(client) == (False, False, False)


def test_an_expiry_still_to_come_leaves_the_post_live(client):
    post = BlogPageFactory(expire_at=timezone.now() + timedelta(days=1))
    publish_scheduled.delay()
    post.refresh_from_db()
    assert post.live


def test_the_task_is_on_the_beat_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["blog-publish-scheduled"]
    assert entry["task"] == publish_scheduled.name == "blog.tasks.publish_scheduled"
    assert entry["schedule"] == 60.0
