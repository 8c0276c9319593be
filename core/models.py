from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class CommonMisspelling(models.Model):
    """A common error in government text and its correct form; it only warns."""

    wrong = models.CharField(_("错误写法"), max_length=64, unique=True)
    correct = models.CharField(_("正确写法"), max_length=64)
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
        if self.wrong and self.wrong == self.correct:
            raise ValidationError({"correct": _("正确写法不能与错误写法相同。")})
