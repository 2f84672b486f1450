"""French in a real browser: its longer words must still fit a phone."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.members.factories import PASSWORD, MemberFactory, ProfileFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Room a <select> keeps for its drop-down arrow (Chromium's is about 16 px at this font size).
ARROW = 16


@pytest.fixture
def member(transactional_db):
    # Requested before `page`, so it is created before Playwright starts (see tests/browser).
    return MemberFactory()


@pytest.mark.parametrize("query", ["", "?sort=-newest"])
def test_the_directory_filters_show_their_whole_choice_on_a_phone_in_french(
    member, page: Page, query
):
    ProfileFactory.create_batch(2)
    page.set_extra_http_headers({"Accept-Language": "fr"})
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.set_viewport_size(PHONE)
    page.goto(f"/members/{query}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # A closed <select> cuts its chosen option's text off at its edge, with no ellipsis.
    cut_off = page.locator(".filters select").evaluate_all(
        """(selects, arrow) => selects.flatMap(select => {
            const style = getComputedStyle(select);
            const context = document.createElement("canvas").getContext("2d");
            context.font = style.font;
            const text = select.options[select.selectedIndex].text;
            const room = select.clientWidth - parseFloat(style.paddingInlineStart)
                - parseFloat(style.paddingInlineEnd) - arrow;
            return context.measureText(text).width > room ? [`${select.name}: ${text}`] : [];
        })""",
        ARROW,
    )
    # Country, region, organisation type, expertise, language, working group, sort.
    assert page.locator(".filters select").count() == 7
    assert cut_off == []
