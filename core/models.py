import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
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


# Tolerance for the clocks of the web and database servers.
PUBLISH_CLOCK_SKEW = datetime.timedelta(minutes=5)


class ImportedPageMixin(models.Model):
    """Marks of a page brought in by a site migration (整合迁移, docs/domain.md).

    An imported page keeps the first publication date of its old site; any
    other page's date is the moment it really went live and can never be set
    in the past, nor changed once published (veto item V1). The marks belong to
    the page, not to a revision: editors never see or change them.
    """

    imported = models.BooleanField(_("迁移导入"), default=False, editable=False)
    imported_at = models.DateTimeField(_("导入时间"), null=True, editable=False)
    source_id = models.CharField(
        _("导入标识"), max_length=100, blank=True, editable=False, db_index=True
    )

    # A copy is a new page of the platform: not imported, no package key.
    exclude_fields_in_copy = ["imported", "imported_at", "source_id"]

    class Meta:
        abstract = True

    def with_content_json(self, content):
        # Publishing an old or tampered revision never changes the marks
        # (Wagtail keeps first_published_at the same way).
        obj = super().with_content_json(content)
        obj.imported = self.imported
        obj.imported_at = self.imported_at
        obj.source_id = self.source_id
        return obj

    def clean(self):
        super().clean()
        message = self.backdating_error()
        if message:
            raise ValidationError(message)

    def backdating_error(self) -> str | None:
        """Why this page's first publication date is refused, or None."""
        in_past = bool(
            self.first_published_at
            and self.first_published_at < timezone.now() - PUBLISH_CLOCK_SKEW
        )
        if not self.pk:
            if in_past and not self.imported:
                return _("发布日期只能是真实的首次发布时间，不能倒填。")
            return None
        stored = (
            type(self)
            .objects.filter(pk=self.pk)
            .values("first_published_at", "last_published_at", "imported")
            .first()
        )
        if stored is None or stored["imported"]:
            return None
        published = stored["first_published_at"]
        if published and self.first_published_at != published:
            return _("发布日期只能是真实的首次发布时间，不能更改。")
        # Never published yet (a draft row carrying a date): the date is only
        # real if it is the moment of this first publication.
        if (published is None or stored["last_published_at"] is None) and in_past:
            return _("发布日期只能是真实的首次发布时间，不能倒填。")
        return None


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
