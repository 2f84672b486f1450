"""Turning what a member writes into the HTML stored beside it (Post.html), once, on save.

Two layers, each enough on its own:
- markdown-it-py's CommonMark parser with raw HTML turned off: a member's `<script>` or
  `<div onclick>` is shown as the text they typed, never parsed as a tag. Linkify and tables are
  markdown-it's own rules; its link validator already refuses `javascript:`, `vbscript:`, `file:`
  and most `data:` URLs.
- nh3 (ammonia) then cleans the result against an allow-list of tags, attributes and URL schemes
  (http, https, mailto), and gives every link `rel="nofollow ugc noopener"`.

Images are rendered as links to the image, not loaded: the portal's CSP allows images from itself
only, and a remote image in a post would tell its host who reads the topic.
"""

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    # Table cell alignment comes from markdown-it as style="text-align:…"; it is dropped.
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)


def _image_as_link(renderer, tokens, idx, options, env):
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = renderer.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escapeHtml(src)}">{escapeHtml(alt)}</a>'


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["linkify", "table", "strikethrough"])
    md.add_render_rule("image", _image_as_link)
    return md


_markdown = _build()


def render_post(source: str) -> str:
    """The sanitized HTML for a post's Markdown source."""
    return _cleaner.clean(_markdown.render(source)).strip()
