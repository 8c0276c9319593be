"""A site migration (整合迁移) run and the old addresses it redirects."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from site_migration.choices import RecordKind, RunStatus


def _private_storage():
    # A callable keeps the storage out of migrations and follows settings.
    return storages["private"]


class MigrationRun(models.Model):
    """One import (or dry run) of a package into a site, with its report.

    The report is ``{"kinds": [TypeReport.as_dict(), ...], "messages": [...]}``;
    it stays in the admin after the run.
    """

    site = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("目标站点"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("站点或子站的根页面。"),
    )
    package = models.FileField(
        _("迁移包"),
        upload_to="site_migration/packages/%Y/%m/",
        storage=_private_storage,
        blank=True,
    )
    package_name = models.CharField(_("迁移包名称"), max_length=255, blank=True)
    dry_run = models.BooleanField(_("试运行"), default=False)
    strict = models.BooleanField(_("严格模式"), default=False)
    status = models.CharField(
        _("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.UPLOADED
    )
    current_kind = models.CharField(
        _("当前类型"), max_length=32, choices=RecordKind.choices, blank=True
    )
    records_total = models.PositiveIntegerField(_("记录总数"), default=0)
    records_done = models.PositiveIntegerField(_("已处理"), default=0)
    report = models.JSONField(_("报告"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("迁移任务")
        verbose_name_plural = _("迁移任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.package_name or self.pk} → {self.site}"


class MigratedUrl(models.Model):
    """An old address of a migrated record and the page that replaces it.

    The redirect itself is a row of Wagtail's redirects app (301, on the
    target site); this row remembers where it came from, so the admin can list
    old addresses that no longer resolve.
    """

    site = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("目标站点"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=32, choices=RecordKind.choices)
    source_id = models.CharField(_("原系统编号"), max_length=100)
    old_url = models.CharField(_("原网址"), max_length=500)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("新页面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    redirect = models.ForeignKey(
        "wagtailredirects.Redirect",
        verbose_name=_("重定向"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    run = models.ForeignKey(
        MigrationRun,
        verbose_name=_("迁移任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="urls",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("原网址")
        verbose_name_plural = _("原网址")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "old_url"], name="site_migration_url_unique"
            )
        ]

    def __str__(self) -> str:
        return self.old_url


class MigratedColumn(models.Model):
    """The column page a package's column record became, by its source id.

    Columns are structure pages without an ``imported`` mark of their own; this
    row is what makes a re-run of the same package update them rather than
    add them again, and what a record's ``column`` names resolve through.
    """

    site = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("目标站点"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    source_id = models.CharField(_("原系统编号"), max_length=100)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("栏目页面"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("迁移栏目")
        verbose_name_plural = _("迁移栏目")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "source_id"], name="site_migration_column_unique"
            )
        ]

    def __str__(self) -> str:
        return self.source_id
