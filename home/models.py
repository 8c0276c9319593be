from django.db import models
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import HomeStreamBlock
from core.choices import HomeLayout
from core.selectors import site_map


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
