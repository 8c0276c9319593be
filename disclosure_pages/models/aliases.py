"""Legacy values an import maps onto the managed lists (整合迁移, issue #19).

Old sites label documents with words the managed lists do not have (文种
“办法”, an older subject name such as “环境保护”). The e-government office
keeps one table of such words and what each means here; an importer looks a
value up in it before falling back to 其他 with a warning (docs/domain.md b4a).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from disclosure_pages.choices import Genre, Validity


class AliasKind(models.TextChoices):
    GENRE = "genre", _("公文种类")
    SUBJECT = "subject", _("主题分类")
    VALIDITY = "validity", _("有效性")


_SPACES = re.compile(r"\s+")


def normalise_legacy_value(value: str) -> str:
    """How legacy values are compared: no spaces (also full-width ones)."""
    return _SPACES.sub("", value or "").replace("\u3000", "")


class LegacyAlias(models.Model):
    """One legacy word and the managed value it stands for."""

    kind = models.CharField(_("类别"), max_length=16, choices=AliasKind.choices)
    legacy_value = models.CharField(
        _("旧值"),
        max_length=64,
        help_text=_("旧网站或导入文件中使用的写法，例如“办法”。"),
    )
    genre = models.CharField(
        _("对应公文种类"), max_length=32, choices=Genre.choices, blank=True
    )
    subject = models.ForeignKey(
        "disclosure_pages.SubjectCategory",
        verbose_name=_("对应主题分类"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    validity = models.CharField(
        _("对应有效性"), max_length=16, choices=Validity.choices, blank=True
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("legacy_value"),
        FieldPanel("genre"),
        FieldPanel("subject"),
        FieldPanel("validity"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("旧值对照")
        verbose_name_plural = _("旧值对照")
        ordering = ["kind", "legacy_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "legacy_value"],
                name="unique_legacy_alias_per_kind",
                violation_error_message=_(
                    "该类别下已有同一旧值的对照，请直接修改原有条目。"
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.legacy_value} → {self.target_label}"

    @property
    def target_label(self) -> str:
        """The managed value it maps to, as shown."""
        if self.kind == AliasKind.GENRE:
            return self.get_genre_display()
        if self.kind == AliasKind.VALIDITY:
            return self.get_validity_display()
        return self.subject.full_name if self.subject_id else ""

    target_label.fget.short_description = _("对应值")

    def clean(self) -> None:
        self.legacy_value = normalise_legacy_value(self.legacy_value)
        targets = {
            AliasKind.GENRE: ("genre", bool(self.genre)),
            AliasKind.SUBJECT: ("subject", self.subject_id is not None),
            AliasKind.VALIDITY: ("validity", bool(self.validity)),
        }
        if self.kind not in targets:
            return
        name, present = targets[self.kind]
        if not present:
            raise ValidationError({name: _("请选择该旧值对应的值。")})
        # Only the target of its kind is kept: the others would be ignored anyway.
        if self.kind != AliasKind.GENRE:
            self.genre = ""
        if self.kind != AliasKind.SUBJECT:
            self.subject = None
        if self.kind != AliasKind.VALIDITY:
            self.validity = ""
