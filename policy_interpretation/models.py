from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.forms import ShortSlugPageForm
from policy_interpretation.choices import InterpretationForm


class PolicyInterpretationPage(Page):
    """An interpretation (政策解读) of one or more policy documents.

    Its source documents may be published on any site of the cluster; both pages
    link to each other (双向关联).
    """

    form = models.CharField(
        _("解读形式"),
        max_length=10,
        choices=InterpretationForm.choices,
        default=InterpretationForm.TEXT,
    )
    interpreter = models.CharField(_("解读人或解读机构"), max_length=128, blank=True)
    summary = models.TextField(_("摘要"), blank=True, max_length=500)
    body = RichTextField(_("正文"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图解图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video_url = models.URLField(_("视频地址"), blank=True)

    base_form_class = ShortSlugPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("form"),
        FieldPanel("interpreter"),
        InlinePanel(
            "source_links",
            heading=_("解读的文件"),
            label=_("文件"),
            min_num=1,
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("image"),
        FieldPanel("video_url"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("summary"),
        index.FilterField("form"),
    ]
    parent_page_types = ["disclosure_pages.DisclosureColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")

    def clean(self) -> None:
        super().clean()
        if self.form == InterpretationForm.GRAPHIC and not self.image_id:
            raise ValidationError({"image": _("图解形式的解读需要上传图解图片。")})
        if self.form == InterpretationForm.VIDEO and not self.video_url:
            raise ValidationError({"video_url": _("视频解读需要填写视频地址。")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sources"] = self.live_sources()
        return context

    def live_sources(self) -> list:
        """The live source documents, in the editor's order."""
        links = (
            InterpretationSource.objects.filter(
                interpretation=self, document__live=True
            )
            .select_related("document", "document__organization", "document__subject")
            .order_by("sort_order")
        )
        return [link.document for link in links]


class InterpretationSource(Orderable):
    """A link from an interpretation to a source document, on any site."""

    interpretation = ParentalKey(
        PolicyInterpretationPage,
        on_delete=models.CASCADE,
        related_name="source_links",
    )
    document = models.ForeignKey(
        "disclosure_pages.DisclosureDocumentPage",
        verbose_name=_("文件"),
        on_delete=models.CASCADE,
        related_name="interpretation_links",
    )

    panels = [PageChooserPanel("document", "disclosure_pages.DisclosureDocumentPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("解读的文件")
        verbose_name_plural = _("解读的文件")
        constraints = [
            models.UniqueConstraint(
                fields=["interpretation", "document"],
                name="unique_interpretation_source",
            )
        ]
