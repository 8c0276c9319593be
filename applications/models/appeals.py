"""Administrative review and lawsuit outcomes entered by staff (Table 四)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.choices import AppealKind, AppealResult


class AppealRecord(models.Model):
    organization = models.ForeignKey(
        "disclosure_pages.Organization",
        verbose_name=_("被申请机关"),
        on_delete=models.PROTECT,
        related_name="disclosure_appeals",
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("相关申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    kind = models.CharField(_("类型"), max_length=24, choices=AppealKind.choices)
    filed_on = models.DateField(_("立案日期"))
    result = models.CharField(
        _("结果"),
        max_length=16,
        choices=AppealResult.choices,
        default=AppealResult.PENDING,
    )
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    case_number = models.CharField(_("案号"), max_length=64, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("行政复议、行政诉讼")
        verbose_name_plural = _("行政复议、行政诉讼")
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}"
