"""Inspection runs, their checkpoints, findings, probe and link-check results."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from inspection.choices import (
    DEFAULT_ITEM_POINTS,
    DeductionItem,
    FindingStatus,
    Indicator,
    RunStatus,
    Severity,
)


class InspectionRun(models.Model):
    """One pass of some rules over some sites; resumable from its steps."""

    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    # Empty means every open site / every rule; kept so --resume continues the
    # same scope.
    site_codes = models.JSONField(_("检查网站"), default=list, blank=True)
    checks = models.JSONField(_("检查项"), default=list, blank=True)
    steps_total = models.PositiveIntegerField(_("步骤总数"), default=0)
    steps_done = models.PositiveIntegerField(_("已完成步骤"), default=0)
    findings_count = models.PositiveIntegerField(_("发现问题数"), default=0)
    today = models.DateField(_("检查日期"))
    # Who pressed 立即检查; empty for scheduled and command-line runs.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("检查任务")
        verbose_name_plural = _("检查任务")
        ordering = ["-started_at"]
        permissions = [("start_inspectionrun", _("可以立即发起检查"))]

    def __str__(self) -> str:
        return f"{self.today:%Y-%m-%d} #{self.pk}"

    @property
    def progress_percent(self) -> int:
        if not self.steps_total:
            return 0
        return round(100 * self.steps_done / self.steps_total)

    @property
    def sites_total(self) -> int:
        """Sites in the run's scope (every step is one rule on one site)."""
        from inspection.registry import all_rules

        rules = len(self.checks) or len(all_rules())
        return self.steps_total // rules if rules else 0

    @property
    def sites_done(self) -> int:
        # A site's score is recorded once all its rules have run.
        return self.scores.count()


class RunStep(models.Model):
    """Checkpoint: one rule finished on one site within a run."""

    run = models.ForeignKey(
        InspectionRun, on_delete=models.CASCADE, related_name="steps"
    )
    site = models.ForeignKey(
        "site_registry.SiteProfile", on_delete=models.CASCADE, related_name="+"
    )
    rule = models.CharField(max_length=64)
    finished_at = models.DateTimeField(auto_now_add=True)
    findings_count = models.PositiveIntegerField(default=0)
    # A rule that crashed on a site: its findings are left as they were.
    error = models.CharField(max_length=300, blank=True)
    # Why the rule could not judge the site (no data for it yet), if so.
    not_checked = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "site", "rule"], name="inspection_one_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.site_id}:{self.rule}"


