"""Service guides (办事指南) and the 办事服务 column that lists them.

A guide carries the ten elements of veto item V6 (docs/domain.md d2) as
structured fields. Drafts may leave elements empty; publication is refused
until all ten are filled (``publication_required_fields``, checked by the
publication pipeline on every path), and the inspection reports a live guide
that lacks one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.models import Orderable, Page
from wagtail.search import index

from content.models import ColumnIndexPage
from core.blocks.media import check_alt_text
from core.choices import ColumnKind
from core.models import column_kind_field
from service_guides.choices import Audience, MaterialForm, ServiceTheme
from service_guides.forms import ServiceGuidePageForm
from service_guides.validators import validate_service_url
from site_registry.validators import validate_phone

MAX_COUNT = 99


class ServiceGuidePage(Page):
    """A service guide (办事指南): what a citizen or company needs to get one
    service done — basis, conditions, materials, where, who, fees, when, whom to
    call and the steps — with a link to handle it online."""

    legal_basis = models.TextField(
        _("设定依据"),
        blank=True,
        max_length=5000,
        help_text=_("设定该事项的法律、法规、规章或规范性文件及条款。"),
    )
    conditions = models.TextField(
        _("申请条件"), blank=True, max_length=5000, help_text=_("申请人应具备的条件。")
    )
    location = models.TextField(
        _("办理地点"),
        blank=True,
        max_length=500,
        help_text=_("窗口所在地址，例如：示范市政务服务中心二楼B区12号窗口。"),
    )
    organization = models.ForeignKey(
        "disclosure_pages.Organization",
        verbose_name=_("办理机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_guides",
        help_text=_("受理和办理该事项的机构，即办事服务按部门分类的依据。"),
    )
    fees = models.TextField(
        _("收费标准"),
        blank=True,
        max_length=1000,
        help_text=_("收费项目、标准和依据；不收费的填写“不收费”。"),
    )
    hours = models.TextField(
        _("办理时间"),
        blank=True,
        max_length=500,
        help_text=_(
            "受理时间和办结时限，例如：工作日9:00—12:00、13:30—17:00；"
            "承诺时限5个工作日。"
        ),
    )
    phone = models.CharField(
        _("联系电话"),
        blank=True,
        max_length=30,
        validators=[validate_phone],
        help_text=_("咨询电话，填写区号和号码，例如“0531-12345678”。"),
    )
    flow_chart = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("办理流程图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    flow_chart_alt = models.CharField(
        _("流程图替代文本"),
        max_length=300,
        blank=True,
        help_text=_("有流程图时必填：用文字概述流程图，供读屏软件朗读。"),
    )
    # A CharField: the URL form field's own message would come before ours.
    online_url = models.CharField(
        _("在线办理地址"),
        max_length=500,
        blank=True,
        validators=[validate_service_url],
        help_text=_("省政务服务网上该事项的办理页面，仅限 http(s) 地址。"),
    )
    audience = models.CharField(
        _("服务对象"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.PERSONAL,
    )
    theme = models.CharField(
        _("主题分类"),
        max_length=32,
        choices=ServiceTheme.choices,
        default=ServiceTheme.OTHER,
    )
    source_id = models.CharField(
        _("导入标识"), max_length=100, blank=True, editable=False, db_index=True
    )

    # The ten elements of V6 besides the title (事项名称, always required).
    publication_required_fields = (
        "legal_basis",
        "conditions",
        "materials",
        "location",
        "organization",
        "fees",
        "hours",
        "phone",
        "steps",
    )
    # Child relations have no verbose name of their own.
    publication_field_labels = {"materials": _("办理材料"), "steps": _("办理流程")}

    base_form_class = ServiceGuidePageForm
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("audience"), FieldPanel("theme")]),
        FieldPanel("legal_basis"),
        FieldPanel("conditions"),
        InlinePanel("materials", heading=_("办理材料"), label=_("材料")),
        MultiFieldPanel(
            [
                FieldPanel("organization"),
                FieldPanel("location"),
                FieldPanel("hours"),
                FieldPanel("phone"),
                FieldPanel("fees"),
            ],
            heading=_("办理机构、地点、时间和收费"),
        ),
        InlinePanel("steps", heading=_("办理流程"), label=_("步骤")),
        MultiFieldPanel(
            [FieldPanel("flow_chart"), FieldPanel("flow_chart_alt")],
            heading=_("办理流程图"),
        ),
        FieldPanel("online_url"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("conditions"),
        index.SearchField("legal_basis"),
        index.SearchField("material_names"),
        index.SearchField("location"),
        index.FilterField("organization"),
        index.FilterField("theme"),
        index.FilterField("audience"),
        index.RelatedFields("organization", [index.SearchField("name")]),
    ]
    parent_page_types = ["service_guides.ServiceIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["source_id"]

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")

    def clean(self):
        super().clean()
        if self.flow_chart is not None:
            problem = check_alt_text(self.flow_chart_alt, image=self.flow_chart)
            if problem:
                raise ValidationError({"flow_chart_alt": problem})

    @property
    def publisher_display(self) -> str:
        """The 办理机构 by name (the search entry's organisation facet)."""
        return self.organization.name if self.organization_id else ""

    def material_names(self) -> str:
        return " ".join(material.name for material in self.materials.all())


class ServiceMaterial(Orderable):
    """One item of 办理材料: what to hand in, in which form and how many."""

    page = ParentalKey(
        ServiceGuidePage, related_name="materials", on_delete=models.CASCADE
    )
    name = models.CharField(_("材料名称"), max_length=200)
    form = models.CharField(
        _("材料形式"),
        max_length=20,
        choices=MaterialForm.choices,
        default=MaterialForm.ORIGINAL,
    )
    originals = models.PositiveSmallIntegerField(_("原件份数"), default=1)
    copies = models.PositiveSmallIntegerField(_("复印件份数"), default=0)
    notes = models.CharField(
        _("备注"),
        max_length=300,
        blank=True,
        help_text=_("例如：核验后退还原件；复印件需加盖公章。"),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel(
            [FieldPanel("form"), FieldPanel("originals"), FieldPanel("copies")]
        ),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("办理材料")
        verbose_name_plural = _("办理材料")

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        errors = check_material_counts(
            form=self.form, originals=self.originals, copies=self.copies
        )
        if errors:
            raise ValidationError(errors)


def check_material_counts(*, form: str, originals, copies) -> dict[str, str]:
    """Why the counts do not fit the form (field → Chinese message); {} if fine."""
    errors: dict[str, str] = {}
    originals = originals or 0
    copies = copies or 0
    for field, count in (("originals", originals), ("copies", copies)):
        if count > MAX_COUNT:
            errors[field] = _("份数不能超过 %(max)d 份。") % {"max": MAX_COUNT}
    if form in (MaterialForm.ORIGINAL, MaterialForm.ORIGINAL_AND_COPY) and not (
        originals
    ):
        errors.setdefault("originals", _("需要原件时，原件份数至少为 1 份。"))
    if form in (MaterialForm.COPY, MaterialForm.ORIGINAL_AND_COPY) and not copies:
        errors.setdefault("copies", _("需要复印件时，复印件份数至少为 1 份。"))
    if form == MaterialForm.COPY and originals:
        errors.setdefault("originals", _("只收复印件时，原件份数应为 0。"))
    if form == MaterialForm.ORIGINAL and copies:
        errors.setdefault("copies", _("只收原件时，复印件份数应为 0。"))
    return errors


class ServiceStep(Orderable):
    """One step of 办理流程, in order (申请 → 受理 → 审查 → 决定 → 送达)."""

    page = ParentalKey(ServiceGuidePage, related_name="steps", on_delete=models.CASCADE)
    title = models.CharField(_("步骤名称"), max_length=100)
    description = models.TextField(_("步骤说明"), max_length=1000, blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("办理步骤")
        verbose_name_plural = _("办理步骤")


class ServiceIndexPage(ColumnIndexPage):
    """A site's 办事服务 column: its service guides by department and by theme."""

    column_kind = column_kind_field(default=ColumnKind.SERVICE)

    item_model = ServiceGuidePage
    item_related = ("organization",)
    parent_page_types = ["home.HomePage"]
    subpage_types = ["service_guides.ServiceGuidePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("办事服务")
        verbose_name_plural = _("办事服务")

    def get_context(self, request, *args, **kwargs):
        # Wagtail's view of the page: the listing is a selector (an import the
        # layer contracts allow for page types, pyproject.toml).
        from service_guides.selectors import ListingFilters, service_listing

        context = Page.get_context(self, request, *args, **kwargs)
        filters = ListingFilters.from_query(request.GET)
        context.update(service_listing(index=self, filters=filters))
        context["query_string"] = filters.query_string()
        context["items"] = context["guides"]
        return context


class ServiceExemption(models.Model):
    """A site the office exempts from V6's "no services" finding: an organ
    without public services (docs/domain.md d) offers no guides, so an empty
    办事服务 is no veto for it. Its guides, if any, are still checked."""

    site = models.OneToOneField(
        "site_registry.SiteProfile",
        verbose_name=_("网站"),
        on_delete=models.CASCADE,
        related_name="service_exemption",
    )
    reason = models.CharField(
        _("免于提供办事服务的理由"),
        max_length=200,
        help_text=_("例如：本机关无对外办理的政务服务事项。"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    panels = [FieldPanel("site"), FieldPanel("reason")]

    class Meta:
        verbose_name = _("无办事服务的网站")
        verbose_name_plural = _("无办事服务的网站")

    def __str__(self) -> str:
        return str(self.site)
