"""An issue as email: HTML with its CSS inlined, and plain text, rendered once per issue.

Per-recipient links are left as marks that `personalise` replaces for each message, so a send
to 10,000 renders the templates once."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from lpsa.mail import subject_line as prefixed_subject

UNSUBSCRIBE_MARK = "https://unsubscribe.mark.invalid/"
PREFERENCES_MARK = "https://preferences.mark.invalid/"


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str


def render_issue(issue) -> Rendered:
    context = {
        "issue": issue,
        "sections": list(issue.sections.all()),
        "site_url": settings.SITE_URL,
        "postal_address": settings.NEWSLETTER_POSTAL_ADDRESS,
        "unsubscribe_url": UNSUBSCRIBE_MARK,
        "preferences_url": PREFERENCES_MARK,
    }
    html = render_to_string("emails/newsletter/issue.html", context)
    text = render_to_string("emails/newsletter/issue.txt", context)
    return Rendered(html=html, text=text)


def personalise(body: str, links: dict[str, str]) -> str:
    for mark, url in links.items():
        body = body.replace(mark, url)
    return body


def subject_line(issue) -> str:
    return prefixed_subject(issue.subject)


def list_id_header(mailing_list) -> str:
    name = mailing_list.name.replace('"', "'")
    return f'"{name}" <{mailing_list.list_id()}>'
