"""The hostile corpus (hostile_markdown.txt) and the checks every rendering must pass."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

CORPUS_FILE = Path(__file__).with_name("hostile_markdown.txt")
SEPARATOR = "%%%"

FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "style",
    "link",
    "meta",
    "base",
    "img",
    "video",
    "audio",
    "source",
    "template",
    "portal",
    "noscript",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "poster"}
ALLOWED_SCHEMES = {"", "http", "https", "mailto"}
LINK_REL = {"nofollow", "ugc", "noopener"}


def hostile_inputs() -> list[str]:
    blocks = re.split(rf"^{re.escape(SEPARATOR)}$\n?", CORPUS_FILE.read_text(), flags=re.M)
    return [block.rstrip("\n") for block in blocks[1:]]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> tag")
        names = {name for name, _ in attrs}
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in URL_ATTRIBUTES:
                # Browsers ignore leading spaces and control characters, and tabs and newlines
                # anywhere in a scheme: so does the check.
                cleaned = re.sub(r"[\x00-\x20]", "", value or "")
                scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned else ""
                if scheme not in ALLOWED_SCHEMES:
                    self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "a":
            rel = dict(attrs).get("rel") or ""
            if set(rel.split()) != LINK_REL:
                self.problems.append(f"<a> with rel={rel!r}")
            if "target" in names:
                self.problems.append("<a target>")

    handle_startendtag = handle_starttag


def problems_in(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
