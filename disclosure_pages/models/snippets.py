"""Managed reference data: publishing organisations, subject taxonomy, counters."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from disclosure_pages.codes import (
    normalise_org_code,
    validate_credit_code,
    validate_org_code,
)


class Organization(index.Indexed, models.Model):
    """A publishing organisation (发布机构) with its official codes.

    The index-number prefix is its 9-character organisation code, or its
    18-character unified social credit code when it has no separate one.
    """

    name = models.CharField(
        _("机构全称"),
        max_length=128,
        unique=True,
        help_text=_("使用规范全称，不用简称。"),
    )
    short_name = models.CharField(_("机构简称"), max_length=64, blank=True)
    org_code = models.CharField(
        _("组织机构代码"),
        max_length=10,
        blank=True,
        help_text=_("9 位，例如 000014349。"),
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, help_text=_("18 位。")
    )
    # Which sites' editors choose this organisation for their documents; the
    # chooser offers an editor only their own sites' organisations.
    sites = models.ManyToManyField(
        "site_registry.SiteProfile",
        verbose_name=_("所属网站"),
        blank=True,
        related_name="organizations",
        help_text=_("在哪些网站发布文件；编辑只能选择本网站的发布机构。"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("org_code"),
        FieldPanel("credit_code"),
        FieldPanel("sites"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("org_code"),
        index.SearchField("credit_code"),
    ]

    class Meta:
        verbose_name = _("发布机构")
        verbose_name_plural = _("发布机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        self.org_code = normalise_org_code(self.org_code)
        self.credit_code = self.credit_code.strip().upper()
        if self.org_code:
            try:
                validate_org_code(self.org_code)
            except ValidationError as error:
                errors["org_code"] = error
        if self.credit_code:
            try:
                validate_credit_code(self.credit_code)
            except ValidationError as error:
                errors["credit_code"] = error
        if not self.org_code and not self.credit_code:
            errors["org_code"] = ValidationError(
                _("请至少填写组织机构代码或统一社会信用代码，索引号由它生成。")
            )
        if (
            not errors
            and self.org_code
            and self.credit_code
            and self.credit_code[8:17] != self.org_code
        ):
            errors["credit_code"] = ValidationError(
                _("统一社会信用代码第 9 至 17 位应与组织机构代码一致。")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def index_prefix(self) -> str:
        return self.org_code or self.credit_code

    @classmethod
    def choosable_by(cls, *, user) -> models.QuerySet[Organization]:
        """The organisations ``user`` may choose for a document (the chooser
        offers them, the document form checks a posted one again).

        Editors: those of the servable sites they edit. The office (who runs the
        registry or manages organisations): every organisation except those that
        belong only to sites the public cannot see (closed, merged, or a
        sub-site of a closed portal).
        """
        from site_registry.models import SiteProfile
        from site_registry.selectors import sites_edited_by

        cluster_wide = user.is_superuser or any(
            user.has_perm(perm)
            for perm in (
                "disclosure_pages.change_organization",
                "site_registry.change_siteprofile",
            )
        )
        if cluster_wide:
            closed_only = cls.objects.filter(sites__isnull=False).exclude(
                sites__in=SiteProfile.objects.servable()
            )
            return cls.objects.exclude(pk__in=closed_only.values("pk"))
        return cls.objects.filter(sites__in=sites_edited_by(user=user)).distinct()


class SubjectCategory(models.Model):
    """主题分类: the State Council policy-library taxonomy, editable (b5)."""

    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="unique_subject_name_per_parent"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="unique_top_level_subject_name",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """As catalog pages show it: ``综合政务\\政务公开``."""
        if self.parent_id:
            return f"{self.parent.name}\\{self.name}"
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.parent.parent_id:
            raise ValidationError(
                {"parent": _("主题分类只有两级，上级分类必须是一级分类。")}
            )


class IndexNumberCounter(models.Model):
    """The last serial used per organisation and year (locked while assigning)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="index_counters"
    )
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("索引号计数器")
        verbose_name_plural = _("索引号计数器")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="unique_counter_per_org_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_serial}"
