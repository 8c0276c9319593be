from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Site

from core.blocks import BaseStreamBlock
from core.blocks.home import LatestItemsBlock


class TaggedItemsBlock(blocks.StructBlock):
    """Articles and notices of this site carrying one tag, newest first."""

    title = blocks.CharBlock(label=_("标题"), max_length=40)
    tag = blocks.CharBlock(label=_("标签"), max_length=100)
    limit = blocks.IntegerBlock(label=_("条数"), default=10, min_value=1, max_value=30)

    class Meta:
        icon = "tag"
        label = _("按标签汇集")
        template = "blocks/home/latest_items_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        parent_context = parent_context or {}
        # The topic page passes content.models.tagged_items (this module is
        # below the page types and cannot import them).
        find = parent_context.get("find_tagged_items")
        request = parent_context.get("request")
        site = Site.find_for_request(request) if request else None
        context["items"] = (
            find(tag=value["tag"], site=site, limit=value["limit"]) if find else []
        )
        return context


class TopicStreamBlock(BaseStreamBlock):
    """A special topic: free content plus sections fed by columns or tags."""

    column_items = LatestItemsBlock(label=_("按栏目汇集"))
    tagged_items = TaggedItemsBlock()
