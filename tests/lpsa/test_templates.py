"""What the Content Security Policy would refuse, caught in the templates themselves.

The matrix and browser tests see the pages they open; this also covers templates no test
renders, such as 500.html. Emails are left out: mail clients need inline styles.
"""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
REFUSED_BY_CSP = {
    "inline <script>": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
    ),
    "<style> block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event-handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_page_template_holds_what_the_csp_refuses():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {what}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        if "emails" not in path.relative_to(TEMPLATES).parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        for what, pattern in REFUSED_BY_CSP.items()
        if pattern.search(line)
    ]
    assert not found, "Inline code or style the CSP would refuse:\n  " + "\n  ".join(found)


def test_the_server_error_page_links_its_stylesheet(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert f'href="{settings.STATIC_URL}css/error.css"' in html
