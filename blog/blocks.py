"""The blocks a post's body is written in (its StreamField), each rendered by its own template in
templates/blog/blocks/: plain HTML, no script, so a post reads the same without JavaScript."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.models import Embed
from wagtail.images.blocks import ImageChooserBlock

# Rich text in a post: no headings (they are blocks of their own, so the outline stays sound)
# and no embedded images (the image block carries a caption and a credit).
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=160)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blog/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)
    credit = blocks.CharBlock(
        label=_("credit"),
        required=False,
        max_length=160,
        help_text=_("Who made the image. Left empty, the image's own credit is shown."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blog/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=160)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blog/blocks/quote.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=200,
        help_text=_("Left empty, the document's title is shown."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blog/blocks/document_link.html"


class CallOutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("note", _("Note")), ("key-point", _("Key point")), ("warning", _("Caution"))],
        default="note",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Call-out")
        template = "blog/blocks/call_out.html"


class LinkCardEmbedBlock(EmbedBlock):
    """A video or post from another site, shown as a link card with its title and provider: no
    third-party frame or script reaches the reader (the CSP allows none, and a video player
    costs a slow connection megabytes before anyone presses play)."""

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "blog/blocks/embed.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The title and provider Wagtail fetched when the editor added the URL (the block checks
        # it then), kept in its Embed table: a reader's page never waits on the provider.
        context["embed"] = Embed.objects.filter(url=value.url).first() if value else None
        return context


class PostBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, template="blog/blocks/paragraph.html"
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = LinkCardEmbedBlock()
    document = DocumentLinkBlock()
    call_out = CallOutBlock()
    table = TableBlock(label=_("Table"), template="blog/blocks/table.html")


class HomeBodyBlock(blocks.StreamBlock):
    """The front page's own words, between its fixed parts (latest posts, events, resources)."""

    paragraph = blocks.RichTextBlock(
        label=_("Rich text"), features=RICH_TEXT_FEATURES, template="blog/blocks/paragraph.html"
    )
    heading = HeadingBlock()
    call_out = CallOutBlock()
