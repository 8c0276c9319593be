"""Public content page types shared by every site of the cluster."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from content.blocks import TopicStreamBlock
from core.blocks import BaseStreamBlock
from core.blocks.media import check_alt_text
from core.choices import ColumnKind
from core.forms import DatedPageForm, NoBackdatingPageForm
from core.models import ColumnPageMixin, ImportedPageMixin, column_kind_field

ITEMS_PER_PAGE = 15


class ColumnIndexPage(ColumnPageMixin, Page):
    """Base of the column pages: lists its items newest first, paginated."""

    intro = models.TextField(_("栏目说明"), blank=True, max_length=500)

    item_model: type[Page] | None = None
    # Foreign keys the item's template always shows (its image), loaded with it.
    item_related: tuple[str, ...] = ()
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *ColumnPageMixin.column_panels]
    parent_page_types = ["home.HomePage", "content.StandardPage", "content.TopicPage"]

    class Meta:
        abstract = True

    def get_items(self):
        model = self.item_model or Page
        return (
            model.objects.child_of(self)
            .live()
            .public()
            .order_by("-first_published_at", "-pk")
            .defer_streamfields()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = Paginator(self.get_items(), ITEMS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context

    def route(self, request, path_components):
        # Items are fetched as their own type in one query instead of a generic
        # page plus its specific row (Wagtail's default route).
        if len(path_components) == 1 and self.item_model is not None:
            item = (
                self.item_model.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related(*self.item_related)
                .first()
            )
            if item is not None:
                # The item's template names its column: spare treebeard's
                # get_parent() query, which caches its answer here.
                item._cached_parent_obj = self
                return item.route(request, [])
        return super().route(request, path_components)


def _clean_lead_image(page, image_field: str, alt_field: str) -> None:
    image = getattr(page, image_field)
    if image is None:
        return
    problem = check_alt_text(getattr(page, alt_field), image=image)
    if problem:
        raise ValidationError({alt_field: problem})


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NoticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.NoticePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class TaggedPageMixin:
    """Loads the page's tags once for the template (meta keywords and tag list)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tags"] = list(self.tags.all())
        return context

    def related_pages(self, *, request, limit: int) -> list[Page]:
        """相关阅读 in the page tools: the newest pages of the same type and
        column sharing a tag with this one."""
        from core.selectors import newest_in_site

        tag_ids = self.tags.through.objects.filter(content_object_id=self.pk)
        same_tags = (
            type(self)
            .objects.filter(path__startswith=self.path[: -self.steplen])
            .filter(depth=self.depth, tags__in=tag_ids.values("tag_id"))
            .distinct()
        )
        return newest_in_site(same_tags, page=self, request=request, limit=limit)


