"""The profile form and the directory in a real browser: focus after errors, phones, one result."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.members.factories import PASSWORD, MemberFactory, ProfileFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def member(transactional_db):
    # Requested before `page`, so it is created before Playwright starts (see tests/browser).
    return MemberFactory(profile__full_name="Solo Searcher")


def log_in(page: Page, member) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_after_a_failed_save_the_focus_is_on_the_error_summary(member, page: Page):
    log_in(page, member)
    page.set_viewport_size(PHONE)
    page.goto("/members/me/edit/")
    page.get_by_label("ORCID iD").fill("not an ORCID iD")
    page.get_by_role("button", name="Save my profile").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    summary.get_by_role("link", name="ORCID iD").click()
    expect(page).to_have_url(page.url.split("#")[0] + "#id_orcid")


def test_the_profile_form_folds_its_long_lists_on_a_phone(member, page: Page):
    log_in(page, member)
    page.set_viewport_size(PHONE)
    page.goto("/members/me/edit/")

    expertise = page.get_by_role("group", name="Areas of expertise")
    expect(expertise.locator("summary")).to_have_text("0 of 26 chosen")
    expect(expertise.get_by_label("Health")).to_be_hidden()
    # About 7,000 px before the lists were folded; the rest of the form is about 3,500.
    assert page.evaluate("document.documentElement.scrollHeight") < 4_500
    expertise.locator("summary").click()
    expect(expertise.get_by_label("Health")).to_be_visible()


def test_a_single_directory_result_spans_the_row(member, page: Page):
    log_in(page, member)
    page.set_viewport_size(DESKTOP)
    page.goto("/members/?q=Solo+Searcher")

    card = page.locator(".member-card").bounding_box()
    results = page.locator(".member-list").bounding_box()
    assert card["width"] == pytest.approx(results["width"], abs=1)


def test_the_search_placeholder_fits_a_phone(member, page: Page):
    ProfileFactory.create_batch(2)
    log_in(page, member)
    page.set_viewport_size(PHONE)
    page.goto("/members/")
    search = page.get_by_role("searchbox")
    # A placeholder wider than its box is cut off; the label carries the longer description.
    fits = search.evaluate(
        """input => {
            const context = document.createElement("canvas").getContext("2d");
            context.font = getComputedStyle(input).font;
            const style = getComputedStyle(input);
            const room = input.clientWidth - parseFloat(style.paddingInlineStart)
                - parseFloat(style.paddingInlineEnd);
            return context.measureText(input.placeholder).width <= room;
        }"""
    )
    assert fits