class Finding(models.Model):
    """A problem a rule found on a site, tracked across runs until it is gone.

    Identity is (site, rule, key); ``key`` hashes the target and a fingerprint of
    the problem, so the same problem seen again updates ``last_seen``.
    """

    site = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("网站"),
        on_delete=models.CASCADE,
        related_name="inspection_findings",
    )
    rule = models.CharField(_("检查项"), max_length=64)
    key = models.CharField(max_length=64)
    indicator = models.CharField(_("指标"), max_length=4, choices=Indicator.choices)
    severity = models.CharField(_("性质"), max_length=16, choices=Severity.choices)
    # The deduction item a deduction finding counts as (blank: its indicator's
    # usual item, ``choices.INDICATOR_DEFAULT_ITEM``).
    item = models.CharField(
        _("扣分项"), max_length=32, choices=DeductionItem.choices, blank=True
    )
    # The inspection day (as-of date) of the last run that saw the problem.
    checked_on = models.DateField(_("检查日期"), null=True, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("页面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target = models.CharField(_("页面或网址"), max_length=1000, blank=True)
    message = models.CharField(_("问题"), max_length=500)
    # Personal data is masked by the detectors before it gets here.
    evidence = models.TextField(_("证据"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=FindingStatus.choices,
        default=FindingStatus.OPEN,
    )
    first_seen = models.DateTimeField(_("首次发现"))
    last_seen = models.DateTimeField(_("最近发现"))
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    times_reopened = models.PositiveIntegerField(_("重新打开次数"), default=0)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("分派时间"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分派人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fixed_at = models.DateTimeField(_("整改时间"), null=True, blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("整改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("整改说明"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("检查发现")
        verbose_name_plural = _("检查发现")
        ordering = ["-last_seen", "pk"]
        permissions = [("assign_finding", _("可以分派整改"))]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "rule", "key"], name="inspection_finding_identity"
            )
        ]
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self) -> str:
        return self.message

    @property
    def is_active(self) -> bool:
        return self.status != FindingStatus.CLOSED

    @property
    def rule_label(self) -> str:
        """The check's name as auditors know it (检查项)."""
        from inspection.registry import all_rules

        rule = all_rules().get(self.rule)
        return str(rule.label) if rule is not None else self.rule

    @property
    def public_url(self) -> str:
        """Where citizens see the problem: a web address, never a tree path.

        Runs store the page's public URL in ``target``; a finding stored before
        that holds the page's tree path, so ask the page for its URL instead.
        """
        if self.target.startswith(("http://", "https://")):
            return self.target
        if self.page is not None:
            return self.page.get_full_url() or ""
        return ""


class SiteScore(models.Model):
    """A site's result by the national scoring method after a run."""

    run = models.ForeignKey(
        InspectionRun, on_delete=models.CASCADE, related_name="scores"
    )
    site = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("网站"),
        on_delete=models.CASCADE,
        related_name="inspection_scores",
    )
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    vetoed = models.BooleanField(_("单项否决"), default=False)
    passed = models.BooleanField(_("合格"), default=False)
    veto_indicators = models.JSONField(_("否决指标"), default=list)
    deductions = models.JSONField(_("扣分明细"), default=dict)
    # One line per deduction finding: finding id, indicator, item, message,
    # the points the office's setting gave it and the points that counted
    # after the indicator's cap (``scoring.score_findings``).
    lines = models.JSONField(_("逐项扣分"), default=list, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("网站得分")
        verbose_name_plural = _("网站得分")
        ordering = ["-computed_at"]
        constraints = [
            models.UniqueConstraint(fields=["run", "site"], name="inspection_one_score")
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.score}"

    @property
    def shown_score(self):
        """The score as auditors read it: none under a veto.

        Under the national method a veto item alone makes the site 不合格 and
        the points do not count, so the stored points (often 100.0) would
        mislead beside 不合格; reports show 不计分 instead.
        """
        return None if self.vetoed else self.score


class ProbeResult(models.Model):
    """One reachability probe of a site's primary domain (V2)."""

    site = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("网站"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.CharField(_("网址"), max_length=500)
    checked_at = models.DateTimeField(_("探测时间"), db_index=True)
    ok = models.BooleanField(_("可访问"))
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("耗时（毫秒）"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("可访问性探测")
        verbose_name_plural = _("可访问性探测")
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.url} {self.checked_at:%Y-%m-%d %H:%M}"


class LinkCheckResult(models.Model):
    """Cached result of fetching an external URL; reused within the TTL."""

    url = models.CharField(_("网址"), max_length=1000, unique=True)
    checked_at = models.DateTimeField(_("检查时间"))
    ok = models.BooleanField(_("可用"))
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("外部链接检查")
        verbose_name_plural = _("外部链接检查")

    def __str__(self) -> str:
        return self.url

    def clean(self):
        if not self.url.startswith(("http://", "https://")):
            raise ValidationError({"url": _("只检查 http 或 https 网址。")})


def _points_field(item: DeductionItem) -> models.DecimalField:
    return models.DecimalField(
        item.label,
        max_digits=4,
        decimal_places=1,
        default=Decimal(DEFAULT_ITEM_POINTS[item]),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )


@register_setting(icon="doc-full-inverse")
class InspectionPointsSettings(BaseGenericSetting):
    """Points per deduction finding, one value per deduction item (扣分标准).

    The national text fixes no points per finding [U] (docs/domain.md d1): the
    office sets them here, 0 to count an item as advice only. Each item deducts
    within its indicator's weight whatever its points.
    """

    broken_link = _points_field(DeductionItem.BROKEN_LINK)
    broken_link_home = _points_field(DeductionItem.BROKEN_LINK_HOME)
    stale_column = _points_field(DeductionItem.STALE_COLUMN)
    blank_column = _points_field(DeductionItem.BLANK_COLUMN)
    basic_information = _points_field(DeductionItem.BASIC_INFORMATION)
    disclosure = _points_field(DeductionItem.DISCLOSURE)
    interpretation = _points_field(DeductionItem.INTERPRETATION)
    interaction = _points_field(DeductionItem.INTERACTION)
    misspelling = _points_field(DeductionItem.MISSPELLING)
    personal_data = _points_field(DeductionItem.PERSONAL_DATA)
    footer = _points_field(DeductionItem.FOOTER)

    panels = [FieldPanel(item.value) for item in DeductionItem]

    class Meta:
        verbose_name = _("检查扣分标准")
        verbose_name_plural = _("检查扣分标准")

    def points(self) -> dict[str, Decimal]:
        return {item.value: getattr(self, item.value) for item in DeductionItem}
