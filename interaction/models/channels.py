"""Message channels per site and who answers them (docs/interaction.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from interaction.choices import NEVER_V5_KINDS, ChannelKind

# Fixed paths under /interaction/ that a channel's slug would hide (urls.py).
RESERVED_SLUGS = frozenset({"track", "statistics", "interviews", "consultations"})


class Channel(models.Model):
    """One message channel of one site (政务咨询, 投诉, 领导信箱 …)."""

    site = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("所属网站"),
        on_delete=models.CASCADE,
        related_name="channels",
    )
    kind = models.CharField(_("渠道类型"), max_length=32, choices=ChannelKind.choices)
    name = models.CharField(_("栏目名称"), max_length=64)
    slug = models.SlugField(
        _("网址标识"),
        max_length=64,
        help_text=_("只能使用小写字母、数字和连字符，例如 zxzx。"),
    )
    intro = models.TextField(_("受理说明"), blank=True)
    departments = models.ManyToManyField(
        "disclosure_pages.Organization",
        verbose_name=_("办理单位"),
        blank=True,
        related_name="channels",
        help_text=_("可分办到的单位；留空时由网站编辑直接答复。"),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("答复时限（工作日）"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    publish_replies = models.BooleanField(
        _("公开答复"),
        default=True,
        help_text=_("来信人同意公开且审核通过的答复在网站上公开。"),
    )
    counts_for_v5 = models.BooleanField(
        _("计入单项否决V5"),
        default=True,
        help_text=_("政务咨询类渠道计入；网上信访和纪检举报渠道不计入。"),
    )
    require_name = models.BooleanField(_("姓名必填"), default=True)
    require_phone = models.BooleanField(_("电话必填"), default=True)
    require_email = models.BooleanField(_("电子邮箱必填"), default=False)
    is_active = models.BooleanField(_("开放受理"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("互动渠道")
        verbose_name_plural = _("互动渠道")
        ordering = ["site", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"], name="interaction_channel_unique_slug"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site.name} · {self.name}"

    def save(self, *args, **kwargs):
        # The statute decides, not the form: never count these for V5.
        if self.kind in NEVER_V5_KINDS:
            self.counts_for_v5 = False
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.kind in NEVER_V5_KINDS and self.counts_for_v5:
            raise ValidationError(
                {"counts_for_v5": _("网上信访和纪检举报渠道不计入单项否决V5。")}
            )
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("“%(slug)s”是系统保留的网址，请换一个。")
                    % {"slug": self.slug}
                }
            )


class HandlerAssignment(models.Model):
    """A user who answers messages for one department (办理单位)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="interaction_assignments",
    )
    organization = models.ForeignKey(
        "disclosure_pages.Organization",
        verbose_name=_("办理单位"),
        on_delete=models.CASCADE,
        related_name="handler_assignments",
    )

    class Meta:
        verbose_name = _("办理人员")
        verbose_name_plural = _("办理人员")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="interaction_handler_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization}"
