"""A working group's forum end to end, in Chromium and through the real moving parts: a member
joins a group and starts a topic in its forum, a fellow member replies with an @mention of them,
and the notification email (post_created → on_commit → Redis → Celery worker → SMTP) links to
the reply, which the member opens at its anchor.

The worker and the SMTP server are the integration tests' (tests/integration/conftest.py). The
worker reads FORUM_NOTIFICATION_INTERVAL and SITE_URL from its environment, this process (where
the live server enqueues the delivery, one interval ahead) from its settings; SITE_URL is the
live server's, so the email's link opens here.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from forums.services import create_group_category
from tests.browser.test_member_forms import log_in
from tests.integration import conftest as integration
from tests.members.factories import MemberFactory
from tests.working_groups.factories import CoChairFactory, MembershipFactory, WorkingGroupFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The integration tests' fixtures, shared: a real worker on the Redis broker, and aiosmtpd.
broker_url = integration.broker_url
celery_broker = integration.celery_broker
smtp_server = integration.smtp_server
celery_worker_process = integration.celery_worker_process

# Seconds between a notification and its email; short, so the email comes within the test.
INTERVAL = 2
TITLE = "Did publishing the budget raise property tax collection?"
REPLY = "did the lists of what the tax pays for go up before collection rose, or after?"


@pytest.fixture
def people(transactional_db):
    # Made before `worker` and `page`, so before Playwright starts (tests/browser/conftest.py).
    group = WorkingGroupFactory(
        name="Subnational finance",
        slug="subnational-finance",
        summary="Transfers, own-source revenue, property tax and borrowing.",
    )
    # As the admin does when it saves a group: the group's own forum category.
    create_group_category(group=group)
    CoChairFactory(group=group, user__profile__full_name="Achieng Otieno")
    first = MemberFactory(profile__full_name="Amina Okafor")
    second = MembershipFactory(group=group, user__profile__full_name="Rafael Souza").user
    return group, first, second


@pytest.fixture
def worker(request, live_server, monkeypatch, settings):
    """The integration tests' real worker, with a short interval and the live server's URL."""
    monkeypatch.setenv("FORUM_NOTIFICATION_INTERVAL", str(INTERVAL))
    monkeypatch.setenv("SITE_URL", live_server.url)
    settings.FORUM_NOTIFICATION_INTERVAL = INTERVAL
    return request.getfixturevalue("celery_worker_process")


def read_the_post_link(html: str) -> str:
    (link,) = re.findall(r'<a href="([^"]+)"[^>]*>Read the post</a>', html)
    return link


def test_a_mention_in_a_group_forum_reply_emails_a_link_to_the_reply(
    people, worker, smtp_server, live_server, page: Page
):
    group, first, second = people

    # The first member joins the group from its page; the welcome comes through the worker.
    log_in(page, first)
    page.goto("/working-groups/")
    page.get_by_role("link", name="Subnational finance").click()
    page.get_by_role("button", name="Join the group").click()
    expect(page.get_by_text("You have joined Subnational finance.")).to_be_visible()
    expect(page.get_by_text("You are a member of this group.")).to_be_visible()
    smtp_server.wait_for(
        lambda mail: mail.rcpt_tos == [first.email] and "Welcome to" in mail.message["Subject"],
        diagnostics=worker.log_tail,
    )

    # …and starts a topic in the group's forum.
    forum = page.get_by_role("region", name="Forum")
    expect(forum.get_by_text("No topics yet.")).to_be_visible()
    forum.get_by_role("link", name="All the group's topics").click()
    expect(page.get_by_role("heading", name="Subnational finance", level=1)).to_be_visible()
    page.get_by_role("link", name="New topic").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Your post").fill(
        "Our council published what the property tax pays for, district by district. "
        "Collection rose the next year."
    )
    page.get_by_role("button", name="Start the topic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    topic_url = page.url
    assert re.search(r"/forums/t/\d+/$", topic_url), topic_url

    # A member of the group already replies on the topic's page, mentioning the first by name.
    page.context.clear_cookies()
    log_in(page, second)
    page.goto(f"/working-groups/{group.slug}/")
    page.get_by_role("region", name="Forum").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(topic_url)
    page.get_by_label("Your post").fill(f"@Amina Okafor, {REPLY}")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("#post-2")).to_contain_text(REPLY)
    expect(page.locator("#post-2")).to_contain_text("Rafael Souza")

    # The worker emails the first member one interval later, saying they were mentioned.
    mail = smtp_server.wait_for(
        lambda mail: mail.rcpt_tos == [first.email] and TITLE in mail.message["Subject"],
        diagnostics=worker.log_tail,
    )
    # Python folds a long encoded subject onto a continuation line: hence the strip().
    assert mail.message["Subject"].strip() == f"[LPSA] 1 new post in “{TITLE}”"
    text = mail.text()
    assert "#2 by Rafael Souza · You were mentioned" in text
    assert REPLY in text
    link = read_the_post_link(mail.html())
    assert re.fullmatch(rf"{re.escape(live_server.url)}/forums/t/\d+/#post-2", link), link
    assert f"Read it: {link}" in text
    assert not any(mail.rcpt_tos == [second.email] for mail in smtp_server.received)

    # The first member, logged in, follows the link: the topic opens at the reply.
    page.context.clear_cookies()
    log_in(page, first)
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/forums/t/\d+/(\?page=1)?#post-2$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    reply = page.locator(":target")
    expect(reply).to_have_attribute("id", "post-2")
    expect(reply).to_contain_text(f"@Amina Okafor, {REPLY}")
    expect(reply).to_contain_text("Rafael Souza")
    expect(reply).to_be_in_viewport()
