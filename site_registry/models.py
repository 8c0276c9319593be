"""The site registry: one profile per website or sub-site of the cluster."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from site_registry import validators
from site_registry.choices import ALLOWED_PARENT_LEVELS, SiteKind, SiteLevel, SiteStatus
from site_registry.querysets import SiteProfileQuerySet


class SiteProfile(index.Indexed, ClusterableModel):
    """What the e-government office registers about one website or sub-site.

    A full site owns a Wagtail ``Site`` (its primary domain) whose root page is
    ``root_page``; a sub-site (子站) is a section of its parent portal, so it has
    ``root_page`` inside the parent's tree and neither domain nor site code.
    """

    kind = models.CharField(
        _("形式"), max_length=16, choices=SiteKind.choices, default=SiteKind.SITE
    )
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("Wagtail站点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profile",
    )
    root_page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("首页"),
        on_delete=models.PROTECT,
        related_name="site_profile",
    )
    name = models.CharField(
        _("规范名称"),
        max_length=50,
        unique=True,
        help_text=_("单位全称加“网站”或“门户网站”，例如“示范市教育局网站”。"),
        error_messages={"unique": _("已有同名网站登记，规范名称不能重复。")},
    )
    code = models.CharField(
        _("网站标识码"),
        max_length=10,
        blank=True,
        validators=[validators.validate_site_code],
        help_text=_("全国政府网站信息报送系统赋予的标识码；子站没有标识码。"),
    )
    level = models.CharField(_("网站级别"), max_length=32, choices=SiteLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级网站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    organizer = models.CharField(_("主办单位"), max_length=100)
    operator = models.CharField(_("承办单位"), max_length=100, blank=True)
    phone = models.CharField(
        _("联系电话"),
        max_length=30,
        blank=True,
        validators=[validators.validate_phone],
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    icp_number = models.CharField(
        _("ICP备案号"),
        max_length=40,
        blank=True,
        validators=[validators.validate_icp_number],
    )
    police_number = models.CharField(
        _("公安机关备案号"),
        max_length=40,
        blank=True,
        validators=[validators.validate_police_number],
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("网站标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=SiteStatus.choices, default=SiteStatus.OPEN
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("承接网站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("网站关闭或整合后由哪个网站承接其内容。"),
    )
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    languages = models.ManyToManyField(
        "wagtailcore.Locale",
        verbose_name=_("其他内容语言"),
        blank=True,
        related_name="+",
        help_text=_("除简体中文外，本网站还发布哪些语言的内容。"),
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("媒体库"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    editors_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("编辑组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewers_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("审核组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The secrecy review (保密审查) of the site's publishing workflow.
    secrecy_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("保密审查组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("开通时间"), auto_now_add=True)

    objects = SiteProfileQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("level"), FieldPanel("parent")]),
                FieldPanel("code"),
                FieldPanel("logo"),
            ],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("organizer"), FieldPanel("operator")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("address"),
            ],
            heading=_("主办和联系方式"),
        ),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("police_number")],
            heading=_("备案信息"),
        ),
        InlinePanel("domains", heading=_("域名"), label=_("域名")),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organizer"),
        index.SearchField("code"),
        index.FilterField("level"),
        index.FilterField("status"),
        index.FilterField("kind"),
        index.FilterField("parent_id"),
    ]

    class Meta:
        verbose_name = _("网站")
        verbose_name_plural = _("网站登记")
        ordering = ["root_page__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="site_registry_unique_code",
                violation_error_message=_("该网站标识码已被其他网站使用。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_subsite(self) -> bool:
        return self.kind == SiteKind.SUBSITE

    @property
    def is_open(self) -> bool:
        return self.status == SiteStatus.OPEN

    @property
    def is_servable(self) -> bool:
        """Open, and for a sub-site its portal servable too (the rule of
        ``SiteProfile.objects.servable()``): a sub-site lives on its portal's
        domain, so it is closed with it."""
        profile = self
        while profile.is_open:
            if not profile.is_subsite or profile.parent_id is None:
                return True
            profile = profile.parent
        return False

    @property
    def primary_domain(self) -> SiteDomain | None:
        for domain in self.domains.all():
            if domain.is_primary:
                return domain
        return None

    @property
    def domain_list(self) -> str:
        return ", ".join(domain.display_name for domain in self.domains.all())

    def hosting_site(self) -> SiteProfile:
        """The nearest full site: the profile itself, or the sub-site's portal."""
        profile = self
        while profile.is_subsite and profile.parent_id:
            profile = profile.parent
        return profile

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.name and self.level:
            try:
                validators.validate_site_name(
                    self.name, level=self.level, is_subsite=self.is_subsite
                )
            except ValidationError as error:
                errors.setdefault("name", []).extend(error.messages)
        if self.is_subsite and self.code:
            errors.setdefault("code", []).append(_("子站没有网站标识码，请留空。"))
        if self.is_subsite and not self.parent_id:
            errors.setdefault("parent", []).append(_("子站必须属于一个上级网站。"))
        if self.parent_id:
            errors_for_parent = self._parent_errors()
            if errors_for_parent:
                errors.setdefault("parent", []).extend(errors_for_parent)
        if self.status in (SiteStatus.CLOSED, SiteStatus.MERGED):
            if self.status == SiteStatus.MERGED and not self.successor_id:
                errors.setdefault("successor", []).append(
                    _("整合的网站必须指定承接网站。")
                )
        if self.successor_id and self.pk and self.successor_id == self.pk:
            errors.setdefault("successor", []).append(_("承接网站不能是网站本身。"))
        if errors:
            raise ValidationError(errors)

    def _parent_errors(self) -> list:
        parent = self.parent
        # Walk up from the new parent: meeting this profile means a cycle.
        seen = set()
        node = parent
        while node is not None:
            if self.pk and node.pk == self.pk:
                return [_("上级网站不能是本网站或其下级网站，否则会形成循环。")]
            if node.pk in seen:
                break
            seen.add(node.pk)
            node = node.parent
        if self.level and parent.level not in ALLOWED_PARENT_LEVELS[self.level]:
            return [
                _("“%(parent)s”是%(parent_level)s，不能作为%(level)s的上级网站。")
                % {
                    "parent": parent.name,
                    "parent_level": parent.get_level_display(),
                    "level": self.get_level_display(),
                }
            ]
        return []


