"""政府公报: numbered issues of a government's gazette, with their contents."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.choices import ColumnKind
from disclosure_pages.models import DisclosureIndexPage
from gazette.forms import GazetteIssuePageForm
from hardening.uploads import HEAD_BYTES, detected_extension

FIRST_YEAR = 1949


class GazetteIssuePage(Page):
    """One issue (期) of the government gazette: its contents link the catalog's
    documents it printed, and the printed issue is attached as a PDF."""

    gazette_name = models.CharField(
        _("公报名称"), max_length=100, help_text=_("例如：示范市人民政府公报")
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    number = models.PositiveSmallIntegerField(
        _("期号"),
        validators=[MinValueValidator(1, _("期号从 1 开始。"))],
        help_text=_("当年的第几期；同一网站同一年份内不能重复。"),
    )
    issue_date = models.DateField(_("出版日期"))
    intro = RichTextField(_("说明"), blank=True)
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("公报 PDF 文件"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("整期公报的 PDF 文件。"),
    )

    base_form_class = GazetteIssuePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("gazette_name"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("number")]),
        FieldPanel("issue_date"),
        FieldPanel("pdf"),
        FieldPanel("intro"),
        InlinePanel("entries", heading=_("目录"), label=_("目录条目")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.FilterField("year"),
        index.FilterField("number"),
    ]
    parent_page_types = ["disclosure_pages.DisclosureColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("政府公报")
        verbose_name_plural = _("政府公报")

    @classmethod
    def can_exist_under(cls, parent) -> bool:
        # Only in a 政府公报 column, which lists the issues by year.
        if not super().can_exist_under(parent):
            return False
        return getattr(parent.specific, "kind", None) == ColumnKind.GAZETTE

    @property
    def issue_label(self) -> str:
        """期号 as printed: 2026年第3期."""
        return gettext("%(year)s年第%(number)s期") % {
            "year": self.year,
            "number": self.number,
        }

    def number_taken(self, *, parent: Page | None = None) -> bool:
        """Another issue of the same site's catalog has this year and number.

        The catalog (one per site or sub-site) is the scope: a site may file
        its issues in more than one column, and numbers never repeat within a
        year."""
        if not self.year or not self.number:
            return False
        if parent is None:
            if not self.path or self.depth <= 1:
                return False
            parent = self.get_parent()
        catalog = (
            DisclosureIndexPage.objects.ancestor_of(parent, inclusive=True)
            .order_by("-depth")
            .first()
        )
        scope = GazetteIssuePage.objects.filter(year=self.year, number=self.number)
        scope = scope.descendant_of(catalog) if catalog else scope.child_of(parent)
        if self.pk:
            scope = scope.exclude(pk=self.pk)
        return scope.exists()

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        this_year = timezone.localdate().year
        if self.year and not FIRST_YEAR <= self.year <= this_year + 1:
            errors["year"] = ValidationError(
                _("年份应在 %(first)s 年至 %(last)s 年之间。"),
                params={"first": FIRST_YEAR, "last": this_year + 1},
            )
        if self.pdf_id and not self.pdf_is_pdf():
            errors["pdf"] = ValidationError(
                _("公报文件“%(name)s”不是有效的 PDF 文件，请上传整期公报的 PDF。"),
                params={"name": self.pdf.title},
            )
        if "year" not in errors and self.number_taken():
            errors["number"] = ValidationError(self.number_taken_message())
        if errors:
            raise ValidationError(errors)

    def number_taken_message(self) -> str:
        return gettext("本网站已有%(label)s公报，期号不能重复。") % {
            "label": self.issue_label
        }

    def pdf_is_pdf(self) -> bool:
        """The chosen document is a PDF by its name and its content (uploads
        are checked by content when stored; a Word file is not a gazette)."""
        document = self.pdf
        if document.file_extension.lower() != "pdf":
            return False
        try:
            with document.file.open("rb") as stored:
                head = stored.read(HEAD_BYTES)
        except OSError:
            return False
        return detected_extension(document.file.name, head) == "pdf"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.table_of_contents()
        return context

    def table_of_contents(self) -> list[tuple[str, list[GazetteEntry]]]:
        """Entries grouped under their section headings, in the editor's order;
        a linked document that is not live shows as plain text."""
        sections: list[tuple[str, list[GazetteEntry]]] = []
        entries = self.entries.select_related("document").order_by("sort_order")
        for entry in entries:
            if entry.document_id and not entry.document.live:
                # Withdrawn: its title stays in the contents, without a link.
                entry.title = entry.title or entry.document.title
                entry.document = None
            if not sections or (entry.section and entry.section != sections[-1][0]):
                sections.append((entry.section, []))
            sections[-1][1].append(entry)
        return sections


class GazetteEntry(Orderable):
    """An entry of an issue's table of contents: a catalog document, or a plain
    title (an item the catalog does not hold), under an optional heading."""

    issue = ParentalKey(
        GazetteIssuePage, on_delete=models.CASCADE, related_name="entries"
    )
    section = models.CharField(
        _("栏目标题"),
        max_length=100,
        blank=True,
        help_text=_("例如：市政府文件、市政府办公室文件；与上一条相同可留空。"),
    )
    document = models.ForeignKey(
        "disclosure_pages.DisclosureDocumentPage",
        verbose_name=_("文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gazette_entries",
    )
    title = models.CharField(
        _("标题"), max_length=255, blank=True, help_text=_("未选择文件时填写。")
    )
    page_number = models.PositiveSmallIntegerField(_("页码"), null=True, blank=True)

    panels = [
        FieldPanel("section"),
        PageChooserPanel("document", "disclosure_pages.DisclosureDocumentPage"),
        FieldPanel("title"),
        FieldPanel("page_number"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录条目")

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return self.document.title if self.document_id and self.document else ""

    def clean(self) -> None:
        super().clean()
        self.title = self.title.strip()
        if not self.document_id and not self.title:
            raise ValidationError(
                {"title": _("请选择目录条目对应的文件，或填写条目标题。")}
            )
