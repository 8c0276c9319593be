"""The cluster's publication time limit (docs/domain.md c1), edited by the office."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

# Regulations art. 26: within 20 working days of being formed or changed.
STATUTORY_WORKING_DAYS = 20


@register_setting(icon="date")
class PublicationDeadlineSettings(BaseGenericSetting):
    """How many working days after its 成文日期 a document must be public.

    One value for the whole cluster: the statutory 20, or a stricter local
    rule (e.g. 10 working days in a county's work plan)."""

    working_days = models.PositiveSmallIntegerField(
        _("公开时限（工作日）"),
        default=STATUTORY_WORKING_DAYS,
        validators=[
            MinValueValidator(1),
            MaxValueValidator(STATUTORY_WORKING_DAYS),
        ],
        help_text=_(
            "政府信息自形成（成文）之日起应在此期限内公开。条例规定为20个工作日，"
            "本地规定更严的可以缩短。"
        ),
    )
    basis = models.CharField(
        _("依据"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("例如：《中华人民共和国政府信息公开条例》第二十六条。"),
    )

    panels = [FieldPanel("working_days"), FieldPanel("basis")]

    class Meta:
        verbose_name = _("公开时限")
