"""How the tests and scripts/screenshots.py launch Debian's Chromium (never a downloaded one)."""

import os

CHROMIUM = os.environ.get("LPSA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]
