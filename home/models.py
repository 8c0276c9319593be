from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The home page of one website of the cluster; its page tree starts here."""

    intro = models.TextField(_("导语"), blank=True, max_length=500)
    body = RichTextField(_("正文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    # A HomePage under another is a sub-site (子站) of that portal, opened through
    # the site registry; see site_registry.services.open_site.
    parent_page_types = ["wagtailcore.Page", "home.HomePage"]
    subpage_types = ["disclosure_pages.DisclosureIndexPage", "home.HomePage"]

    # Home pages of different sites share a tree level; keep each one's slug unique.
    class Meta:
        verbose_name = _("网站首页")
        verbose_name_plural = _("网站首页")

    def get_context(self, request, *args, **kwargs):
        from disclosure_pages.selectors import latest_documents

        context = super().get_context(request, *args, **kwargs)
        context["latest_documents"] = latest_documents(root=self, limit=10)
        return context
