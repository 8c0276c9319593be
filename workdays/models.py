"""Official exceptions to the Monday–Friday working week (docs/domain.md g1).

Only exceptions are stored: a weekday that is a public holiday, or a weekend
day that is a make-up working day (调休上班). Every other day follows the
week.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日（放假）")
    WORKDAY = "workday", _("调休上班")


WEEKDAYS = (
    _("星期一"),
    _("星期二"),
    _("星期三"),
    _("星期四"),
    _("星期五"),
    _("星期六"),
    _("星期日"),
)


class CalendarDay(models.Model):
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=DayKind.choices)
    name = models.CharField(
        _("节日名称"), max_length=32, help_text=_("例如：春节、国庆节。")
    )
    source = models.CharField(
        _("依据"),
        max_length=200,
        blank=True,
        help_text=_("发布安排的通知及文号，例如国务院办公厅关于节假日安排的通知。"),
    )

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}（{self.name}）"

    def weekday_label(self) -> str:
        return str(WEEKDAYS[self.date.weekday()])
