"""Save full-page PNGs of the portal's main pages at desktop and phone widths.

Point it at a running portal (`make run` serves one with a demo member):

    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000 \
        --email demo@lpsa.example --password lpsa-demo-2026 --out /tmp/shots

Pages a visitor sees are taken before logging in, member pages after. Uses Debian's Chromium.
"""

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser.chromium import CHROMIUM_ARGS

VISITOR_PAGES = {"landing": "/", "login": "/accounts/login/", "signup": "/accounts/signup/"}
MEMBER_PAGES = {
    "home": "/",
    "directory": "/members/",
    "my-profile": "/members/me/",
    "edit-profile": "/members/me/edit/",
    "account": "/accounts/email/",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--email", default="demo@lpsa.example")
    parser.add_argument("--password", default="lpsa-demo-2026")
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--widths", type=int, nargs="+", default=[1280, 360])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    return parser.parse_args()


def shoot(page: Page, name: str, path: str, widths: list[int], out: Path) -> None:
    page.goto(path)
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        target = out / f"{name}-{width}.png"
        page.screenshot(path=target, full_page=True)
        note = f"  (scrolls sideways by {overflow} px)" if overflow > 0 else ""
        print(f"{target}{note}")


def main() -> int:
    args = parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(base_url=args.base_url)
        for name, path in VISITOR_PAGES.items():
            shoot(page, f"visitor-{name}", path, args.widths, args.out)

        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto("/accounts/login/")
        page.locator("input[name=login]").fill(args.email)
        page.locator("input[name=password]").fill(args.password)
        page.locator("main").get_by_role("button", name=re.compile("log in", re.I)).click()
        if page.get_by_role("button", name="Log out").count() == 0:
            print(f"Could not log in as {args.email} at {args.base_url}", file=sys.stderr)
            return 1
        for name, path in MEMBER_PAGES.items():
            shoot(page, f"member-{name}", path, args.widths, args.out)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
