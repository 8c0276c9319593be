"""The daily deadline reminders already sent (one per office and day)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineReminder(models.Model):
    office = models.ForeignKey(
        "applications.DisclosureOffice",
        verbose_name=_("受理机构"),
        on_delete=models.CASCADE,
        related_name="deadline_reminders",
    )
    sent_on = models.DateField(_("发送日期"))
    due_soon = models.PositiveIntegerField(_("即将到期件数"), default=0)
    overdue = models.PositiveIntegerField(_("已超期件数"), default=0)
    recipients = models.PositiveIntegerField(_("收件人数"), default=0)

    class Meta:
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "sent_on"], name="applications_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.sent_on}"
