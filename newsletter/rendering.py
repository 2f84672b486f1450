"""An issue as email: HTML with its CSS inlined, and plain text, rendered once per issue.

Per-recipient links are left as marks that `personalise` replaces for each message, so a send
to 10,000 renders the templates once.

The HTML is what mail clients read: one 600px column of tables, every rule moved into `style`
attributes by css-inline (Gmail and Outlook drop most `<style>` rules), only the small-screen
media queries left in the head for the clients that honour them; no script, no web font, and
every image with its width, height and a text alternative."""

from dataclasses import dataclass

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from lpsa.mail import subject_line as prefixed_subject

UNSUBSCRIBE_MARK = "https://unsubscribe.mark.invalid/"
PREFERENCES_MARK = "https://preferences.mark.invalid/"

# Media queries stay in a <style> block (they cannot be inlined); nothing is fetched.
INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each stripped (a paragraph keeps its line breaks)."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def issue_context(issue) -> dict:
    sections = list(issue.sections.all())
    return {
        "issue": issue,
        "subject": issue.subject,
        "mailing_list": issue.mailing_list,
        "intro_paragraphs": paragraphs(issue.intro),
        "sections": [
            {"section": section, "paragraphs": paragraphs(section.body)} for section in sections
        ],
        "site_url": settings.SITE_URL,
        "archive_url": settings.SITE_URL + issue.get_absolute_url(),
        "postal_address_lines": [
            line.strip() for line in settings.NEWSLETTER_POSTAL_ADDRESS.splitlines() if line.strip()
        ],
        "unsubscribe_url": UNSUBSCRIBE_MARK,
        "preferences_url": PREFERENCES_MARK,
    }


def render_issue(issue) -> Rendered:
    context = issue_context(issue)
    html = INLINER.inline(render_to_string("emails/newsletter/issue.html", context))
    text = render_to_string("emails/newsletter/issue.txt", context)
    return Rendered(html=html, text=text)


def preview_links() -> dict[str, str]:
    """In a preview or a test send, the personal links lead to the newsletter's page: the reader
    is no subscriber, and no one's real link may leak into a test message."""
    page = settings.SITE_URL + reverse("newsletter:subscribe")
    return {UNSUBSCRIBE_MARK: page, PREFERENCES_MARK: page}


def render_preview(issue) -> Rendered:
    """The issue as a recipient sees it, with harmless links in place of the personal ones. An
    issue that started sending shows what was frozen then."""
    rendered = Rendered(issue.html, issue.text) if issue.html else render_issue(issue)
    links = preview_links()
    return Rendered(html=personalise(rendered.html, links), text=personalise(rendered.text, links))


def personalise(body: str, links: dict[str, str]) -> str:
    for mark, url in links.items():
        body = body.replace(mark, url)
    return body


def subject_line(issue) -> str:
    return prefixed_subject(issue.subject)


def list_id_header(mailing_list) -> str:
    name = mailing_list.name.replace('"', "'")
    return f'"{name}" <{mailing_list.list_id()}>'
