"""The blog in a real browser: an editor signs in with their second factor, writes a post in
Wagtail's admin at /cms/ (an author from the snippets, a body paragraph and a featured image
uploaded through the image chooser) and publishes it; visitors then find it on the blog, in the
RSS feed and on its own page, all under the site's Content Security Policy."""

import re
import time
from io import BytesIO

import feedparser
import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from playwright.sync_api import ConsoleMessage, Locator, Page, expect

from blog.models import BlogPage
from taxonomy.models import Region, Topic
from tests.blog.factories import (
    AuthorFactory,
    BlogImageFactory,
    BlogPageFactory,
    blog_index,
    body,
    cms_user,
    jpeg_bytes,
)
from tests.browser.test_every_page import FAILING_IMPACTS, RECORD_CSP_VIOLATIONS, RUN_AXE
from tests.events.factories import EventFactory
from tests.library.factories import ResourceFactory
from tests.members.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Property tax reform in secondary cities"
SUMMARY = "Three councils doubled their own revenue in four years: what they changed first."
PARAGRAPH = "Kisumu, Mbale and Tamale started by counting the buildings they already taxed."
AUTHOR = "Amina Diallo"
IMAGE_TITLE = "Council chamber in Mbale"
IMAGE_CREDIT = "Mbale Municipal Council"


@pytest.fixture(autouse=True)
def _one_step_of_clock_tolerance(settings):
    # A code made at the end of a 30-second step may be checked in the next one.
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def editor(transactional_db):
    # Made before `page`, so before Playwright starts (see tests/browser/conftest.py).
    user = cms_user("Editors")
    AuthorFactory(name=AUTHOR, role="Fiscal decentralization adviser")
    return user


def totp_secret(user) -> str:
    """The secret the editor's authenticator app holds, as allauth keeps it."""
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(totp.data["secret"])


@pytest.fixture
def council_photo(tmp_path):
    """A real JPEG, as a phone would take it, with something on it to crop around."""
    path = tmp_path / "mbale-council.jpg"
    image = Image.new("RGB", (1600, 900), "#0b5563")
    ImageDraw.Draw(image).rectangle((500, 250, 1100, 650), fill="#f2b134")
    image.save(path, "JPEG", quality=85)
    return path


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, made by allauth's own TOTP functions."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def log_in_with_second_factor(page: Page, user) -> None:
    page.goto("/cms/")
    # The CMS sends everyone to allauth's log-in, not Wagtail's own form.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/cms/$"))
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("heading", name="Enter a code from your authenticator app")
    ).to_be_visible()
    page.get_by_role("group", name="Second step of logging in").get_by_label("Code").fill(
        totp_code(totp_secret(user))
    )
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/cms/$"))


def record_csp_violations(page: Page) -> list[str]:
    """A list that fills with what the CSP refuses, as the console reports it, with the page and
    the line (the DOM's events, which the console may not repeat, are read by `refused_on`)."""
    refused: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            where = f"{message.location['url']}:{message.location['lineNumber']}"
            refused.append(f"{page.url}: {message.text} ({where})")

    page.on("console", on_console)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    return refused


def refused_on(page: Page, console: list[str]) -> list[str]:
    """What the CSP refused on the page open now, and what the console said since it was cleared."""
    events = [f"{page.url}: {text}" for text in page.evaluate("window.__cspViolations")]
    return events + console


def choose_in_modal(page: Page, opener: Locator) -> Locator:
    opener.click()
    modal = page.get_by_role("dialog")
    expect(modal).to_be_visible()
    return modal


