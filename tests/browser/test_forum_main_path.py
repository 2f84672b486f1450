"""The forums' main path in Chromium: a member starts a topic, another replies quoting it, the
first sees the reply marked unread and opens the topic at it. Screenshots of the index, a
category and a topic at 1280 and 360 px (LPSA_SCREENSHOT_DIR keeps them)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_member_forms import log_in
from tests.forums.factories import CategoryFactory
from tests.members.factories import MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people(transactional_db):
    category = CategoryFactory(
        name="Fiscal decentralization",
        slug="fiscal",
        description="Own-source revenues, transfers and subnational borrowing.",
    )
    CategoryFactory(name="Welcome and introductions", slug="welcome", position=0)
    first = MemberFactory(profile__full_name="Amina Okafor")
    second = MemberFactory(profile__full_name="Rafael Souza")
    return category, first, second


def test_start_reply_with_a_quote_and_see_it(people, page: Page, screenshots):
    category, first, second = people
    log_in(page, first)
    page.goto("/forums/")
    page.get_by_role("link", name="Fiscal decentralization").click()
    page.get_by_role("link", name="New topic").click()
    page.get_by_label("Title").fill("How do own-source revenues grow after a cadastre update?")
    page.get_by_label("Your post").fill(
        "We updated the **cadastre** in 2023. Collection rose only in the districts that "
        "published what the tax pays for."
    )
    page.get_by_role("button", name="Start the topic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How do own-source revenues grow after a cadastre update?"
    )
    topic_url = page.url

    page.context.clear_cookies()
    log_in(page, second)
    page.goto(topic_url)
    page.get_by_role("link", name="Quote").first.click()
    text = page.get_by_label("Your post")
    expect(text).to_have_value(
        "Amina Okafor wrote (post #1):\n> We updated the **cadastre** in 2023. Collection rose "
        "only in the districts that published what the tax pays for.\n\n"
    )
    text.fill(
        text.input_value() + "Same in Kenya: the counties that showed results collected more."
    )
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("#post-2 blockquote")).to_contain_text("We updated the")

    page.context.clear_cookies()
    log_in(page, first)
    page.goto(f"/forums/c/{category.slug}/")
    expect(page.locator(".badge-unread")).to_have_text("1 unread")
    screenshots(page, "forums-category")
    page.get_by_role("link", name="How do own-source revenues grow").click()
    expect(page).to_have_url(topic_url + "?page=1#post-2")
    expect(page.locator("#post-2")).to_contain_text("Same in Kenya")
    expect(page.locator("#post-2")).to_contain_text("Rafael Souza")
    screenshots(page, "forums-topic")
    page.goto("/forums/")
    screenshots(page, "forums-index")
    assert screenshots.overflowing == []
