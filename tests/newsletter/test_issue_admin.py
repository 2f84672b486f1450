"""Composing and sending an issue in the admin: add (drafted), edit and reorder while a draft,
preview, test send, send now, schedule, progress, and who may do any of it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsletter.issue_admin import TEST_SENDS_PER_HOUR
from newsletter.models import Delivery, Issue, IssueSection
from newsletter.rendering import PREFERENCES_MARK, UNSUBSCRIBE_MARK
from tests.blog.factories import BlogPageFactory
from tests.newsletter.factories import (
    IssueFactory,
    IssueSectionFactory,
    SentIssueFactory,
    SubscriptionFactory,
    newsletter_list,
    subscriptions,
)

pytestmark = pytest.mark.django_db

ISSUE_PERMISSIONS = ["add_issue", "change_issue", "view_issue", "delete_issue", "view_delivery"]


def allow(user, *codenames: str) -> None:
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="newsletter", codename__in=codenames)
    )


@pytest.fixture
def editor_client(client, staff):
    """Staff with a second factor who may compose and send issues."""
    allow(staff, *ISSUE_PERMISSIONS)
    client.force_login(staff)
    return client


def url(name: str, issue: Issue) -> str:
    if name in {"change", "delete"}:
        return reverse(f"admin:newsletter_issue_{name}", args=[issue.pk])
    return reverse(f"admin:newsletter_issue_{name}", kwargs={"object_id": issue.pk})


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Adding and editing -----------------------------------------------------------------------


def test_adding_an_issue_drafts_its_sections_from_what_is_new(editor_client, staff):
    post = BlogPageFactory(first_published_at=timezone.now() - timedelta(days=1))

    response = editor_client.post(
        reverse("admin:newsletter_issue_add"),
        {
            "mailing_list": newsletter_list().pk,
            "subject": "November news",
            "preheader": "Posts and webinars",
            "intro": "Dear members,",
            "in_archive": "on",
        },
    )

    issue = Issue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("change", issue)
    assert issue.slug == f"november-news-{timezone.localdate().isoformat()}"
    assert issue.created_by == staff
    assert issue.status == Issue.Status.DRAFT
    assert list(issue.sections.values_list("source", flat=True)) == [f"blog:{post.pk}"]
    assert "1 section was drafted" in messages_of(response)[0]


def change_data(issue: Issue, sections: list[IssueSection], positions: list[int]) -> dict:
    data = {
        "mailing_list": issue.mailing_list_id,
        "subject": issue.subject,
        "preheader": issue.preheader,
        "intro": issue.intro,
        "in_archive": "on",
        "slug": issue.slug,
        "sections-TOTAL_FORMS": len(sections),
        "sections-INITIAL_FORMS": len(sections),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, (section, position) in enumerate(zip(sections, positions, strict=True)):
        prefix = f"sections-{index}-"
        data.update(
            {
                prefix + "id": section.pk,
                prefix + "issue": issue.pk,
                prefix + "position": position,
                prefix + "kind": section.kind,
                prefix + "heading": section.heading,
                prefix + "body": section.body,
                prefix + "link_url": section.link_url,
                prefix + "link_label": section.link_label,
                prefix + "image_url": "",
                prefix + "image_width": "",
                prefix + "image_height": "",
                prefix + "image_alt": "",
            }
        )
    return data


def test_staff_reorder_and_edit_a_drafts_sections(editor_client):
    issue = IssueFactory()
    first, second = IssueSectionFactory(issue=issue), IssueSectionFactory(issue=issue)
    data = change_data(issue, [first, second], positions=[2, 1])
    data["subject"] = "Edited subject"

    response = editor_client.post(url("change", issue), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    issue.refresh_from_db()
    assert issue.subject == "Edited subject"
    assert list(issue.sections.all()) == [second, first]


def test_an_issue_that_started_sending_is_read_only(editor_client):
    issue = IssueFactory(status=Issue.Status.SENDING, subject="Frozen")
    section = IssueSectionFactory(issue=issue)
    data = change_data(issue, [section], positions=[5])
    data["subject"] = "Changed"

    page = editor_client.get(url("change", issue))
    response = editor_client.post(url("change", issue), data)

    assert page.status_code == 200
    assert 'name="subject"' not in page.content.decode()
    assert 'name="sections-0-heading"' not in page.content.decode()
    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.subject == "Frozen"
    assert issue.sections.get().position == section.position


def test_a_scheduled_issue_can_still_be_edited(editor_client):
    issue = IssueFactory(
        status=Issue.Status.SCHEDULED, scheduled_for=timezone.now() + timedelta(days=1)
    )

    page = editor_client.get(url("change", issue))

    assert 'name="subject"' in page.content.decode()


def test_drafting_again_adds_what_is_new(editor_client):
    issue = IssueFactory()
    post = BlogPageFactory(first_published_at=timezone.now() - timedelta(hours=1))

    page = editor_client.get(url("redraft", issue))
    response = editor_client.post(url("redraft", issue))

    assert page.status_code == 200
    assert response.status_code == 302
    assert list(issue.sections.values_list("source", flat=True)) == [f"blog:{post.pk}"]


def test_drafting_again_is_refused_once_sending(editor_client):
    issue = IssueFactory(status=Issue.Status.SENT)
    BlogPageFactory(first_published_at=timezone.now() - timedelta(hours=1))

    response = editor_client.post(url("redraft", issue))

    assert response.status_code == 302
    assert issue.sections.count() == 0
    assert "cannot be changed" in messages_of(response)[0]


# --- Preview and test send --------------------------------------------------------------------


def test_the_preview_is_the_email_with_inline_styles_allowed_for_it_alone(editor_client):
    issue = IssueFactory()
    IssueSectionFactory(issue=issue, heading="Fiscal transfers compared")

    response = editor_client.get(url("preview", issue))
    changelist = editor_client.get(reverse("admin:newsletter_issue_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Fiscal transfers compared" in html
    assert 'style="' in html
    assert UNSUBSCRIBE_MARK not in html and PREFERENCES_MARK not in html
    policy = response["Content-Security-Policy"]
    assert "style-src-attr 'unsafe-inline'" in policy
    assert "style-src-elem 'self' 'unsafe-inline'" in policy
    assert "script-src 'none'" in policy
    assert "unsafe-inline" not in changelist["Content-Security-Policy"]


def test_the_text_preview_is_plain_text(editor_client):
    issue = IssueFactory(intro="Dear members,")

    response = editor_client.get(url("preview_text", issue))

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Dear members," in response.content.decode()


def test_a_preview_cannot_be_posted(editor_client):
    assert editor_client.post(url("preview", IssueFactory())).status_code == 405


def test_a_test_send_mails_the_preview_to_the_address_given_without_list_headers(
    editor_client, staff, django_capture_on_commit_callbacks
):
    issue = IssueFactory(subject="November news")
    page = editor_client.get(url("test_send", issue))

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url("test_send", issue), {"email": "check@example.org"})

    assert f'value="{staff.email}"' in page.content.decode()
    assert response.status_code == 302
    assert "check@example.org" in messages_of(response)[0]
    [message] = mail.outbox
    assert message.to == ["check@example.org"]
    assert message.subject.startswith("[Test] ")
    assert message.subject.endswith("November news")
    assert "List-Id" not in message.extra_headers
    assert "List-Unsubscribe" not in message.extra_headers
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert UNSUBSCRIBE_MARK not in body and PREFERENCES_MARK not in body
    assert issue.deliveries.count() == 0


def test_a_test_send_needs_a_valid_address(editor_client):
    response = editor_client.post(url("test_send", IssueFactory()), {"email": "not an address"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mail.outbox == []


def test_test_sends_are_rate_limited_with_the_form_kept(editor_client):
    issue = IssueFactory()
    for _ in range(TEST_SENDS_PER_HOUR):
        sent = editor_client.post(url("test_send", issue), {"email": "a@example.org"})
        assert sent.status_code == 302

    response = editor_client.post(url("test_send", issue), {"email": "kept@example.org"})

    assert response.status_code == 429
    assert 'value="kept@example.org"' in response.content.decode()


# --- Sending now ------------------------------------------------------------------------------


def test_send_now_confirms_with_the_lists_active_subscriber_count(editor_client):
    SubscriptionFactory.create_batch(3)
    SubscriptionFactory(subscriber__suppressed_at=timezone.now())
    issue = IssueFactory()

    response = editor_client.get(url("send", issue))

    assert response.context["subscribers"] == 3
    assert "has 3 active subscribers" in response.content.decode()
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT


def test_send_now_starts_sending_and_shows_the_progress(editor_client):
    issue = IssueFactory()

    response = editor_client.post(url("send", issue))

    assert response.status_code == 302
    assert response["Location"] == url("progress", issue)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING
    assert issue.started_at is not None


def test_sending_an_issue_twice_is_answered_with_a_clear_message(editor_client):
    issue = IssueFactory(status=Issue.Status.SENDING)

    response = editor_client.post(url("send", issue))

    assert response.status_code == 302
    assert response["Location"] == url("change", issue)
    assert "already being sent" in messages_of(response)[0]


def test_each_subscriber_gets_the_issue_with_their_own_links(
    editor_client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_RATE = 0
    settings.NEWSLETTER_POSTAL_ADDRESS = "1818 H Street NW, Washington"
    first, second = SubscriptionFactory(), SubscriptionFactory()
    issue = IssueFactory()
    IssueSectionFactory(issue=issue, heading="Fiscal transfers compared")

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url("send", issue))

    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [first.subscriber.email, second.subscriber.email]
    )
    unsubscribe_links = set()
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert "Fiscal transfers compared" in html and "1818 H Street NW" in html
        for body in (message.body, html):
            assert UNSUBSCRIBE_MARK not in body and PREFERENCES_MARK not in body
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert link in html and link in message.body
        unsubscribe_links.add(link)
    assert len(unsubscribe_links) == 2


def queries_to_send(client, subscribers: int) -> tuple[int, int]:
    subscriptions(subscribers)
    issue = IssueFactory()
    client.get(url("send", issue))  # sessions and permissions cached alike for both runs
    with CaptureQueriesContext(connection) as confirming:
        assert client.get(url("send", issue)).status_code == 200
    with CaptureQueriesContext(connection) as sending:
        assert client.post(url("send", issue)).status_code == 302
    return len(confirming), len(sending)


def test_sending_costs_the_same_queries_at_10_and_1000_subscribers(editor_client):
    few = queries_to_send(editor_client, 10)
    Issue.objects.all().delete()
    many = queries_to_send(editor_client, 990)  # 1,000 with the first ten

    assert few == many, (few, many)


# --- Scheduling -------------------------------------------------------------------------------


def test_scheduling_reads_the_time_in_the_staff_members_zone(editor_client):
    editor_client.cookies["tz"] = "Asia/Tokyo"
    issue = IssueFactory()
    local = (datetime.now(ZoneInfo("Asia/Tokyo")) + timedelta(days=2)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )

    response = editor_client.post(
        url("schedule", issue), {"send_at": local.strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    assert issue.scheduled_for == local
    assert "Asia/Tokyo" in messages_of(response)[0]


def test_a_time_in_the_past_is_refused(editor_client):
    issue = IssueFactory()
    past = timezone.localtime() - timedelta(hours=1)

    response = editor_client.post(
        url("schedule", issue), {"send_at": past.strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["send_at"]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_cancelling_the_schedule_makes_it_a_draft_again(editor_client):
    issue = IssueFactory(
        status=Issue.Status.SCHEDULED, scheduled_for=timezone.now() + timedelta(days=1)
    )

    page = editor_client.get(url("schedule", issue))
    refused = editor_client.get(url("unschedule", issue))
    response = editor_client.post(url("unschedule", issue))

    assert url("unschedule", issue) in page.content.decode()
    assert refused.status_code == 405
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.status, issue.scheduled_for) == (Issue.Status.DRAFT, None)


def test_an_issue_being_sent_cannot_be_scheduled(editor_client):
    issue = IssueFactory(status=Issue.Status.SENDING)
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = editor_client.post(url("schedule", issue), {"send_at": when})

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING


# --- Progress and deliveries ------------------------------------------------------------------


def sending_issue(**fields) -> Issue:
    issue = IssueFactory(
        status=Issue.Status.SENDING, started_at=timezone.now(), recipient_count=4, **fields
    )
    for status, error in [
        (Delivery.Status.SENT, ""),
        (Delivery.Status.SENT, ""),
        (Delivery.Status.FAILED, "550 5.1.1 No such mailbox"),
        (Delivery.Status.PENDING, ""),
    ]:
        subscription = SubscriptionFactory()
        Delivery.objects.create(
            issue=issue,
            subscription=subscription,
            email=subscription.subscriber.email,
            status=status,
            error=error,
            sent_at=timezone.now() if status == Delivery.Status.SENT else None,
        )
    return issue


def test_the_progress_page_refreshes_itself_while_sending(editor_client):
    issue = sending_issue()

    response = editor_client.get(url("progress", issue))

    progress = response.context["progress"]
    assert (progress.recipients, progress.sent, progress.failed, progress.pending) == (4, 2, 1, 1)
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "<script>" not in html
    assert "status__exact=failed" in html


def test_a_sent_issue_shows_its_final_figures_without_refreshing(editor_client):
    issue = sending_issue()
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT, finished_at=timezone.now())

    progress = editor_client.get(url("progress", issue))
    change = editor_client.get(url("change", issue))

    assert 'http-equiv="refresh"' not in progress.content.decode()
    assert change.context["progress"].sent == 2
    assert "status__exact=failed" in change.content.decode()


def test_the_progress_page_asks_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    issue = sending_issue()
    editor_client.get(url("progress", issue))

    with django_assert_max_num_queries(8):
        editor_client.get(url("progress", issue))


def test_failed_deliveries_are_listed_with_their_error(editor_client):
    issue = sending_issue()

    response = editor_client.get(
        reverse("admin:newsletter_delivery_changelist")
        + f"?issue__id__exact={issue.pk}&status__exact=failed"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "550 5.1.1 No such mailbox" in html
    assert html.count("550 5.1.1") == 1
    delivery = Delivery.objects.get(status=Delivery.Status.FAILED)
    assert (
        editor_client.post(
            reverse("admin:newsletter_delivery_change", args=[delivery.pk]), {"error": ""}
        ).status_code
        == 403
    )


# --- Who may --------------------------------------------------------------------------------

PAGES = ["preview", "preview_text", "test_send", "send", "schedule", "redraft", "progress"]


@pytest.mark.parametrize("page", PAGES)
def test_members_are_refused(member_client, page):
    issue = IssueFactory()

    assert member_client.get(url(page, issue)).status_code == 403
    assert member_client.post(url(page, issue)).status_code == 403
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT


@pytest.mark.parametrize("page", PAGES)
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, staff_without_2fa, page):
    allow(staff_without_2fa, *ISSUE_PERMISSIONS)
    client.force_login(staff_without_2fa)
    issue = IssueFactory()

    response = client.post(url(page, issue))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT


@pytest.mark.parametrize("page", PAGES)
def test_staff_who_may_only_view_issues_are_refused(client, staff, page):
    allow(staff, "view_issue")
    client.force_login(staff)
    issue = IssueFactory()

    assert client.get(url(page, issue)).status_code == 403
    assert client.post(url(page, issue)).status_code == 403
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT


def test_visitors_are_sent_to_log_in(client):
    response = client.get(url("send", IssueFactory()), follow=True)

    assert response.request["PATH_INFO"] == reverse("account_login")


def test_the_send_form_needs_its_csrf_token(client, staff):
    allow(staff, *ISSUE_PERMISSIONS)
    client.handler.enforce_csrf_checks = True
    client.force_login(staff)
    issue = IssueFactory()

    assert client.post(url("send", issue)).status_code == 403
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT


def test_a_drafts_page_offers_preview_test_send_schedule_and_send(editor_client):
    issue = IssueFactory()

    html = editor_client.get(url("change", issue)).content.decode()

    for page in ["preview", "preview_text", "test_send", "redraft", "schedule", "send"]:
        assert f'href="{url(page, issue)}"' in html, page
    assert f'href="{url("progress", issue)}"' not in html


def test_the_changelist_action_drafts_again_only_editable_issues(editor_client):
    draft, sent = IssueFactory(), SentIssueFactory()
    BlogPageFactory(first_published_at=timezone.now() - timedelta(hours=1))

    editor_client.post(
        reverse("admin:newsletter_issue_changelist"),
        {"action": "redraft_selected", "_selected_action": [draft.pk, sent.pk]},
    )

    assert draft.sections.count() == 1
    assert sent.sections.count() == 0


def test_sent_issues_cannot_be_deleted(editor_client):
    issue = SentIssueFactory()

    assert editor_client.post(url("delete", issue), {"post": "yes"}).status_code == 403
    assert Issue.objects.filter(pk=issue.pk).exists()
