"""Every page of the URL matrix a visitor or a member can open, in Chromium at 1280 and 360 px:
no serious or critical axe-core violation, and nothing the Content Security Policy refuses.

axe-core comes from node_modules/ (`make install` runs `npm ci`); it is evaluated through
Playwright's page.evaluate, which the page's CSP does not block, so the CSP stays as served.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import DESKTOP, PHONE
from tests.lpsa.test_url_matrix import pages_for, path_for
from tests.members.factories import StaffFactory
from tests.url_matrix import PUBLIC_AND_MEMBER_ROLES, ROLES_BY_NAME, build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FAILING_IMPACTS = {"serious", "critical"}
# Records what the CSP refuses, including what the console may not say (e.g. style attributes).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || ""}:${event.lineNumber || ""})`);
});
"""
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((node) => node.target.join(" ")),
  }));
}"""


def log_in(page: Page, base_url: str, user) -> None:
    """Gives the browser a session for `user`, as logging in would."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
    )


def record_csp_violations(page: Page) -> list[str]:
    """A list that fills with what the CSP refuses, from the console and from DOM events."""
    refused: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", on_console)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    return refused


# Co-chairs too: the organisers' pages (a group's management, the meeting planner, an event's
# attendance and the year's figures) are theirs.
@pytest.mark.parametrize("role", (*PUBLIC_AND_MEMBER_ROLES, "co_chair"))
def test_every_page_is_accessible_and_keeps_to_the_csp(role, page: Page, live_server, axe_source):
    world = build_world()
    user = world.user(ROLES_BY_NAME[role])
    console_csp = record_csp_violations(page)

    checked, problems = [], []
    for pattern, row in pages_for(role):
        path = path_for(pattern, row, world)
        for width, viewport in (("1280", DESKTOP), ("360", PHONE)):
            if user is not None:
                # Afresh for every page: opening another account's confirmation logs out.
                log_in(page, live_server.url, user)
            page.set_viewport_size(viewport)
            console_csp.clear()
            if not urlsplit(path).path.endswith("/"):
                # A file (a calendar, a stored upload): Chromium downloads what it cannot show,
                # and a download is no page to check. Asked first with the page's cookies.
                probe = page.request.get(path, max_redirects=0)
                assert probe.status == 200, f"{path}: {probe.status}"
                if not probe.headers.get("content-type", "").startswith("text/html"):
                    break
            try:
                response = page.goto(path)
            except PlaywrightError as error:
                # A file sent as an attachment from an address ending in "/" (a library
                # download): Chromium saves it, and the matrix has checked its answer.
                if "Download is starting" not in str(error):
                    raise
                break
            assert response is not None and response.status == 200, f"{path}: {response}"
            assert urlsplit(page.url).path == urlsplit(path).path, f"{path} went to {page.url}"
            if not response.headers.get("content-type", "").startswith("text/html"):
                break
            page.evaluate(axe_source)
            for violation in page.evaluate(RUN_AXE):
                if violation["impact"] in FAILING_IMPACTS:
                    problems.append(
                        f"{path} at {width} px: {violation['impact']} {violation['id']} "
                        f"({violation['help']}) at {violation['targets']}"
                    )
            refused = page.evaluate("window.__cspViolations")
            problems += [f"{path} at {width} px: CSP {text}" for text in refused + console_csp]
            checked.append(f"{path} at {width} px")
    assert checked, f"No page opened as {role}"
    assert not problems, f"{len(problems)} problems on {len(checked)} page views as {role}:\n  " + (
        "\n  ".join(problems)
    )


def test_the_admin_works_under_the_csp(page: Page, live_server):
    world = build_world()
    # A superuser sees every model's pages, with their widgets and scripts.
    log_in(page, live_server.url, StaffFactory(is_superuser=True))
    console_csp = record_csp_violations(page)
    problems = []
    paths = [
        reverse("admin:index"),
        reverse("admin:members_user_changelist"),
        reverse("admin:members_user_add"),
        reverse("admin:members_user_change", args=[world.member.pk]),
        reverse("admin:members_profile_change", args=[world.member.profile.pk]),
        reverse("admin:members_profile_changelist") + "?q=a",
    ]
    for path in paths:
        console_csp.clear()
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        refused = page.evaluate("window.__cspViolations")
        problems += [f"{path}: CSP {text}" for text in refused + console_csp]
    assert not problems, "\n".join(problems)
