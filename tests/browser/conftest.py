"""Headless Chromium (Debian's, never a downloaded one) driven by Playwright's sync API.

Tests here use pytest-django's `live_server`, which is transactional: mark them
`pytest.mark.django_db(transaction=True, serialized_rollback=True)` so the taxonomy rows that
migrations load are put back after the flush.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Page, sync_playwright

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import missing_requirement

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def page(live_server, transactional_db, monkeypatch) -> Iterator[Page]:
    """A fresh Chromium page whose relative URLs go to the live server.

    Playwright's sync API keeps an asyncio loop running in this thread while it is started, and
    Django then hands the thread a second set of database connections (its connection handler
    is async-aware). So Playwright starts only after the test database is set up, which
    restores the serialized rows on the original connection, and stops before it is flushed.
    """
    if not shutil.which(CHROMIUM):
        missing_requirement(
            f"Chromium at {CHROMIUM}",
            install="apt-get install chromium (or set LPSA_CHROMIUM to a Chromium binary)",
        )
    # With that loop running Django would refuse the test's own ORM calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        # What this Chromium sends with a screen: headless, it says "HeadlessChrome", which the
        # library's download counter rightly takes for a robot.
        user_agent = (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{browser.version} Safari/537.36"
        )
        context = browser.new_context(
            base_url=live_server.url, viewport=DESKTOP, user_agent=user_agent
        )
        context.set_default_timeout(10_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
            # Close the connections the test opened while the loop ran; left open, they would
            # keep the test database from being dropped at the end of the session.
            connections.close_all()


class Screenshots:
    """Full-page PNGs of a page at desktop and phone widths, in tmp and LPSA_SCREENSHOT_DIR."""

    def __init__(self, directory: Path):
        self.directories = [directory]
        if os.environ.get("LPSA_SCREENSHOT_DIR"):
            self.directories.append(Path(os.environ["LPSA_SCREENSHOT_DIR"]))
        for path in self.directories:
            path.mkdir(parents=True, exist_ok=True)
        self.taken: list[Path] = []
        self.overflowing: list[str] = []

    def __call__(self, page: Page, name: str) -> None:
        for label, viewport in (("1280", DESKTOP), ("360", PHONE)):
            page.set_viewport_size(viewport)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                self.overflowing.append(f"{name} at {label} px")
            png = page.screenshot(full_page=True)
            for directory in self.directories:
                path = directory / f"{name}-{label}.png"
                path.write_bytes(png)
                self.taken.append(path)
        page.set_viewport_size(DESKTOP)


@pytest.fixture
def screenshots(tmp_path) -> Screenshots:
    return Screenshots(tmp_path / "screenshots")


@pytest.fixture
def axe_source() -> str:
    if not AXE.exists():
        missing_requirement(f"axe-core ({AXE})", install="run `make install` (it runs `npm ci`)")
    return AXE.read_text()
