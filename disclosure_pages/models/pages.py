"""Page types of the disclosure catalog, shared by every site of the cluster.

Tree: HomePage → DisclosureIndexPage (信息公开) → guide, rules and columns;
columns nest and hold documents, annual reports and interpretations.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.choices import ColumnKind
from core.models import PUBLISH_CLOCK_SKEW
from disclosure_pages.choices import DisclosureMode, Genre, Validity
from disclosure_pages.codes import validate_index_number
from disclosure_pages.docnumbers import parse_document_number
from disclosure_pages.expiry import has_lapsed
from disclosure_pages.forms import DisclosureDocumentPageForm

COLUMN = "disclosure_pages.DisclosureColumnPage"
INDEX = "disclosure_pages.DisclosureIndexPage"
DOCUMENT = "disclosure_pages.DisclosureDocumentPage"
ANNUAL_REPORT = "disclosure_pages.AnnualReportPage"
INTERPRETATION = "policy_interpretation.PolicyInterpretationPage"
# Statutory content other apps (and models/proposals.py) file in a column of
# their kind: 新闻发布会, 政府公报, 建议提案办理结果.
PRESS_CONFERENCE = "policy_interpretation.PressConferencePage"
GAZETTE_ISSUE = "gazette.GazetteIssuePage"
PROPOSAL_REPLY = "disclosure_pages.ProposalReplyPage"

ATTACHMENT_EXTENSIONS = {
    "pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "jpg", "jpeg", "png",
}  # fmt: skip


class DisclosureIndexPage(Page):
    """A site's government information disclosure catalog (信息公开), one per site."""

    intro = models.TextField(_("说明"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "disclosure_pages.DisclosureGuidePage",
        "disclosure_pages.DisclosureRulesPage",
        COLUMN,
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("信息公开目录")
        verbose_name_plural = _("信息公开目录")

    def get_context(self, request, *args, **kwargs):
        from disclosure_pages.selectors import catalog_navigation_for_request

        context = super().get_context(request, *args, **kwargs)
        context["catalog"] = catalog_navigation_for_request(request, index=self)
        return context


class DisclosureGuidePage(Page):
    """The disclosure guide (政府信息公开指南): how the organ discloses, whom to ask."""

    body = RichTextField(_("正文"))
    office_address = models.CharField(_("受理机构地址"), max_length=200, blank=True)
    office_phone = models.CharField(_("联系电话"), max_length=64, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("office_address"),
                FieldPanel("office_phone"),
                FieldPanel("office_hours"),
            ],
            heading=_("依申请公开受理机构"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = [INDEX]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("政府信息公开指南")
        verbose_name_plural = _("政府信息公开指南")


class DisclosureRulesPage(Page):
    """The organ's disclosure rules (政府信息公开制度)."""

    body = RichTextField(_("正文"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = [INDEX]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("政府信息公开制度")
        verbose_name_plural = _("政府信息公开制度")


class DisclosureColumnPage(Page):
    """A catalog column (目录栏目) listing documents, with a fixed column kind."""

    kind = models.CharField(
        _("栏目类型"),
        max_length=32,
        choices=ColumnKind.choices,
        default=ColumnKind.POLICY,
        help_text=_("检查规则按栏目类型判断更新要求。"),
    )
    description = models.TextField(_("栏目描述"), blank=True, max_length=300)
    keywords = models.CharField(_("栏目关键词"), max_length=200, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("keywords"),
    ]
    search_fields = [*Page.search_fields, index.FilterField("kind")]
    parent_page_types = [INDEX, COLUMN]
    subpage_types = [
        COLUMN,
        DOCUMENT,
        ANNUAL_REPORT,
        INTERPRETATION,
        PRESS_CONFERENCE,
        GAZETTE_ISSUE,
        PROPOSAL_REPLY,
    ]

    class Meta:
        verbose_name = _("目录栏目")
        verbose_name_plural = _("目录栏目")

    def get_context(self, request, *args, **kwargs):
        from disclosure_pages.selectors import (
            DocumentFilters,
            column_documents,
            column_filter_options,
        )

        context = super().get_context(request, *args, **kwargs)
        context["catalog"] = self.catalog_navigation(request)
        params = request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
        # Other apps list their own pages in a column of their kind (政策解读:
        # policy_interpretation); disclosure_pages does not import them.
        for fill in hooks.get_hooks("disclosure_column_context"):
            if fill(column=self, request=request, context=context):
                return context
        if self.kind == ColumnKind.ANNUAL_REPORT:
            context["reports"] = (
                AnnualReportPage.objects.child_of(self)
                .live()
                .public()
                .order_by("-year")
            )
        filters = DocumentFilters.from_query(request.GET)
        context["filters"] = filters
        context["filter_options"] = column_filter_options(column=self)
        context["documents"] = column_documents(
            column=self, filters=filters, page_number=request.GET.get("page")
        )
        return context

    def catalog_navigation(self, request):
        """The catalog tree beside this column (None outside a catalog)."""
        from disclosure_pages.selectors import catalog_navigation_for_request

        index = DisclosureIndexPage.objects.ancestor_of(self).order_by("-depth").first()
        if index is None:
            return None
        return catalog_navigation_for_request(request, index=index, current=self)


class DisclosureDocumentPage(Page):
    """A government document in the disclosure catalog, with its catalog metadata.

    Index number and publication date are set by the platform, never typed: the
    index number at first publication, the date as the real publication time
    (imported documents keep their original date and are marked as imported).
    """

    index_number = models.CharField(
        _("索引号"),
        max_length=40,
        blank=True,
        help_text=_(
            "留空则在首次发布时按发布机构代码、年份和流水号自动生成；发布后不可更改。"
        ),
    )
    organization = models.ForeignKey(
        "disclosure_pages.Organization",
        verbose_name=_("发布机构"),
        null=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    original_publisher = models.CharField(
        _("原文发布机构"),
        max_length=128,
        blank=True,
        help_text=_("迁移文件原网页上写明的发布机构，留空则显示发布机构。"),
    )
    subject = models.ForeignKey(
        "disclosure_pages.SubjectCategory",
        verbose_name=_("主题分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    genre = models.CharField(
        _("公文种类"), max_length=20, choices=Genre.choices, blank=True
    )
    document_number = models.CharField(
        _("发文字号"),
        max_length=64,
        blank=True,
        help_text=_("例如：国办发〔2017〕47号"),
    )
    # Parsed parts of the document number, kept for search and filtering.
    document_number_organ = models.CharField(
        _("机关代字"), max_length=24, blank=True, editable=False
    )
    document_number_year = models.PositiveSmallIntegerField(
        _("发文年份"), null=True, blank=True, editable=False
    )
    document_number_serial = models.PositiveIntegerField(
        _("发文序号"), null=True, blank=True, editable=False
    )
    written_date = models.DateField(_("成文日期"), null=True, blank=True)
    validity = models.CharField(
        _("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    effective_date = models.DateField(_("生效日期"), null=True, blank=True)
    expiry_date = models.DateField(
        _("失效日期"),
        null=True,
        blank=True,
        help_text=_("到期后页面自动显示为“失效”。"),
    )
    disclosure_mode = models.CharField(
        _("公开方式"),
        max_length=12,
        choices=DisclosureMode.choices,
        default=DisclosureMode.PROACTIVE,
    )
    summary = models.TextField(_("内容概述"), blank=True, max_length=500)
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    body = RichTextField(_("正文"))
    # The 版记 (imprint) under a typeset document, printed only where filled.
    copy_to = models.CharField(
        _("抄送"),
        max_length=500,
        blank=True,
        help_text=_("抄送机关，用逗号分隔，例如：市委办公室，市人大常委会办公室。"),
    )
    printed_by = models.CharField(_("印发机关"), max_length=128, blank=True)
    printed_date = models.DateField(_("印发日期"), null=True, blank=True)
    requires_interpretation = models.BooleanField(
        _("需要政策解读"),
        default=False,
        help_text=_("按“三同步”要求，发布时应同时发布解读。"),
    )
    imported = models.BooleanField(_("迁移导入"), default=False, editable=False)
    imported_at = models.DateTimeField(_("导入时间"), null=True, editable=False)
    source_url = models.URLField(_("原文地址"), max_length=500, blank=True)
    source_id = models.CharField(
        _("导入标识"), max_length=100, blank=True, editable=False, db_index=True
    )

    base_form_class = DisclosureDocumentPageForm
    # Filled by the platform at publication; a live document without it is
    # reported by the inspection (publishing.registry).
    published_required_fields = ("index_number",)
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("index_number"),
                FieldRowPanel([FieldPanel("organization"), FieldPanel("subject")]),
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("genre")]),
                FieldRowPanel([FieldPanel("written_date"), FieldPanel("validity")]),
                FieldRowPanel(
                    [FieldPanel("effective_date"), FieldPanel("expiry_date")]
                ),
                FieldRowPanel([FieldPanel("disclosure_mode"), FieldPanel("keywords")]),
                FieldPanel("summary"),
                FieldPanel("requires_interpretation"),
            ],
            heading=_("公开元数据"),
        ),
        InlinePanel(
            "relations",
            heading=_("修改和废止"),
            label=_("修改或废止的文件"),
            help_text=_(
                "本文件修改或废止的原有文件：发布后，原文件自本文件生效之日起"
                "显示为“已修改”或“废止”；撤回本文件则恢复原状。"
            ),
        ),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("附件"), label=_("附件")),
        MultiFieldPanel(
            [
                FieldPanel("copy_to"),
                FieldRowPanel([FieldPanel("printed_by"), FieldPanel("printed_date")]),
            ],
            heading=_("版记"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("summary"),
        index.SearchField("index_number", boost=3),
        index.SearchField("document_number", boost=3),
        index.SearchField("document_number_organ"),
        index.SearchField("keywords"),
        index.AutocompleteField("document_number"),
        index.FilterField("document_number_organ"),
        index.FilterField("document_number_year"),
        index.FilterField("document_number_serial"),
        index.FilterField("subject"),
        index.FilterField("genre"),
        index.FilterField("validity"),
        index.FilterField("expiry_date"),
        index.FilterField("written_date"),
        index.FilterField("organization"),
        index.FilterField("disclosure_mode"),
        index.RelatedFields("organization", [index.SearchField("name")]),
    ]
    parent_page_types = [COLUMN]
    subpage_types: list[str] = []
    # A copy is a new document: it gets its own number when it is published.
    # Nor does it amend or repeal what the original does.
    exclude_fields_in_copy = [
        "index_number", "source_id", "imported", "imported_at", "relations",
    ]  # fmt: skip

    class Meta:
        verbose_name = _("公开文件")
        verbose_name_plural = _("公开文件")
        constraints = [
            models.UniqueConstraint(
                fields=["index_number"],
                condition=~models.Q(index_number=""),
                name="unique_index_number",
                violation_error_message=_("索引号已被其他文件使用。"),
            )
        ]
        indexes = [
            models.Index(
                fields=[
                    "document_number_organ",
                    "document_number_year",
                    "document_number_serial",
                ],
                name="disclosure_docnum_idx",
            ),
            models.Index(fields=["document_number"], name="disclosure_docnum_text_idx"),
        ]

    # --- cheap properties used by templates --------------------------------

    @property
    def publication_date(self) -> datetime.datetime | None:
        """发布日期: the real first publication time (original one if imported)."""
        return self.first_published_at

    @property
    def publisher_display(self) -> str:
        if self.original_publisher:
            return self.original_publisher
        return self.organization.name if self.organization_id else ""

    @property
    def current_validity(self) -> str:
        """有效性 as of today (``validity_on``)."""
        return self.validity_on(timezone.localdate())

    def validity_on(self, day: datetime.date) -> str:
        """有效性 on ``day``: a repeal in force wins; then 废止/失效 as entered; a
        valid document past its expiry date is 失效; an amendment in force (or
        已修改 as entered) shows 已修改. ``selectors.validity_q`` is the same
        rule as a query: keep the two in step."""
        repealed_from, amended_from = self.relation_dates()
        if repealed_from and repealed_from <= day:
            return Validity.REPEALED
        if self.validity in (Validity.REPEALED, Validity.EXPIRED):
            return self.validity
        if has_lapsed(self.expiry_date, day):
            return Validity.EXPIRED
        if self.validity == Validity.AMENDED or (amended_from and amended_from <= day):
            return Validity.AMENDED
        return Validity.VALID

    def relation_dates(self) -> tuple[datetime.date | None, datetime.date | None]:
        """(repealed from, amended from): the earliest dates of effect of the
        live documents repealing and amending this one. Listings annotate them
        (``selectors.with_relation_dates``); otherwise one query, kept."""
        if "repealed_from" not in self.__dict__:
            dates = {}
            if self.pk:
                dates = dict(
                    self.relations_received.filter(
                        source__live=True, effective_from__isnull=False
                    )
                    .values("kind")
                    .annotate(first=models.Min("effective_from"))
                    .values_list("kind", "first")
                    .order_by()
                )
            self.repealed_from = dates.get("repeals")
            self.amended_from = dates.get("amends")
        return self.repealed_from, self.amended_from

    def declared_relations(self) -> list:
        """What this document amends or repeals (targets still live)."""
        return list(
            self.relations.filter(target__live=True)
            .select_related("target")
            .order_by("sort_order", "pk")
        )

    def received_relations(self) -> list:
        """The live documents amending or repealing this one, oldest effect
        first; each row says whether it is in force today (``in_force``)."""
        today = timezone.localdate()
        rows = list(
            self.relations_received.filter(
                source__live=True, effective_from__isnull=False
            )
            .select_related("source")
            .order_by("effective_from", "pk")
        )
        for row in rows:
            row.in_force = row.effective_from <= today
        return rows

    @property
    def copy_to_line(self) -> str:
        """抄送 as printed: the organs, ending with a full stop (GB/T 9704)."""
        text = self.copy_to.strip().rstrip("。.，,；;")
        return f"{text}。" if text else ""

    @property
    def current_validity_label(self) -> str:
        return Validity(self.current_validity).label

    @cached_property
    def live_attachments(self):
        return list(self.attachments.select_related("document"))

    # --- validation ----------------------------------------------------------

    def with_content_json(self, content):
        # The index number belongs to the page, not to a revision: publishing an
        # old revision or a tampered one never changes it (like first_published_at).
        obj = super().with_content_json(content)
        if self.index_number:
            obj.index_number = self.index_number
        # Revisions store datetimes to the millisecond (DjangoJSONEncoder): the
        # page's own value is the exact one, else a re-save looks like a change.
        if self.first_published_at:
            obj.first_published_at = self.first_published_at
        obj.imported = self.imported
        obj.imported_at = self.imported_at
        obj.source_id = self.source_id
        return obj

    def clean(self) -> None:
        super().clean()
        errors = self.metadata_errors()
        if self.index_number and "index_number" not in errors:
            taken = DisclosureDocumentPage.objects.filter(
                index_number=self.index_number
            ).exclude(pk=self.pk)
            if taken.exists():
                errors["index_number"] = ValidationError(
                    _("索引号 %(number)s 已被其他文件使用，索引号在全站群内唯一。"),
                    params={"number": self.index_number},
                )
        self._clean_against_stored(errors)
        if errors:
            raise ValidationError(errors)

    def metadata_errors(self) -> dict[str, ValidationError]:
        """Checks of this row alone, without queries (also used by the importer)."""
        errors: dict[str, ValidationError] = {}
        self._clean_document_number(errors)
        if self.index_number:
            try:
                validate_index_number(self.index_number)
            except ValidationError as error:
                errors["index_number"] = error
        today = timezone.localdate()
        if self.written_date and self.written_date > today:
            errors["written_date"] = ValidationError(_("成文日期不能晚于今天。"))
        if (
            self.written_date
            and self.first_published_at
            and self.written_date > timezone.localdate(self.first_published_at)
        ):
            errors["written_date"] = ValidationError(_("成文日期不能晚于发布日期。"))
        if self.effective_date and self.expiry_date:
            if self.expiry_date <= self.effective_date:
                errors["expiry_date"] = ValidationError(_("失效日期必须晚于生效日期。"))
        if (
            self.written_date
            and self.effective_date
            and self.effective_date < self.written_date
        ):
            errors["effective_date"] = ValidationError(_("生效日期不能早于成文日期。"))
        if (
            self.printed_date
            and self.written_date
            and self.printed_date < self.written_date
        ):
            errors["printed_date"] = ValidationError(_("印发日期不能早于成文日期。"))
        return errors

    def _clean_document_number(self, errors) -> None:
        if not self.document_number.strip():
            self.document_number = ""
            self.document_number_organ = ""
            self.document_number_year = None
            self.document_number_serial = None
            return
        try:
            parsed = parse_document_number(self.document_number)
        except ValidationError as error:
            errors["document_number"] = error
            return
        self.document_number = parsed.text
        self.document_number_organ = parsed.organ
        self.document_number_year = parsed.year
        self.document_number_serial = parsed.serial

    def _clean_against_stored(self, errors) -> None:
        """Index number and publication date never change once published."""
        if not self.pk:
            if (
                self.first_published_at
                and not self.imported
                and self.first_published_at < timezone.now() - PUBLISH_CLOCK_SKEW
            ):
                errors[NON_FIELD_ERRORS] = ValidationError(
                    _("发布日期只能是真实的首次发布时间，不能倒填。")
                )
            return
        stored = (
            DisclosureDocumentPage.objects.filter(pk=self.pk)
            .values("index_number", "first_published_at", "imported")
            .first()
        )
        if stored is None:
            return
        if stored["index_number"] and self.index_number != stored["index_number"]:
            errors["index_number"] = ValidationError(
                _("索引号 %(number)s 已在发布时确定，不能更改。"),
                params={"number": stored["index_number"]},
            )
        if stored["imported"]:
            return
        published = stored["first_published_at"]
        if published and self.first_published_at != published:
            errors[NON_FIELD_ERRORS] = ValidationError(
                _("发布日期只能是真实的首次发布时间，不能更改。")
            )
        elif (
            published is None
            and self.first_published_at
            and self.first_published_at < timezone.now() - PUBLISH_CLOCK_SKEW
        ):
            errors[NON_FIELD_ERRORS] = ValidationError(
                _("发布日期只能是真实的首次发布时间，不能倒填。")
            )

    # --- the public page -----------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_panels"] = self.related_panels(request)
        return context

    def related_pages(self, *, request, limit: int) -> list[Page]:
        """相关文件 in the page tools: the newest documents of the same subject
        on this site (interpretations have their own panel)."""
        from core.selectors import newest_in_site

        if not self.subject_id:
            return []
        same_subject = DisclosureDocumentPage.objects.filter(subject_id=self.subject_id)
        return newest_in_site(same_subject, page=self, request=request, limit=limit)

    def related_panels(self, request) -> list:
        """Panels other apps (policy interpretation, reposting) add through the
        ``disclosure_document_panels`` hook; a document does not know who links
        to it. Reposts of the document show the same panels."""
        return [
            panel
            for fn in hooks.get_hooks("disclosure_document_panels")
            if (panel := fn(page=self, request=request))
        ]


class DocumentAttachment(Orderable):
    """A file attached to a disclosure document (PDF, Word, Excel, OFD, images)."""

    page = ParentalKey(
        DisclosureDocumentPage, on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("文件"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(
        _("显示名称"), max_length=200, blank=True, help_text=_("留空则使用文件标题。")
    )
    source = models.CharField(_("来源"), max_length=500, blank=True, editable=False)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    @property
    def display_title(self) -> str:
        return self.title or self.document.title

    def clean(self) -> None:
        if self.document_id:
            extension = self.document.file_extension.lower()
            if extension not in ATTACHMENT_EXTENSIONS:
                raise ValidationError(
                    {
                        "document": _(
                            "附件格式 %(ext)s 不受支持，请上传 PDF、Word、Excel、OFD 或图片。"  # noqa: E501
                        )
                        % {"ext": extension or "?"}
                    }
                )


class AnnualReportPage(Page):
    """An annual disclosure report (政府信息公开工作年度报告) for one year."""

    year = models.PositiveSmallIntegerField(_("年度"))
    body = RichTextField(_("正文"))
    report_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("报告文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        FieldPanel("body"),
        FieldPanel("report_file"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.FilterField("year"),
    ]
    parent_page_types = [COLUMN]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("政府信息公开年报")
        verbose_name_plural = _("政府信息公开年报")

    @classmethod
    def can_exist_under(cls, parent) -> bool:
        # Only in a column of the annual-report kind (b7).
        if not super().can_exist_under(parent):
            return False
        parent = parent.specific
        return getattr(parent, "kind", None) == ColumnKind.ANNUAL_REPORT

    def clean(self) -> None:
        super().clean()
        this_year = timezone.localdate().year
        if self.year and not 2008 <= self.year < this_year + 1:
            raise ValidationError({"year": _("年报年度应在 2008 年至今年之间。")})
        parent = self.get_parent() if self.path and self.depth > 1 else None
        if parent is not None:
            clash = (
                AnnualReportPage.objects.child_of(parent)
                .filter(year=self.year)
                .exclude(pk=self.pk)
            )
            if clash.exists():
                raise ValidationError({"year": _("该栏目已有这一年度的年报。")})
