"""A post's body blocks as readers get them: plain HTML, no script, no third-party frame."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from tests.blog.factories import BlogImageFactory, BlogPageFactory, body

pytestmark = pytest.mark.django_db

VIDEO = "https://www.youtube.com/watch?v=lpsa-webinar"


def stored_embed() -> Embed:
    """What Wagtail keeps of a URL it fetched when the editor added it (here, with no Internet,
    made directly: an embed block cannot be saved without it)."""
    return Embed.objects.create(
        url=VIDEO,
        hash=get_embed_hash(VIDEO),
        type="video",
        html="<iframe src='https://www.youtube.com/embed/lpsa-webinar'></iframe>",
        title="Local revenue webinar",
        provider_name="YouTube",
    )


def post_with_every_block():
    stored_embed()
    image = BlogImageFactory(title="Council chamber", credit="A. Photographer")
    document = Document.objects.create(
        title="Transfers brief", file=ContentFile(b"%PDF-1.4 brief", name="transfers-brief.pdf")
    )
    return BlogPageFactory(
        body=body(
            40,
            {"type": "heading", "value": {"text": "Why collection lags", "level": "h2"}},
            {"type": "heading", "value": {"text": "Valuation", "level": "h3"}},
            {"type": "image", "value": {"image": image.pk, "caption": "Budget day", "credit": ""}},
            {"type": "quote", "value": {"text": "Count what arrives.", "attribution": "A mayor"}},
            {"type": "document", "value": {"document": document.pk, "title": ""}},
            {
                "type": "call_out",
                "value": {"kind": "key-point", "title": "In short", "text": "<p>Fund it.</p>"},
            },
            {
                "type": "table",
                "value": {
                    "data": [["Task", "Capital"], ["Valuation", "5 years"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Revenue offices",
                },
            },
            {"type": "embed", "value": VIDEO},
        )
    )


def test_every_block_renders_as_plain_html(client):
    html = client.get(post_with_every_block().url).content.decode()
    assert "<h2>Why collection lags</h2>" in html and "<h3>Valuation</h3>" in html
    # The image's own credit stands in for the block's empty one.
    assert "Budget day" in html and "Image: A. Photographer" in html
    assert "<blockquote><p>Count what arrives.</p></blockquote>" in html
    assert "<figcaption>A mayor</figcaption>" in html
    assert 'href="/documents/' in html and "Transfers brief" in html and "(PDF, " in html
    assert 'class="call-out call-out-key-point" aria-label="In short"' in html
    # A wide table scrolls in a region the keyboard reaches, named by its caption.
    assert 'class="table-scroll" tabindex="0" role="region" aria-label="Revenue offices"' in html
    assert "<caption>Revenue offices</caption>" in html


def test_an_embed_is_a_link_card_with_the_title_fetched_when_it_was_added(client):
    html = client.get(post_with_every_block().url).content.decode()
    assert f'<a href="{VIDEO}" rel="noopener">Local revenue webinar</a>' in html
    assert "on YouTube" in html
    assert "<iframe" not in html and "youtube.com/embed" not in html


def test_an_embed_whose_stored_copy_is_gone_is_its_bare_link(client):
    post = post_with_every_block()
    Embed.objects.all().delete()  # as `manage.py purge_embeds` does
    html = client.get(post.url).content.decode()
    assert f'<a href="{VIDEO}" rel="noopener">{VIDEO}</a>' in html
    assert "<iframe" not in html
