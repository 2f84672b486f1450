import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from tests.blog.factories import BlogPageFactory


@pytest.fixture
def dated_posts(db):
    """A post published `days_ago` days ago (BlogPageFactory's other arguments as given)."""

    def make(days_ago: float, **fields):
        return BlogPageFactory(
            first_published_at=timezone.now() - timedelta(days=days_ago), **fields
        )

    return make


def card_titles(html: str) -> list[str]:
    """The titles of the post cards in `html`, in the order shown."""
    return [unescape(title) for title in CARD_TITLE.findall(html)]


CARD_TITLE = re.compile(r'<h3 id="post-\d+" class="post-card-title"><a href="[^"]*">([^<]*)</a>')


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by the heading `heading_id`, or "" if there is none."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""
