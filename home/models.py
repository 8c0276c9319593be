from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import HomeStreamBlock
from core.choices import ColumnKind, HomeLayout
from core.selectors import site_map
from home.choices import SKELETON_PAGE_TYPES, SiteType
from home.skeleton_specs import EntrySpec, validate_entries


class HomePage(RoutablePageMixin, Page):
    """The home page of one website of the cluster; its page tree starts here.

    Editors build it from blocks (carousel, column feeds, topics, quick links,
    search, State Council policies); a department or township site uses the same
    blocks in the compact layout.
    """

    intro = models.TextField(_("导语"), blank=True, max_length=500)
    layout = models.CharField(
        _("版式"), max_length=16, choices=HomeLayout.choices, default=HomeLayout.PORTAL
    )
    body = StreamField(HomeStreamBlock(), verbose_name=_("首页区块"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("layout"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    # A HomePage under another is a sub-site (子站) of that portal, opened through
    # the site registry; see site_registry.lifecycle.open_site.
    parent_page_types = ["wagtailcore.Page", "home.HomePage"]
    subpage_types = [
        "disclosure_pages.DisclosureIndexPage",
        "content.ArticleIndexPage",
        "content.NoticeIndexPage",
        "content.TopicIndexPage",
        "content.StandardPage",
        "content.ClusterDirectoryPage",
        "service_guides.ServiceIndexPage",
        "home.HomePage",
    ]

    # Home pages of different sites share a tree level; keep each one's slug unique.
    class Meta:
        verbose_name = _("网站首页")
        verbose_name_plural = _("网站首页")

    @cached_property
    def has_search_block(self) -> bool:
        """The body has its own search box: the header then shows none (one
        search box per page)."""
        # The raw data: converting the blocks would load every chooser's target.
        return any(block["type"] == "search_box" for block in self.body.raw_data)

    @path("site-map/", name="site_map")
    def site_map(self, request):
        """网站地图 of this home's columns.

        A site's own /site-map/ is answered by core.views.site_map before page
        routing; this route serves a sub-site's map at its own path (/qtz/site-map/).
        """
        return TemplateResponse(
            request,
            "core/site_map.html",
            {
                "page": self,
                "self": self,
                # The frame is the (sub-)site's, but this is not the home page.
                "outside_page_tree": True,
                "site_map": site_map(root=self),
            },
        )


class SiteSkeletonForm(WagtailAdminModelForm):
    """Checks the entries as a whole: parents, page types, slugs and kinds."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("entries")
        if formset is None or not formset.is_valid():
            return cleaned
        rows = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        # Forms added in the browser may come without an order: they go last,
        # as the formset saves them.
        rows.sort(key=lambda row: (row.get("ORDER") is None, row.get("ORDER") or 0))
        try:
            validate_entries([SkeletonEntry.spec_of(row) for row in rows])
        except ValidationError as error:
            for message in error.messages:
                self.add_error(None, message)
        return cleaned


class SiteSkeleton(ClusterableModel):
    """栏目模板: the standard columns a new site of one type opens with.

    The e-government office edits the entries in the admin; a site opened
    afterwards gets the columns as they are then (sites already open keep
    theirs). ``manage.py restore_skeletons`` brings back the shipped version.
    """

    site_type = models.CharField(
        _("网站类型"), max_length=16, choices=SiteType.choices, unique=True
    )
    name = models.CharField(_("名称"), max_length=100)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    base_form_class = SiteSkeletonForm
    panels = [
        FieldRowPanel([FieldPanel("site_type"), FieldPanel("name")]),
        InlinePanel("entries", heading=_("栏目"), label=_("栏目")),
    ]

    class Meta:
        verbose_name = _("栏目模板")
        verbose_name_plural = _("栏目模板")
        ordering = ["site_type"]

    def __str__(self) -> str:
        return self.name

    def specs(self) -> list[EntrySpec]:
        return [SkeletonEntry.spec_of(entry) for entry in self.entries.all()]


class SkeletonEntry(Orderable):
    """One page of a skeleton, created under the home page at opening."""

    skeleton = ParentalKey(
        SiteSkeleton, on_delete=models.CASCADE, related_name="entries"
    )
    parent_path = models.CharField(
        _("上级栏目"),
        max_length=100,
        blank=True,
        help_text=_("上级栏目的地址，如“xxgk”或“about”；留空表示首页之下。"),
    )
    slug = models.CharField(_("地址"), max_length=40)
    title = models.CharField(_("标题"), max_length=100)
    page_type = models.CharField(
        _("页面类型"), max_length=64, choices=SKELETON_PAGE_TYPES
    )
    column_kind = models.CharField(
        _("栏目类型"), max_length=32, choices=ColumnKind.choices, blank=True
    )
    show_in_menus = models.BooleanField(_("显示在菜单中"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("parent_path"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("title"), FieldPanel("page_type")]),
        FieldRowPanel([FieldPanel("column_kind"), FieldPanel("show_in_menus")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    @staticmethod
    def spec_of(row) -> EntrySpec:
        """The entry as plain data, from a row or a form's cleaned data."""

        def value(name, default=""):
            if isinstance(row, dict):
                return row.get(name) or default
            return getattr(row, name) or default

        return EntrySpec(
            parent=value("parent_path").strip("/"),
            slug=value("slug"),
            title=value("title"),
            page_type=value("page_type"),
            kind=value("column_kind"),
            show_in_menus=bool(value("show_in_menus", False)),
        )
