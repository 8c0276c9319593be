"""Per-organ, per-year serials of registration numbers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationCounter(models.Model):
    """The last serial given to an organ's applications in a year.

    The registration service locks this row (SELECT … FOR UPDATE) to draw the
    next serial, so two applications arriving at once never share a number.
    """

    organization = models.ForeignKey(
        "disclosure_pages.Organization",
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last_serial = models.PositiveIntegerField(_("已用流水号"), default=0)

    class Meta:
        verbose_name = _("登记编号计数")
        verbose_name_plural = _("登记编号计数")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="applications_counter_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_serial}"
