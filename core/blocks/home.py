"""Home-page blocks. They hold references (pages, images), never copied HTML:
what they show is read live through selectors when the block renders."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks.media import AccessibleImageBlock, images_with_renditions

SLIDE_RENDITION = "fill-960x400-c50"
TOPIC_RENDITION = "fill-480x160-c50"


class SlideBlock(AccessibleImageBlock):
    page = blocks.PageChooserBlock(label=_("链接页面"))
    summary = blocks.TextBlock(label=_("摘要"), required=False, max_length=200)

    class Meta:
        label = _("轮播图片")


class CarouselBlock(blocks.StructBlock):
    """Headline carousel (头条轮播). Never rotates by itself (WCAG 2.2.2)."""

    slides = blocks.ListBlock(SlideBlock(), min_num=1, max_num=6, label=_("图片"))

    class Meta:
        icon = "image"
        label = _("头条轮播")
        template = "blocks/home/carousel_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        slides = [
            slide for slide in value["slides"] if slide["page"] and slide["image"]
        ]
        images = images_with_renditions(
            (slide["image"].id for slide in slides), SLIDE_RENDITION
        )
        context["slides"] = [
            {**dict(slide), "image": images.get(slide["image"].id, slide["image"])}
            for slide in slides
        ]
        return context


class LatestItemsBlock(blocks.StructBlock):
    """The newest items of one column, with their dates (V3: home page freshness)."""

    title = blocks.CharBlock(
        label=_("标题"),
        required=False,
        max_length=40,
        help_text=_("留空时使用栏目名称。"),
    )
    column = blocks.PageChooserBlock(label=_("栏目"))
    limit = blocks.IntegerBlock(label=_("条数"), default=6, min_value=1, max_value=20)

    class Meta:
        icon = "list-ul"
        label = _("栏目最新信息")
        template = "blocks/home/latest_items_block.html"

    def get_context(self, value, parent_context=None):
        from core.selectors import latest_in_column

        context = super().get_context(value, parent_context)
        context["items"] = latest_in_column(
            column=value["column"], limit=value["limit"]
        )
        return context


class FeaturedTopicsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), default=_("专题专栏"), max_length=40)
    topics = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="content.TopicPage", label=_("专题")),
        min_num=1,
        max_num=6,
        label=_("专题"),
    )

    class Meta:
        icon = "folder-open-inverse"
        label = _("专题专栏推荐")
        template = "blocks/home/featured_topics_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        topics = [topic for topic in value["topics"] if topic and topic.live]
        images = images_with_renditions(
            (topic.banner_id for topic in topics), TOPIC_RENDITION
        )
        context["topics"] = [(topic, images.get(topic.banner_id)) for topic in topics]
        return context


class QuickLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("名称"), max_length=20)
    page = blocks.PageChooserBlock(label=_("站内页面"), required=False)
    url = blocks.URLBlock(label=_("外部链接"), required=False)

    class Meta:
        label = _("快捷入口")

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        _("请在“站内页面”和“外部链接”中填写且只填写一项。")
                    )
                }
            )
        return value


class QuickLinksBlock(blocks.StructBlock):
    """Entrances such as 办事服务, 互动交流, 信息公开."""

    title = blocks.CharBlock(label=_("标题"), default=_("快捷入口"), max_length=40)
    links = blocks.ListBlock(QuickLinkBlock(), min_num=1, max_num=8, label=_("入口"))

    class Meta:
        icon = "link"
        label = _("快捷入口")
        template = "blocks/home/quick_links_block.html"


class SearchBoxBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(
        label=_("提示文字"), default=_("请输入关键词"), max_length=40
    )

    class Meta:
        icon = "search"
        label = _("搜索框")
        template = "blocks/home/search_box_block.html"


class StateCouncilPoliciesBlock(blocks.StructBlock):
    """国务院重要政策: items come from the upstream library hook
    (core.selectors.state_council_policies_from_source)."""

    title = blocks.CharBlock(
        label=_("标题"), default=_("国务院重要政策"), max_length=40
    )
    limit = blocks.IntegerBlock(label=_("条数"), default=6, min_value=1, max_value=20)

    class Meta:
        icon = "doc-full-inverse"
        label = _("国务院重要政策")
        template = "blocks/home/state_council_policies_block.html"

    def get_context(self, value, parent_context=None):
        from core.selectors import state_council_policies_from_source

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        context["items"] = state_council_policies_from_source(
            request=request, limit=value["limit"]
        )
        return context


class HomeStreamBlock(blocks.StreamBlock):
    carousel = CarouselBlock()
    latest_items = LatestItemsBlock()
    featured_topics = FeaturedTopicsBlock()
    quick_links = QuickLinksBlock()
    search_box = SearchBoxBlock()
    state_council_policies = StateCouncilPoliciesBlock()
