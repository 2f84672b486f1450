"""Every input of the hostile corpus, rendered on topic pages in Chromium: no dialog opens."""

import pytest
from django.db import transaction
from playwright.sync_api import Page

from forums import services
from forums.models import POSTS_PER_PAGE
from tests.forums.factories import CategoryFactory
from tests.forums.hostile import hostile_inputs
from tests.members.factories import MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def hostile_topic(transactional_db):
    # Made before `page`, so before Playwright starts (see tests/browser/conftest.py).
    author = MemberFactory()
    inputs = hostile_inputs()
    with transaction.atomic():
        topic = services.start_topic(
            category=CategoryFactory(), author=author, title="Hostile corpus", source=inputs[0]
        )
        for source in inputs[1:]:
            services.reply_to_topic(topic=topic, author=author, source=source)
    return topic


def test_no_hostile_input_opens_a_dialog(hostile_topic, page: Page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    pages = (hostile_topic.last_post_number - 1) // POSTS_PER_PAGE + 1
    for number in range(1, pages + 1):
        page.goto(f"/forums/t/{hostile_topic.pk}/?page={number}")
        # Let anything that would run (onload, onerror, autofocus, meta refresh) have its turn.
        page.wait_for_timeout(300)
        for post in page.locator(".post-body").all()[:POSTS_PER_PAGE]:
            post.hover(timeout=2000, force=True)
        assert page.url.endswith(f"?page={number}"), "something navigated the page away"
    assert dialogs == []
    assert errors == []
    assert page.locator(".post").count() > 0
