"""Letters to applicants: editable templates and the letters sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.choices import DeliveryMethod, LetterKind, ReplyType


class LetterTemplate(models.Model):
    """A letter's wording; an organ's own template wins over the default one
    (``organization`` empty) of the same kind and reply type."""

    organization = models.ForeignKey(
        "disclosure_pages.Organization",
        verbose_name=_("机关"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="letter_templates",
        help_text=_("留空为全平台默认模板。"),
    )
    kind = models.CharField(_("文书类型"), max_length=16, choices=LetterKind.choices)
    reply_type = models.CharField(
        _("答复类型"), max_length=16, choices=ReplyType.choices, blank=True
    )
    title = models.CharField(_("文书标题"), max_length=100)
    body = models.TextField(_("正文模板"))
    legal_basis = models.TextField(_("法律依据"), blank=True)

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "reply_type"],
                name="applications_template_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return self.title


class Letter(models.Model):
    """A letter as sent: its text is frozen when issued; DOCX/PDF render from it."""

    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("申请"),
        on_delete=models.CASCADE,
        related_name="letters",
    )
    kind = models.CharField(_("文书类型"), max_length=16, choices=LetterKind.choices)
    reply_type = models.CharField(
        _("答复类型"), max_length=16, choices=ReplyType.choices, blank=True
    )
    title = models.CharField(_("文书标题"), max_length=100)
    body = models.TextField(_("正文"))
    issued_at = models.DateTimeField(_("出具时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    delivery_method = models.CharField(
        _("送达方式"), max_length=16, choices=DeliveryMethod.choices, blank=True
    )
    delivered_on = models.DateField(_("签收日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return self.title