class ArticlePage(ImportedPageMixin, TaggedPageMixin, Page):
    """A news item (政务动态/要闻). Its publication time is Wagtail's first
    publication, set when it goes live, so it can never be backdated (V1);
    only a migrated item keeps the date of its old site."""

    source = models.CharField(
        _("来源"),
        max_length=100,
        help_text=_("信息来源单位，例如：示范市人民政府办公室"),
    )
    author = models.CharField(_("作者"), max_length=100, blank=True)
    summary = models.TextField(_("摘要"), max_length=300, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("题图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("题图替代文本"),
        max_length=150,
        blank=True,
        help_text=_("有题图时必填：简要描述图片内容，供读屏软件朗读。"),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"))
    tags = ClusterTaggableManager(
        through=ArticleTag, blank=True, verbose_name=_("标签")
    )

    base_form_class = DatedPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("author")], heading=_("来源与作者")
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_alt")],
            heading=_("题图"),
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("source"),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["content.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("新闻动态")
        verbose_name_plural = _("新闻动态")

    def clean(self):
        super().clean()
        _clean_lead_image(self, "lead_image", "lead_image_alt")


class ArticleIndexPage(ColumnIndexPage):
    """A news column (政务动态, 要闻, 部门动态...) listing its articles."""

    column_kind = column_kind_field(default=ColumnKind.NEWS)
    item_model = ArticlePage
    item_related = ("lead_image",)
    subpage_types = ["content.ArticlePage"]

    class Meta:
        verbose_name = _("新闻栏目")
        verbose_name_plural = _("新闻栏目")


class NoticePage(ImportedPageMixin, TaggedPageMixin, Page):
    """A notice or announcement (通知公告); attachments go in the body."""

    issuer = models.CharField(
        _("发布单位"), max_length=100, help_text=_("请填写单位全称，不用简称。")
    )
    summary = models.TextField(_("摘要"), max_length=300, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"))
    tags = ClusterTaggableManager(through=NoticeTag, blank=True, verbose_name=_("标签"))

    base_form_class = DatedPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("issuer"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("issuer"),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["content.NoticeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")


class NoticeIndexPage(ColumnIndexPage):
    """A notice column (通知公告) listing its notices."""

    column_kind = column_kind_field(default=ColumnKind.NOTICE)
    item_model = NoticePage
    subpage_types = ["content.NoticePage"]

    class Meta:
        verbose_name = _("通知公告栏目")
        verbose_name_plural = _("通知公告栏目")


class TopicPage(ImportedPageMixin, Page):
    """A special topic (专题专栏): a landing page gathering content by column or tag."""

    summary = models.TextField(_("专题简介"), max_length=300, blank=True)
    banner = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("专题题图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    banner_alt = models.CharField(
        _("题图替代文本"),
        max_length=150,
        blank=True,
        help_text=_("有题图时必填：简要描述图片内容，供读屏软件朗读。"),
    )
    body = StreamField(TopicStreamBlock(), verbose_name=_("专题内容"))

    base_form_class = NoBackdatingPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("banner"), FieldPanel("banner_alt")], heading=_("专题题图")
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["content.TopicIndexPage"]
    subpage_types = ["content.ArticleIndexPage", "content.NoticeIndexPage"]

    class Meta:
        verbose_name = _("专题")
        verbose_name_plural = _("专题")

    def clean(self):
        super().clean()
        _clean_lead_image(self, "banner", "banner_alt")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The 按标签汇集 blocks query through it: content.blocks cannot import
        # the page types that use them.
        context["find_tagged_items"] = tagged_items
        return context


class TopicIndexPage(ColumnIndexPage):
    """The 专题专栏 column listing the site's special topics."""

    column_kind = column_kind_field(default=ColumnKind.TOPIC)
    item_model = TopicPage
    item_related = ("banner",)
    subpage_types = ["content.TopicPage"]

    class Meta:
        verbose_name = _("专题专栏")
        verbose_name_plural = _("专题专栏")

    def get_items(self):
        return super().get_items().select_related("banner")


class StandardPage(ColumnPageMixin, Page):
    """A plain page or single-page column: 关于本网, 机构职能, 概况信息..."""

    summary = models.TextField(_("摘要"), max_length=300, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    promote_panels = [*Page.promote_panels, *ColumnPageMixin.column_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "content.StandardPage"]
    subpage_types = [
        "content.StandardPage",
        "content.ArticleIndexPage",
        "content.NoticeIndexPage",
        "content.LeaderIndexPage",
    ]

    class Meta:
        verbose_name = _("普通页面")
        verbose_name_plural = _("普通页面")


class LeaderPage(ImportedPageMixin, Page):
    """One leader of the organ (负责人信息): name, photo, CV and portfolio (b7)."""

    position = models.CharField(_("职务"), max_length=100)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("标准证件照；替代文本自动使用姓名。"),
    )
    biography = RichTextField(_("简历"), features=["bold", "ol", "ul", "link"])
    portfolio = RichTextField(_("工作分工"), features=["bold", "ol", "ul", "link"])

    base_form_class = NoBackdatingPageForm
    content_panels = [
        FieldPanel("title", heading=_("姓名")),
        FieldPanel("position"),
        FieldPanel("photo"),
        FieldPanel("biography"),
        FieldPanel("portfolio"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("position"),
        index.SearchField("portfolio"),
    ]
    parent_page_types = ["content.LeaderIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("领导信息")
        verbose_name_plural = _("领导信息")


class LeaderIndexPage(ColumnIndexPage):
    """The 领导信息 column: the leaders in the order editors give them."""

    column_kind = column_kind_field(default=ColumnKind.LEADERS)
    item_model = LeaderPage
    item_related = ("photo",)
    subpage_types = ["content.LeaderPage"]

    class Meta:
        verbose_name = _("领导信息栏目")
        verbose_name_plural = _("领导信息栏目")

    def get_items(self):
        # Leaders follow rank (the editors' tree order), not publication date.
        return (
            LeaderPage.objects.child_of(self)
            .live()
            .public()
            .order_by("path")
            .select_related("photo")
            .prefetch_related("photo__renditions")
        )

    def get_context(self, request, *args, **kwargs):
        context = Page.get_context(self, request, *args, **kwargs)
        context["items"] = self.get_items()
        return context


class ClusterDirectoryPage(Page):
    """网站群导航: every site of the cluster, grouped by level (portal only)."""

    intro = models.TextField(_("说明"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("网站群导航")
        verbose_name_plural = _("网站群导航")

    def get_context(self, request, *args, **kwargs):
        from site_registry.selectors import cluster_directory

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = cluster_directory()
        return context


def tagged_items(*, tag: str, site: Site | None, limit: int) -> list[Page]:
    """Articles and notices of ``site`` tagged ``tag``, newest first."""
    found: list[Page] = []
    for model in (ArticlePage, NoticePage):
        pages = model.objects.live().public().filter(tags__name=tag)
        if site is not None:
            pages = pages.in_site(site)
        found += pages.defer_streamfields().order_by("-first_published_at")[:limit]
    found.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
    return found[:limit]
