"""The issue as email: inlined CSS, no script, sized and described images, the footer's
address and links, and a text version carrying the same links."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from newsletter.rendering import (
    PREFERENCES_MARK,
    UNSUBSCRIBE_MARK,
    render_issue,
    render_preview,
)
from tests.newsletter.factories import IssueFactory, IssueSectionFactory

pytestmark = pytest.mark.django_db

POSTAL_ADDRESS = "Local Public Sector Alliance\n1818 H Street NW\nWashington, DC 20433"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of <style> blocks."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parsed(html: str) -> Elements:
    elements = Elements()
    elements.feed(html)
    return elements


def links(html: str) -> set[str]:
    return {attrs["href"] for tag, attrs in parsed(html).tags if tag == "a"}


@pytest.fixture
def issue(settings):
    settings.NEWSLETTER_POSTAL_ADDRESS = POSTAL_ADDRESS
    issue = IssueFactory(intro="Dear members,\n\nTwo new posts and a webinar.")
    IssueSectionFactory(
        issue=issue,
        heading="Fiscal transfers compared",
        image_url="https://lpsa.example/media/images/transfers.width-1120.jpg",
        image_width=560,
        image_height=315,
        image_alt="A chart of transfers",
    )
    IssueSectionFactory(
        issue=issue,
        heading="Webinar: property tax",
        link_url="https://lpsa.example/events/property-tax/",
        link_label="Register",
    )
    return issue


def test_every_style_is_inlined_and_only_media_queries_stay_in_the_head(issue):
    html = render_issue(issue).html
    elements = parsed(html)

    rules = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", "".join(elements.styles))
    assert rules.strip() == ""
    assert "@media" in "".join(elements.styles)
    assert 'class="container"' in html
    container = next(a for tag, a in elements.tags if "container" in a.get("class", ""))
    assert "width: 600px" in container["style"]
    for tag, attrs in elements.tags:
        if tag in {"p", "h1", "h2", "td"} and attrs.get("class") != "outer-cell":
            assert "style" in attrs, (tag, attrs)


def test_no_script_no_web_font_and_no_external_stylesheet(issue):
    html = render_issue(issue).html
    tags = {tag for tag, _ in parsed(html).tags}

    assert "script" not in tags
    assert "link" not in tags
    assert "@font-face" not in html and "@import" not in html
    assert not re.search(r"\son[a-z]+\s*=", html)


def test_every_image_has_its_width_height_and_alt_text(issue):
    images = [attrs for tag, attrs in parsed(render_issue(issue).html).tags if tag == "img"]

    assert images
    for attrs in images:
        assert attrs["width"] == "560" and attrs["height"] == "315"
        assert attrs["alt"] == "A chart of transfers"


def test_an_image_without_its_size_is_left_out():
    issue = IssueFactory()
    IssueSectionFactory(issue=issue, image_url="https://lpsa.example/a.jpg", image_alt="x")

    assert "<img" not in render_issue(issue).html


def test_the_footer_has_the_postal_address_and_the_personal_links(issue):
    html = render_issue(issue).html

    footer = html[html.index('class="footer"') :]
    for line in POSTAL_ADDRESS.splitlines():
        assert line in footer
    assert f'href="{UNSUBSCRIBE_MARK}"' in footer
    assert f'href="{PREFERENCES_MARK}"' in footer
    assert "The LPSA newsletter" in footer


def test_the_preheader_is_hidden_first_in_the_body(issue):
    html = render_issue(issue).html

    body = html[html.index("<body") :]
    first = re.search(r"<div[^>]*>([^<]*)", body)
    assert "display: none" in first.group(0)
    assert first.group(1).startswith(issue.preheader)


def test_a_view_in_browser_link_to_the_archive(issue, settings):
    archive = settings.SITE_URL + reverse("newsletter:issue", kwargs={"slug": issue.slug})

    rendered = render_issue(issue)

    assert archive in links(rendered.html)
    assert archive in rendered.text


def test_the_text_version_has_the_same_links_and_content(issue):
    rendered = render_issue(issue)

    for url in links(rendered.html):
        assert url in rendered.text, url
    for section in issue.sections.all():
        assert section.heading in rendered.text
        assert section.body in rendered.text
    assert "Two new posts and a webinar." in rendered.text
    for line in POSTAL_ADDRESS.splitlines():
        assert line in rendered.text
    assert "<" not in rendered.text


def test_section_text_is_escaped_in_html_and_kept_in_text():
    issue = IssueFactory()
    IssueSectionFactory(issue=issue, heading="Rates & <b>fees</b>", body="1 < 2 & 3 > 2")

    rendered = render_issue(issue)

    assert "Rates &amp; &lt;b&gt;fees&lt;/b&gt;" in rendered.html
    assert "Rates & <b>fees</b>" in rendered.text
    assert "1 < 2 & 3 > 2" in rendered.text


def test_the_preview_has_no_marks_and_links_to_the_newsletter_page(issue, settings):
    page = settings.SITE_URL + reverse("newsletter:subscribe")

    preview = render_preview(issue)

    for body in (preview.html, preview.text):
        assert UNSUBSCRIBE_MARK not in body and PREFERENCES_MARK not in body
        assert page in body


def test_the_preview_of_an_issue_that_started_sending_is_what_was_frozen(issue):
    issue.html = f'<p>Frozen</p><a href="{UNSUBSCRIBE_MARK}">x</a>'
    issue.text = "Frozen"

    preview = render_preview(issue)

    assert preview.html.startswith("<p>Frozen</p>")
    assert UNSUBSCRIBE_MARK not in preview.html
    assert preview.text == "Frozen"
