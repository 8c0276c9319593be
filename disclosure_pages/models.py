from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class DisclosureIndexPage(Page):
    """A site's government information disclosure catalog (信息公开)."""

    intro = models.TextField(_("说明"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["disclosure_pages.DisclosureDocumentPage"]

    class Meta:
        verbose_name = _("信息公开目录")
        verbose_name_plural = _("信息公开目录")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = (
            DisclosureDocumentPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-first_published_at", "-pk")
        )
        context["documents"] = Paginator(documents, 20).get_page(
            request.GET.get("page")
        )
        return context


class DisclosureDocumentPage(Page):
    """A government document published in the disclosure catalog."""

    document_number = models.CharField(
        _("发文字号"),
        max_length=64,
        blank=True,
        help_text=_("例如：国办发〔2017〕47号"),
    )
    publisher_name = models.CharField(_("发布机构"), max_length=128, blank=True)
    written_date = models.DateField(_("成文日期"), null=True, blank=True)
    body = RichTextField(_("正文"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("publisher_name"),
                FieldPanel("written_date"),
            ],
            heading=_("公开元数据"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("document_number", boost=3),
        index.SearchField("publisher_name"),
        index.FilterField("written_date"),
    ]
    parent_page_types = ["disclosure_pages.DisclosureIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("公开文件")
        verbose_name_plural = _("公开文件")
