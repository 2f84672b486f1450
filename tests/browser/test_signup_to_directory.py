"""A newcomer's first visit, in a real browser: join, confirm, fill in the profile, be found."""

import re
import warnings

import pytest
from django.core import mail
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.members.factories import PASSWORD as MEMBER_PASSWORD
from tests.members.factories import MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FULL_NAME = "Wanjiru Mwangi"
EMAIL = "wanjiru.mwangi@example.org"
PASSWORD = "devolution-works-2026"
ORGANISATION = "Nakuru County Treasury"


@pytest.fixture
def photo(tmp_path):
    """A real PNG, wider than tall, so the portal has something to crop."""
    path = tmp_path / "wanjiru.png"
    image = Image.new("RGB", (640, 480), "#0b5563")
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 120, 440, 360), fill="#f2b134")
    image.save(path, "PNG")
    return path


def completeness(page: Page) -> int:
    heading = page.get_by_role("heading", name=re.compile(r"Your profile is \d+% complete"))
    return int(re.search(r"(\d+)%", heading.inner_text())[1])


def test_newcomer_signs_up_completes_profile_and_finds_themselves_in_directory(
    page: Page, photo, screenshots
):
    # Sign up.
    page.goto("/accounts/signup/")
    expect(
        page.get_by_role("heading", name="Join the Local Public Sector Alliance")
    ).to_be_visible()
    screenshots(page, "01-signup")
    page.get_by_label("Full name").fill(FULL_NAME)
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_label("Yes, list me so other members can find me").check()
    page.get_by_label("Fiscal decentralization").check()
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    screenshots(page, "02-verification-sent")

    # Follow the link in the verification email; allauth asks for a click to confirm.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    link = re.search(r"https?://\S+/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body)[0]
    page.goto(link)
    screenshots(page, "03-confirm-email")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    screenshots(page, "04-member-home")

    # Complete the profile, photo included.
    page.goto("/members/me/edit/")
    before = completeness(page)
    page.get_by_label("Job title").fill("Chief officer, finance and economic planning")
    page.get_by_label(re.compile(r"^Organisation:?$")).fill(ORGANISATION)
    page.get_by_label("Organisation type").select_option(label="Local government")
    page.get_by_label("Country").select_option(label="Kenya")
    # The long lists are folded: open each one by its summary, as a person would.
    expertise = page.get_by_role("group", name="Areas of expertise")
    expertise.locator("summary").click()
    expertise.get_by_role("group", name="Theme").get_by_label(
        "Intergovernmental fiscal transfers"
    ).check()
    languages = page.get_by_role("group", name="Languages you speak")
    languages.locator("summary").click()
    languages.get_by_label("Swahili").check()
    page.get_by_label(re.compile(r"^Photo:?$")).set_input_files(photo)
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    after = completeness(page)
    assert after > before, (before, after)
    expect(page.get_by_alt_text("Your current photo")).to_be_visible()
    screenshots(page, "05-profile-form")

    # Found in the directory by region, then by organisation.
    page.goto("/members/")
    page.get_by_label("Region").select_option(label="Sub-Saharan Africa")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"region=africa"))
    expect(page.get_by_role("link", name=FULL_NAME)).to_be_visible()
    screenshots(page, "06-directory-by-region")
    page.goto("/members/")
    page.get_by_label("Search").fill(ORGANISATION)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 member found")).to_be_visible()
    screenshots(page, "07-directory-search")

    # The profile page shows the photo, served from /media/photos/.
    page.get_by_role("link", name=FULL_NAME).click()
    expect(page.get_by_role("heading", name=FULL_NAME, level=1)).to_be_visible()
    expect(page.get_by_text(ORGANISATION)).to_be_visible()
    photo_img = page.locator(".profile-head .avatar img")
    expect(photo_img).to_have_attribute("src", re.compile(r"^/media/photos/"))
    photo_img.scroll_into_view_if_needed()
    loaded = photo_img.evaluate("img => img.complete && img.naturalWidth")
    assert loaded == 400, "the profile photo did not load from the live server"
    screenshots(page, "08-profile")

    for where in screenshots.overflowing:
        # Known on the profile page (see test_profile_page_does_not_scroll_sideways_on_a_phone);
        # a warning keeps other layout slips visible without failing the whole journey.
        warnings.warn(f"Page scrolls sideways: {where}", stacklevel=1)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


@pytest.fixture
def long_email_member(transactional_db):
    # Requested before `page`, so it is created before Playwright starts (see tests/browser).
    return MemberFactory(email="constantine.oyelaran-featherstonehaugh@example.org")


def test_profile_page_does_not_scroll_sideways_on_a_phone(long_email_member, page: Page):
    member = long_email_member
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(MEMBER_PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.set_viewport_size(PHONE)
    page.goto(member.profile.get_absolute_url())
    expect(page.get_by_text(member.email)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
