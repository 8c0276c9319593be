"""The addressees: organs with a disclosure office (docs/domain.md c2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureOffice(models.Model):
    """An organ's 政府信息公开工作机构: it receives that organ's applications.

    Every organ that answers in its own name (governments at every level,
    townships included, and departments) has one. The online form is offered
    on ``site``'s disclosure guide.
    """

    organization = models.OneToOneField(
        "disclosure_pages.Organization",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="disclosure_office",
    )
    site = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("受理网站"),
        on_delete=models.PROTECT,
        related_name="disclosure_offices",
        help_text=_("在哪个网站的信息公开指南上提供网上申请。"),
    )
    name = models.CharField(
        _("受理机构名称"), max_length=128, help_text=_("例如：XX市人民政府办公室。")
    )
    address = models.CharField(_("办公地址"), max_length=200)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    phone = models.CharField(_("联系电话"), max_length=64)
    fax = models.CharField(_("传真"), max_length=64, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    accepts_online = models.BooleanField(_("受理网上申请"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人员"),
        blank=True,
        related_name="disclosure_offices",
    )
    heads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("机构负责人"),
        blank=True,
        related_name="headed_disclosure_offices",
        help_text=_("可批准延期答复。"),
    )

    class Meta:
        verbose_name = _("依申请公开受理机构")
        verbose_name_plural = _("依申请公开受理机构")
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return str(self.organization)