def test_an_editor_publishes_a_post_that_visitors_then_find(
    editor, council_photo, page: Page, screenshots
):
    console_csp = record_csp_violations(page)
    log_in_with_second_factor(page, editor)
    expect(page).to_have_title(re.compile(r"^Dashboard"))

    # The blog index in the page explorer, and a new post under it.
    page.goto(f"/cms/pages/{blog_index().pk}/")
    expect(page.get_by_role("heading", name="Exploring: Decentralization.Net")).to_be_visible()
    page.get_by_role("link", name="Add child page").click()
    # The index takes only posts, so Wagtail goes straight to the post's form.
    expect(page.get_by_role("heading", name="New: Blog post", level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")
    content = page.get_by_role("tabpanel", name="Content")

    content.get_by_role("textbox", name="Title*").fill(TITLE)
    content.get_by_role("textbox", name="Summary*").fill(SUMMARY)

    # The featured image: uploaded in the chooser's Upload tab, then chosen.
    featured = content.get_by_role("region", name="Featured image")
    modal = choose_in_modal(page, featured.get_by_role("button", name="Choose an image"))
    modal.get_by_role("tab", name="Upload").click()
    modal.get_by_label("Title*").fill(IMAGE_TITLE)
    modal.get_by_label("File*").set_input_files(council_photo)
    modal.get_by_label("Credit").fill(IMAGE_CREDIT)
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden()
    expect(featured.get_by_text(IMAGE_TITLE)).to_be_visible()
    # Its thumbnail, a rendition the CMS made from the upload, shows in the field.
    thumbnail = featured.locator("img")
    expect(thumbnail).to_be_visible()
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0

    # The author, from the Author snippets.
    authors = content.get_by_role("region", name="Authors", exact=True)
    modal = choose_in_modal(page, authors.get_by_role("button", name="Choose author"))
    modal.get_by_role("link", name=AUTHOR).click()
    expect(modal).to_be_hidden()
    expect(authors).to_contain_text(AUTHOR)

    # A paragraph (the "Paragraph" block: rich text), the body's first block.
    body = content.get_by_role("region", name="Body*")
    body.get_by_role("button", name="Insert a block").click()
    page.get_by_role("listbox", name="Search options…").get_by_role(
        "option", name="Paragraph"
    ).click()
    paragraph = body.get_by_role("textbox").first
    paragraph.click()
    paragraph.press_sequentially(PARAGRAPH)
    expect(paragraph).to_contain_text(PARAGRAPH)

    # The editor's autosave makes the page (the form then edits it) before anything is
    # published: a Publish sent while that first save is under way makes Wagtail 8 create the
    # page a second time, which fails on the slug the first took (a 500, not the test's to hit).
    expect(page).to_have_url(re.compile(r"/cms/pages/\d+/edit/$"), timeout=15_000)
    expect(page.locator("#w-autosave-indicator").get_by_text("Saved", exact=True)).to_be_visible()
    content.get_by_role("textbox", name="Title*").scroll_into_view_if_needed()
    screenshots(page, "cms-editor")

    # The preview panel shows the post as the site will, in a frame of the CMS's own (Wagtail
    # swaps in a new frame as it loads, hence the last).
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.locator("#w-preview-iframe").last.content_frame
    expect(preview.get_by_role("heading", name=TITLE, level=1)).to_be_visible(timeout=15_000)
    expect(preview.get_by_text(PARAGRAPH)).to_be_visible()
    page.get_by_role("button", name="Toggle preview").click()
    refused_in_editor = refused_on(page, console_csp)
    assert not refused_in_editor, refused_in_editor

    page.get_by_role("navigation", name="Actions (footer)").get_by_role(
        "button", name="More actions"
    ).click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text(f"Page '{TITLE}' has been published.")
    refused_in_cms = refused_on(page, console_csp)
    assert not refused_in_cms, refused_in_cms

    post = BlogPage.objects.get(title=TITLE)
    assert post.live and post.get_parent().specific == blog_index()
    assert [author.name for author in post.authors] == [AUTHOR]
    assert post.featured_image.title == IMAGE_TITLE
    assert post.featured_image.credit == IMAGE_CREDIT
    assert [block.block_type for block in post.body] == ["paragraph"]
    assert PARAGRAPH in str(post.body[0].value)

    # What visitors see: the index, the feed and the post, under the strict policy.
    console_csp.clear()
    page.goto("/blog/")
    card = page.get_by_role("link", name=TITLE)
    expect(card).to_be_visible()
    public_refused = refused_on(page, console_csp)

    feed = feedparser.parse(page.request.get("/blog/feed.rss").body())
    assert [(item.title, item.summary) for item in feed.entries] == [(TITLE, SUMMARY)]
    assert feed.entries[0].link.endswith(post.url)

    console_csp.clear()
    card.click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text(PARAGRAPH)).to_be_visible()
    expect(page.get_by_text(f"By {AUTHOR}")).to_be_visible()
    photo = page.locator("figure.featured-image img")
    expect(photo).to_be_visible()
    expect(page.locator("figure.featured-image")).to_contain_text(IMAGE_CREDIT)
    # Loaded, not just present: a rendition the browser could fetch and decode.
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
    public_refused += refused_on(page, console_csp)
    assert not public_refused, public_refused
    screenshots(page, "blog-post-new")
    assert not screenshots.overflowing, screenshots.overflowing


@pytest.fixture
def posts(transactional_db):
    """A blog as readers meet it: posts with photos of both orientations, one with every kind of
    block and a long German compound in its title, and events and resources for the front page."""
    adviser = AuthorFactory(
        name="Kwame Mensah",
        role="Director of local government finance, Ministry of Local Government",
        bio="Twenty years of intergovernmental transfers, from district assemblies to treasury.",
    )
    photos = [
        BlogImageFactory(title="Market day in Tamale"),
        BlogImageFactory(
            title="Town hall stairs",
            file=ImageFile(BytesIO(jpeg_bytes((900, 1200), "maroon")), name="stairs.jpg"),
        ),
        BlogImageFactory(
            title="Budget hearing panorama",
            file=ImageFile(BytesIO(jpeg_bytes((2400, 600), "olive")), name="panorama.jpg"),
        ),
    ]
    topic, region = Topic.objects.first(), Region.objects.first()
    for number, photo in enumerate(photos):
        BlogPageFactory(
            title=f"What {number + 3} councils learnt from participatory budgeting",
            featured_image=photo,
            topics=[topic],
        )
    BlogPageFactory(title="A post without a photo", authors=[adviser])
    every_block = body(
        300,
        {"type": "heading", "value": {"text": "Where the money comes from", "level": "h2"}},
        {"type": "quote", "value": {"text": "Count first, then tax.", "attribution": "A mayor"}},
        {
            "type": "call_out",
            "value": {"kind": "key-point", "title": "Key point", "text": "<p>Own revenue.</p>"},
        },
        {"type": "image", "value": {"image": photos[2].pk, "caption": "The hearing", "credit": ""}},
        {
            "type": "table",
            "value": {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "data": [
                    ["Council", "Own revenue 2020", "Own revenue 2024", "Change"],
                    ["Kisumu", "1,200,000", "2,450,000", "+104%"],
                ],
            },
        },
    )
    long_read = BlogPageFactory(
        title="Gemeindefinanzreformgesetz: what Germany's municipal finance reform teaches",
        slug="municipal-finance-reform",
        featured_image=photos[0],
        body=every_block,
        authors=[adviser],
        topics=[topic],
        regions=[region],
        countries=["DE", "KE"],
    )
    EventFactory.create_batch(2)
    ResourceFactory.create_batch(2)
    return long_read


def test_visitors_read_the_blog_under_the_strict_policy(posts, page: Page, screenshots, axe_source):
    """The front page, the index and a post with every kind of block: no CSP refusal, every
    image loads, nothing overflows at 360 px, and axe-core finds no serious problem."""
    refused = record_csp_violations(page)
    inaccessible = []
    for path, name in (("/", "front-page"), ("/blog/", "blog-index"), (posts.url, "blog-post")):
        refused.clear()
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        # Lazy images load as they scroll into view; the screenshots take the whole page.
        page.wait_for_load_state("networkidle")
        for image in page.locator("main img").all():
            image.scroll_into_view_if_needed()
            expect(image).to_have_js_property("complete", True)
            assert image.evaluate("img => img.naturalWidth") > 0, image.evaluate(
                "i => i.currentSrc"
            )
        screenshots(page, name)
        page.evaluate(axe_source)
        inaccessible += [
            f"{path}: {violation['impact']} {violation['id']} at {violation['targets']}"
            for violation in page.evaluate(RUN_AXE)
            if violation["impact"] in FAILING_IMPACTS
        ]
        problems = refused_on(page, refused)
        assert not problems, problems
        # The policy served is the site's own, not the CMS's.
        assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert not screenshots.overflowing, screenshots.overflowing
    assert not inaccessible, inaccessible
