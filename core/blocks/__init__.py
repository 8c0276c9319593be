"""StreamField blocks shared by every site, one module per family."""

from core.blocks.base import BaseStreamBlock
from core.blocks.home import HomeStreamBlock
from core.blocks.media import AccessibleImageBlock, DocumentLinkBlock
from core.blocks.text import HeadingBlock, QuoteBlock

__all__ = [
    "AccessibleImageBlock",
    "BaseStreamBlock",
    "DocumentLinkBlock",
    "HeadingBlock",
    "HomeStreamBlock",
    "QuoteBlock",
]
