"""The newsletter's main path in a real browser: a visitor subscribes, confirms by the emailed
link, and later unsubscribes from an issue's link with its one button."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from newsletter import tokens
from newsletter.models import ConsentRecord, MailingList, Subscriber, Subscription
from tests.browser.test_every_page import FAILING_IMPACTS, RUN_AXE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "chidi.eze@example.org"


def inaccessible(page: Page, axe_source: str) -> list[str]:
    page.evaluate(axe_source)
    return [
        f"{page.url}: {violation['impact']} {violation['id']} at {violation['targets']}"
        for violation in page.evaluate(RUN_AXE)
        if violation["impact"] in FAILING_IMPACTS
    ]


def test_a_visitor_subscribes_confirms_by_email_and_unsubscribes_in_one_click(
    page: Page, live_server, settings, axe_source, screenshots
):
    settings.SITE_URL = live_server.url
    problems: list[str] = []

    # Subscribe: the newsletter is ticked already.
    page.goto("/newsletter/")
    expect(page.get_by_role("heading", name="The LPSA newsletter", level=1)).to_be_visible()
    problems += inaccessible(page, axe_source)
    screenshots(page, "newsletter-subscribe")
    page.get_by_label("Email address").fill(EMAIL)
    expect(page.get_by_role("checkbox", name=re.compile(r"^The LPSA newsletter"))).to_be_checked()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    problems += inaccessible(page, axe_source)
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.confirmed_at is None
    assert not Subscription.objects.active().exists()
    assert subscriber.consents.get().method == ConsentRecord.Method.FORM

    # Confirm by the link in the mail: the page asks, the button confirms.
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    link = re.search(r"http\S+/newsletter/confirm/\S+/", message.body)[0]
    page.goto(link)
    expect(page.get_by_role("heading", name="Confirm your subscription")).to_be_visible()
    problems += inaccessible(page, axe_source)
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()
    problems += inaccessible(page, axe_source)
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    newsletter = MailingList.objects.get(kind=MailingList.Kind.NEWSLETTER)
    assert Subscription.objects.active().get().mailing_list == newsletter
    assert mail.outbox[-1].subject == "[LPSA] Welcome to the LPSA newsletter"

    # Later, an issue's unsubscribe link: one button, done at once.
    token = tokens.unsubscribe_token(subscriber_id=subscriber.pk, list_id=newsletter.pk)
    page.goto(f"/newsletter/unsubscribe/{token}/")
    expect(page.get_by_text(f"Stop sending “The LPSA newsletter” to {EMAIL}?")).to_be_visible()
    problems += inaccessible(page, axe_source)
    assert Subscription.objects.active().exists()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_contain_text("You are unsubscribed")
    problems += inaccessible(page, axe_source)
    screenshots(page, "newsletter-unsubscribed")
    assert not Subscription.objects.active().exists()
    record = subscriber.consents.get(action=ConsentRecord.Action.UNSUBSCRIBED)
    assert record.method == ConsentRecord.Method.UNSUBSCRIBE_LINK

    assert not problems, problems
    assert not screenshots.overflowing, screenshots.overflowing
