from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core.choices import ColumnKind
from core.validators import validate_accent_colour

DEFAULT_ACCENT = "#b71c1c"


@register_setting(icon="palette")
class SiteTheme(BaseSiteSetting):
    """Per-site look within the one shared theme: accent colour and banner.

    Identity data (name, organizer, codes, logo) belongs to the site registry
    (SiteProfile); this setting only holds what editors may style.
    """

    accent_colour = models.CharField(
        _("主题色"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[validate_accent_colour],
        help_text=_("用于页头和导航的颜色，例如 #b71c1c；必须与白色文字有足够对比度。"),
    )
    banner = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("页头背景图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("装饰性背景图，置于页头主题色之下。"),
    )

    panels = [FieldPanel("accent_colour"), FieldPanel("banner")]

    class Meta:
        verbose_name = _("网站外观")
        verbose_name_plural = _("网站外观")

    def __str__(self):
        return str(self.site)


def column_kind_field(*, default: str = ColumnKind.OTHER) -> models.CharField:
    """The column kind field; each column page type sets its own default."""
    return models.CharField(
        _("栏目类型"),
        max_length=32,
        choices=ColumnKind.choices,
        default=default,
        help_text=_("网站检查按栏目类型判断更新要求，请如实选择。"),
    )


class ColumnPageMixin(models.Model):
    """Fields every column (栏目) page carries, read by the inspection rules.

    Also rendered as the ColumnName/ColumnType/ColumnDescription/ColumnKeywords
    meta tags of the page-design annex (docs/domain.md b8).
    """

    column_kind = column_kind_field()
    column_description = models.CharField(_("栏目描述"), max_length=200, blank=True)
    column_keywords = models.CharField(_("栏目关键词"), max_length=200, blank=True)

    column_panels = [
        FieldPanel("column_kind"),
        FieldPanel("column_description"),
        FieldPanel("column_keywords"),
    ]

    class Meta:
        abstract = True


class SensitiveWord(models.Model):
    """A word the office forbids in published text; publication is blocked."""

    word = models.CharField(_("敏感词"), max_length=64, unique=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词表")
        ordering = ["word"]

    def __str__(self):
        return self.word

    def clean(self):
        self.word = (self.word or "").strip()
        if not self.word:
            raise ValidationError({"word": _("敏感词不能为空。")})


def _context_field(label, help_text) -> models.CharField:
    return models.CharField(label, max_length=500, blank=True, help_text=help_text)


class CommonMisspelling(models.Model):
    """A common error in government text and its correct form; it only warns.

    The context rules keep correct phrases that contain the same characters
    from being flagged (``core.detectors.misspellings``)."""

    wrong = models.CharField(_("错误写法"), max_length=64, unique=True)
    correct = models.CharField(_("正确写法"), max_length=64)
    not_before = _context_field(
        _("前文为以下内容时不提示"),
        _("多个用 | 分隔。例如“付主任”：支|交 （“支付主任……”不是错字）。"),
    )
    not_after = _context_field(
        _("后文为以下内容时不提示"),
        _("多个用 | 分隔；$ 表示文末或标点。例如“按排”：名|序（“按排名”不是错字）。"),
    )
    only_after = _context_field(
        _("仅当后文为以下内容时提示"),
        _(
            "多个用 | 分隔；# 表示数字。"
            "例如“截止”：#|目前（“截止2025年底”应为“截至”）。"
        ),
    )
    not_later = _context_field(
        _("同句后文出现以下内容时不提示"),
        _("多个用 | 分隔。例如“既使”：又（“既使……又……”不是错字）。"),
    )
    source = models.CharField(_("出处"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("常见错别字")
        verbose_name_plural = _("常见错别字表")
        ordering = ["wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.correct}"

    def clean(self):
        self.wrong = (self.wrong or "").strip()
        self.correct = (self.correct or "").strip()
        if not self.wrong:
            raise ValidationError({"wrong": _("错误写法不能为空。")})
        if self.wrong == self.correct:
            raise ValidationError({"correct": _("正确写法不能与错误写法相同。")})
        for name in ("not_before", "not_after", "only_after", "not_later"):
            parts = [part.strip() for part in getattr(self, name).split("|")]
            parts = [part for part in parts if part]
            if any(len(part) > 20 for part in parts):
                raise ValidationError({name: _("每项不能超过20个字。")})
            setattr(self, name, "|".join(parts))
