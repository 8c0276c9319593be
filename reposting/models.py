"""Upstream library, reposts, repost rules and feed import runs.

The upstream library (统一信息资源库) is a page tree under the tree root that no
site serves: its documents are ordinary disclosure documents, so a repost
renders an upstream document exactly like an in-cluster one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page

from reposting.choices import ImportRunStatus, WithdrawnDisplay
from site_registry.choices import SiteLevel

COLUMN = "disclosure_pages.DisclosureColumnPage"


class UpstreamLibraryPage(Page):
    """The shared information library (统一信息资源库): documents from outside the
    cluster (State Council, provincial government), kept in catalog columns.

    No site serves it; its documents reach the public through reposts.
    """

    intro = models.TextField(_("说明"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [COLUMN]
    max_count = 1
    search_fields: list = []

    class Meta:
        verbose_name = _("统一信息资源库")
        verbose_name_plural = _("统一信息资源库")


class RepostPage(Page):
    """A repost (转载) of a document into a column of another site.

    It holds no content of its own: it shows the source's current content and
    metadata, so editing the source updates every repost. Created only through
    the repost action (reposting.services.repost_document).
    """

    source = models.ForeignKey(
        "disclosure_pages.DisclosureDocumentPage",
        verbose_name=_("源文件"),
        # Wagtail forbids CASCADE on pages (it corrupts the tree): deleting a
        # source deletes its reposts through the page API (signal_handlers).
        null=True,
        on_delete=models.SET_NULL,
        related_name="reposts",
    )
    # Denormalised from the tree (the parent column and its site) so that the
    # duplicate rule is a database constraint and per-site counts are one query.
    column = models.ForeignKey(
        COLUMN,
        verbose_name=_("目标栏目"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_site = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("转载网站"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reposts",
    )
    reposted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("转载人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reposted_at = models.DateTimeField(_("转载时间"), default=timezone.now)
    taken_down = models.BooleanField(
        _("随源文件撤下"),
        default=False,
        editable=False,
        help_text=_("源文件撤回时自动撤下；源文件重新发布后自动恢复。"),
    )

    content_panels = [FieldPanel("title", read_only=True)]
    promote_panels: list = []
    # Search shows the source once ("also on N sites"), never N copies.
    search_fields: list = []
    parent_page_types = [COLUMN]
    subpage_types: list[str] = []
    is_creatable = False

    class Meta:
        verbose_name = _("转载")
        verbose_name_plural = _("转载")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "column"],
                name="reposting_unique_source_column",
                violation_error_message=_("该文件已转载到这个栏目，不能重复转载。"),
            )
        ]

    def get_indexed_instance(self):
        return None

    def can_move_to(self, parent) -> bool:
        # Its column and site are recorded with it (duplicate rule, counts):
        # repost again instead of moving. Copies are refused as not creatable.
        return False

    def get_template(self, request, *args, **kwargs):
        return "reposting/repost_page.html"

    def get_context(self, request, *args, **kwargs):
        if self.source_id is None:
            raise Http404
        context = super().get_context(request, *args, **kwargs)
        from disclosure_pages.models import DisclosureDocumentPage

        source = DisclosureDocumentPage.objects.select_related(
            "organization", "subject"
        ).get(pk=self.source_id)
        withdrawn = not source.live
        if withdrawn and (
            RepostSettings.load(request_or_site=request).withdrawn_display
            == WithdrawnDisplay.TAKE_DOWN
        ):
            raise Http404
        from reposting.attribution import source_attribution

        name, link, canonical = source_attribution(source=source, request=request)
        context.update(
            source=source,
            withdrawn=withdrawn,
            source_name=name,
            source_link=link,
            canonical_url=canonical or self.get_full_url(request=request),
            # The panels other apps show on the source (e.g. its interpretations).
            related_panels=source.related_panels(request),
        )
        return context


@register_setting(icon="redirect")
class RepostSettings(BaseGenericSetting):
    """Office-wide repost options."""

    withdrawn_display = models.CharField(
        _("源文件撤回后"),
        max_length=20,
        choices=WithdrawnDisplay.choices,
        default=WithdrawnDisplay.TAKE_DOWN,
        help_text=_(
            "源文件取消发布后，各网站的转载页面随之撤下，或保留并显示“已撤回”。"
        ),
    )

    panels = [FieldPanel("withdrawn_display")]

    class Meta:
        verbose_name = _("转载设置")


class RepostRule(models.Model):
    """An office rule: documents of a kind must be reposted by all sites of a
    level within N days (e.g. 重要政策 to every township within 3 days)."""

    name = models.CharField(_("规则名称"), max_length=100)
    keyword = models.CharField(
        _("主题词包含"),
        max_length=50,
        blank=True,
        help_text=_("例如“重要政策”：主题词中含有该词的文件适用本规则。"),
    )
    organization = models.ForeignKey(
        "disclosure_pages.Organization",
        verbose_name=_("发布机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organ_code = models.CharField(
        _("发文机关代字"),
        max_length=24,
        blank=True,
        help_text=_("例如“国发”“国办发”。"),
    )
    library_only = models.BooleanField(
        _("仅统一信息资源库文件"),
        default=True,
        help_text=_("只要求转载统一信息资源库中的上级文件。"),
    )
    level = models.CharField(_("网站级别"), max_length=32, choices=SiteLevel.choices)
    days = models.PositiveSmallIntegerField(
        _("时限（天）"),
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("自源文件发布之日起多少天内应完成转载。"),
    )
    applies_from = models.DateField(
        _("适用起始日期"),
        default=timezone.localdate,
        help_text=_("只对该日期及以后发布的文件提出要求。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("keyword"),
                FieldRowPanel([FieldPanel("organization"), FieldPanel("organ_code")]),
                FieldPanel("library_only"),
            ],
            heading=_("适用文件"),
        ),
        FieldRowPanel([FieldPanel("level"), FieldPanel("days")]),
        FieldRowPanel([FieldPanel("applies_from"), FieldPanel("is_active")]),
    ]

    class Meta:
        verbose_name = _("转载规则")
        verbose_name_plural = _("转载规则")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.keyword = self.keyword.strip()
        self.organ_code = self.organ_code.strip()
        if not (self.keyword or self.organization_id or self.organ_code):
            raise ValidationError(
                _(
                    "请至少填写主题词、发布机构或发文机关代字中的一项，否则规则会要求转载所有文件。"
                )
            )


class UpstreamImportRun(ClusterableModel):
    """One run of the upstream feed importer: what it created and what it skipped."""

    source = models.CharField(_("来源地址"), max_length=500)
    column = models.ForeignKey(
        COLUMN,
        verbose_name=_("资源库栏目"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ImportRunStatus.choices,
        default=ImportRunStatus.RUNNING,
    )
    created = models.PositiveIntegerField(_("新增"), default=0)
    skipped = models.PositiveIntegerField(_("跳过"), default=0)
    message = models.TextField(_("说明"), blank=True)

    panels = [
        FieldPanel("source", read_only=True),
        FieldPanel("status", read_only=True),
        FieldPanel("message", read_only=True),
    ]

    class Meta:
        verbose_name = _("上级文件抓取记录")
        verbose_name_plural = _("上级文件抓取记录")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def skipped_report(self) -> str:
        """One line per skipped entry, for the admin's inspect view."""
        return "\n".join(
            f"#{e.position} {e.title or e.link}：{e.reason}"
            for e in self.skipped_entries.all()
        )

    skipped_report.short_description = _("跳过的条目及原因")


class UpstreamSkippedEntry(models.Model):
    """An entry of a feed that was not imported, with the reason."""

    run = models.ForeignKey(
        UpstreamImportRun,
        verbose_name=_("抓取记录"),
        on_delete=models.CASCADE,
        related_name="skipped_entries",
    )
    position = models.PositiveIntegerField(_("条目序号"))
    title = models.CharField(_("标题"), max_length=255, blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    reason = models.TextField(_("原因"))

    class Meta:
        verbose_name = _("跳过的条目")
        verbose_name_plural = _("跳过的条目")
        ordering = ["run", "position"]

    def __str__(self) -> str:
        return f"{self.position}: {self.reason}"