class SiteDomain(models.Model):
    """A host name a site answers on: one primary, any number of aliases."""

    profile = ParentalKey(
        SiteProfile,
        verbose_name=_("网站"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    hostname = models.CharField(
        _("域名"),
        max_length=253,
        unique=True,
        help_text=_("例如 www.example.gov.cn 或 示范.政务；中文域名自动转换。"),
        error_messages={
            "unique": _("该域名已登记给其他网站，同一域名不能分配给两个网站。")
        },
    )
    is_primary = models.BooleanField(
        _("主域名"),
        default=False,
        help_text=_("其他域名（别名）以301跳转到主域名的相同路径。"),
    )

    panels = [FieldPanel("hostname"), FieldPanel("is_primary")]

    class Meta:
        verbose_name = _("域名")
        verbose_name_plural = _("域名")
        ordering = ["-is_primary", "hostname"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile"],
                condition=Q(is_primary=True),
                name="site_registry_one_primary_domain",
                violation_error_message=_("每个网站只能有一个主域名。"),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return validators.display_hostname(self.hostname)

    def clean(self) -> None:
        if self.hostname:
            try:
                self.hostname = validators.normalize_hostname(self.hostname)
                validators.validate_domain_allowed(self.hostname)
            except ValidationError as error:
                raise ValidationError({"hostname": error.messages}) from None
        if (
            self.hostname
            and SiteDomain.objects.filter(hostname=self.hostname)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"hostname": _("该域名已登记给其他网站，同一域名不能分配给两个网站。")}
            )
