from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

from core.blocks.media import AccessibleImageBlock, DocumentLinkBlock
from core.blocks.text import HeadingBlock, QuoteBlock

# No embeds: providers are outside the closed government networks.
RICH_TEXT_FEATURES = [
    "h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr",
]  # fmt: skip


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every content page: text, headings, images, quotes, tables."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("段落"), features=RICH_TEXT_FEATURES, template="blocks/paragraph.html"
    )
    image = AccessibleImageBlock()
    quote = QuoteBlock()
    table = TableBlock(label=_("表格"), template="blocks/table_block.html")
    document = DocumentLinkBlock()
