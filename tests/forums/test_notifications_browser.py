"""The notification pages in Chromium at both widths: no serious axe-core violation, nothing the
CSP refuses, and the unsubscribe link works without JavaScript or a session.

TEMPORARY home for what tests/browser/test_every_page.py does for every page: once the rows join
MATRIX at the merge, that test covers these pages too (the unsubscribe flow stays useful).
"""

import pytest
from playwright.sync_api import Page

from forums import notifications
from forums.models import Watch
from tests.browser.conftest import (  # noqa: F401 (the fixtures)
    DESKTOP,
    PHONE,
    axe_source,
    page,
)
from tests.browser.test_every_page import RUN_AXE, log_in, record_csp_violations
from tests.forums.factories import CategoryFactory, TopicFactory
from tests.members.factories import MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def problems_on(tab: Page, path: str, axe: str, refused: list[str]) -> list[str]:
    found = []
    for width, viewport in (("1280", DESKTOP), ("360", PHONE)):
        tab.set_viewport_size(viewport)
        refused.clear()
        response = tab.goto(path)
        assert response is not None and response.status == 200, path
        tab.evaluate(axe)
        found += [
            f"{path} at {width} px: {v['impact']} {v['id']} ({v['help']}) at {v['targets']}"
            for v in tab.evaluate(RUN_AXE)
            if v["impact"] in {"serious", "critical"}
        ]
        found += [f"{path} at {width} px: CSP {text}" for text in refused]
        found += [f"{path}: CSP {text}" for text in tab.evaluate("window.__cspViolations")]
    return found


def test_the_notification_pages_are_accessible_and_keep_to_the_csp(
    page: Page,  # noqa: F811
    live_server,
    axe_source,  # noqa: F811
):
    member = MemberFactory()
    topic = TopicFactory(title="Property tax in secondary cities")
    Watch.objects.create(user=member, topic=topic)
    Watch.objects.create(user=member, category=CategoryFactory(name="Fiscal decentralization"))
    refused = record_csp_violations(page)

    unsubscribe = notifications.unsubscribe_url(user_id=member.pk, topic=topic)
    problems = problems_on(page, unsubscribe, axe_source, refused)
    log_in(page, live_server.url, member)
    problems += problems_on(page, "/forums/notifications/", axe_source, refused)
    assert not problems, "\n".join(problems)


def test_an_unsubscribe_link_asks_then_mutes_the_topic_without_logging_in(
    page: Page,  # noqa: F811
):
    member = MemberFactory()
    topic = TopicFactory(title="Property tax in secondary cities")
    Watch.objects.create(user=member, topic=topic)
    page.route("**/*.js", lambda route: route.abort())  # works with no script at all

    page.goto(notifications.unsubscribe_url(user_id=member.pk, topic=topic))
    assert Watch.objects.get(user=member, topic=topic).muted is False
    page.get_by_role("button", name="Yes, stop these emails").click()

    assert page.get_by_role("status").filter(has_text="no more emails").is_visible()
    assert Watch.objects.get(user=member, topic=topic).muted is True
