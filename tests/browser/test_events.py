"""The calendar's main paths in a real browser: a visitor registers for a webinar, confirms by
the emailed link and sees the join link; a member registers in one click."""

import re

import icalendar
import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.test_working_groups import log_in
from tests.events.factories import EventFactory
from tests.members.factories import MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

JOIN_URL = "https://meet.example.org/secret-room"


@pytest.fixture
def webinar(transactional_db):
    # Made before `page`, so before Playwright starts (see tests/browser/conftest.py).
    return EventFactory(
        title="Property tax after a cadastre update", slug="property-tax", join_url=JOIN_URL
    )


def test_a_visitor_registers_confirms_by_email_and_sees_the_join_link(
    webinar, page: Page, live_server, settings, screenshots
):
    settings.SITE_URL = live_server.url
    page.goto("/events/")
    page.get_by_role("link", name=webinar.title).click()
    expect(page.get_by_text(JOIN_URL)).to_have_count(0)
    screenshots(page, "event-visitor")
    page.get_by_label("Your name").fill("Awa Diallo")
    page.get_by_label("Your email address").fill("awa@example.org")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    link = re.search(r"http\S+/events/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my registration").click()

    expect(page.get_by_text("You are registered.")).to_be_visible()
    expect(page.get_by_role("link", name=JOIN_URL)).to_be_visible()
    assert any("You are registered for" in m.subject for m in mail.outbox)
    assert not screenshots.overflowing, screenshots.overflowing


def test_a_member_registers_in_one_click_and_finds_it_in_their_feed(
    webinar, page: Page, settings, screenshots
):
    member = MemberFactory()
    log_in(page, member)
    page.goto(webinar.get_absolute_url())
    page.get_by_label("Show me in the list of participants that members see").check()
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_text("You are registered. A confirmation is on its way.")).to_be_visible()
    expect(page.get_by_role("link", name=JOIN_URL)).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("region", name="Your next events")).to_contain_text(webinar.title)
    screenshots(page, "event-home")

    # The personal feed: its secret address on the calendar page, fetched as a calendar app
    # would, without the browser's session.
    page.goto("/events/")
    feed_url = page.get_by_label("Your personal calendar feed").input_value()
    screenshots(page, "event-list")
    page.context.clear_cookies()
    feed = page.request.get(feed_url.replace(settings.SITE_URL, ""))
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    vevent = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")[0]
    assert str(vevent["UID"]) == webinar.uid and JOIN_URL in str(vevent["DESCRIPTION"])
    assert not screenshots.overflowing, screenshots.overflowing
