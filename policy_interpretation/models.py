from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.choices import ColumnKind
from core.forms import DatedPageForm, ShortSlugPageForm
from core.models import ImportedPageMixin
from policy_interpretation.choices import InterpretationForm


class PolicyInterpretationPage(ImportedPageMixin, Page):
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

    base_form_class = DatedPageForm
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
        # Both ways: the press conferences that presented this interpretation.
        context["press_conferences"] = (
            PressConferencePage.objects.live()
            .public()
            .filter(interpretation_links__interpretation=self)
            .order_by("-held_at")
        )
        return context

    def related_pages(self, *, request, limit: int) -> list[Page]:
        """相关解读 in the page tools: other interpretations of the same source
        documents on this site, newest first."""
        from core.selectors import newest_in_site

        siblings = PolicyInterpretationPage.objects.filter(
            source_links__document__interpretation_links__interpretation=self
        ).distinct()
        return newest_in_site(siblings, page=self, request=request, limit=limit)

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


# --- 新闻发布会 --------------------------------------------------------------


def validate_web_address(value: str) -> None:
    """A link visitors follow: http(s) only (no javascript:, ftp:, file:)."""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValidationError(
            _("视频地址必须是以 http:// 或 https:// 开头的完整网址。"),
            code="invalid_video_url",
        ) from error


INTERPRETATION_PAGE = "policy_interpretation.PolicyInterpretationPage"


class PressConferencePage(Page):
    """A press conference (新闻发布会): when, who spoke, what was said.

    It is also a form of policy interpretation (docs/domain.md c3): a live
    conference linked to a document meets the document's 三同步 requirement,
    and both pages link to each other.
    """

    held_at = models.DateTimeField(_("召开时间"))
    topic = models.CharField(_("发布主题"), max_length=200)
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    host = models.CharField(
        _("主持人"),
        max_length=128,
        help_text=_("姓名和职务，例如：市政府新闻办主任 张明"),
    )
    summary = models.TextField(_("摘要"), blank=True, max_length=500)
    transcript = RichTextField(_("文字实录"))
    # A CharField: URLField's own check would accept ftp: and answer a
    # javascript: address with a generic message instead of this one.
    video_url = models.CharField(
        _("视频地址"),
        max_length=500,
        blank=True,
        validators=[validate_web_address],
        help_text=_("发布会视频的网址，仅支持 http:// 或 https://。"),
    )

    base_form_class = ShortSlugPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("topic"),
        FieldPanel("held_at"),
        FieldPanel("venue"),
        FieldPanel("host"),
        InlinePanel("speakers", heading=_("发布人"), label=_("发布人"), min_num=1),
        FieldPanel("summary"),
        FieldPanel("transcript"),
        InlinePanel("images", heading=_("图片"), label=_("图片")),
        FieldPanel("video_url"),
        InlinePanel("document_links", heading=_("相关文件"), label=_("文件")),
        InlinePanel("interpretation_links", heading=_("相关解读"), label=_("解读")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("topic", boost=2),
        index.SearchField("summary"),
        index.SearchField("transcript"),
        index.SearchField("host"),
        index.FilterField("held_at"),
    ]
    parent_page_types = ["disclosure_pages.DisclosureColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("新闻发布会")
        verbose_name_plural = _("新闻发布会")

    @classmethod
    def can_exist_under(cls, parent) -> bool:
        # Only in a 新闻发布会 column, which lists them.
        if not super().can_exist_under(parent):
            return False
        return getattr(parent.specific, "kind", None) == ColumnKind.PRESS_CONFERENCE

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = self.live_documents()
        context["interpretations"] = self.live_interpretations()
        return context

    def live_documents(self) -> list:
        links = (
            PressConferenceDocument.objects.filter(conference=self, document__live=True)
            .select_related("document", "document__organization")
            .order_by("sort_order")
        )
        return [link.document for link in links]

    def live_interpretations(self) -> list:
        links = (
            PressConferenceInterpretation.objects.filter(
                conference=self, interpretation__live=True
            )
            .select_related("interpretation")
            .order_by("sort_order")
        )
        return [link.interpretation for link in links]


class PressConferenceSpeaker(Orderable):
    """A speaker (发布人) of a press conference, in the order they spoke."""

    conference = ParentalKey(
        PressConferencePage, on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField(_("姓名"), max_length=64)
    position = models.CharField(_("职务"), max_length=128)

    panels = [FieldPanel("name"), FieldPanel("position")]

    class Meta(Orderable.Meta):
        verbose_name = _("发布人")
        verbose_name_plural = _("发布人")


class PressConferenceImage(Orderable):
    """A photo of the conference; the text alternative is required."""

    conference = ParentalKey(
        PressConferencePage, on_delete=models.CASCADE, related_name="images"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图片"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    alt_text = models.CharField(
        _("替代文本"),
        max_length=200,
        help_text=_("为视障用户描述图片内容，例如：发布会现场，发布人回答记者提问。"),
    )
    caption = models.CharField(_("图片说明"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("发布会图片")
        verbose_name_plural = _("发布会图片")


class PressConferenceDocument(Orderable):
    """A document the conference released or explained, on any site."""

    conference = ParentalKey(
        PressConferencePage, on_delete=models.CASCADE, related_name="document_links"
    )
    document = models.ForeignKey(
        "disclosure_pages.DisclosureDocumentPage",
        verbose_name=_("文件"),
        on_delete=models.CASCADE,
        related_name="press_conference_links",
    )

    panels = [PageChooserPanel("document", "disclosure_pages.DisclosureDocumentPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("发布会相关文件")
        verbose_name_plural = _("发布会相关文件")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "document"],
                name="unique_press_conference_document",
            )
        ]


class PressConferenceInterpretation(Orderable):
    """An interpretation published with the conference."""

    conference = ParentalKey(
        PressConferencePage,
        on_delete=models.CASCADE,
        related_name="interpretation_links",
    )
    interpretation = models.ForeignKey(
        PolicyInterpretationPage,
        verbose_name=_("解读"),
        on_delete=models.CASCADE,
        related_name="press_conference_links",
    )

    panels = [
        PageChooserPanel(
            "interpretation", "policy_interpretation.PolicyInterpretationPage"
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("发布会相关解读")
        verbose_name_plural = _("发布会相关解读")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "interpretation"],
                name="unique_press_conference_interpretation",
            )
        ]
