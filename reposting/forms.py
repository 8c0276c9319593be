"""The repost form: which sites, which column; validated server-side."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from disclosure_pages.choices import ColumnKind
from reposting import selectors, services
from site_registry.choices import SiteLevel


class RepostForm(forms.Form):
    sites = forms.ModelMultipleChoiceField(
        label=_("逐个选择网站"),
        queryset=selectors.open_sites(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("所选网站不存在或已下线。")},
    )
    parent = forms.ModelChoiceField(
        label=_("某网站的全部下级网站"),
        queryset=selectors.open_sites(),
        required=False,
        error_messages={"invalid_choice": _("所选上级网站不存在或已下线。")},
    )
    level = forms.ChoiceField(
        label=_("某一级别的全部网站"),
        choices=[("", "—"), *SiteLevel.choices],
        required=False,
        error_messages={"invalid_choice": _("网站级别不正确。")},
    )
    column_kind = forms.ChoiceField(
        label=_("目标栏目类型"),
        choices=[("", "—"), *ColumnKind.choices],
        required=False,
        initial=ColumnKind.POLICY,
        error_messages={"invalid_choice": _("栏目类型不正确。")},
    )
    column_slug = forms.CharField(
        label=_("或目标栏目标识"),
        max_length=255,
        required=False,
        help_text=_("填写后按栏目标识（slug）查找各网站的目标栏目，例如 zcwj。"),
    )
    skip_existing = forms.BooleanField(label=_("跳过已转载的网站"), required=False)

    def __init__(self, *args, source, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.user = user
        self.plan: services.RepostPlan | None = None

    def clean_column_slug(self) -> str:
        value = self.cleaned_data["column_slug"].strip()
        if value:
            try:
                validate_slug(value)
            except ValidationError as error:
                raise ValidationError(
                    _("栏目标识只能包含字母、数字、下划线和连字符。")
                ) from error
        return value

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not (data.get("sites") or data.get("parent") or data.get("level")):
            raise ValidationError(
                _("请选择转载到哪些网站：逐个勾选网站、选择上级网站或选择网站级别。")
            )
        if not (data.get("column_kind") or data.get("column_slug")):
            raise ValidationError(_("请选择目标栏目类型或填写目标栏目标识。"))
        profiles = selectors.resolve_sites(
            sites=data.get("sites") or (),
            parent=data.get("parent"),
            level=data.get("level", ""),
        )
        self.plan = services.plan_reposts(
            source=self.source,
            profiles=profiles,
            user=self.user,
            kind=data.get("column_kind", ""),
            slug=data.get("column_slug", ""),
            skip_existing=data.get("skip_existing", False),
        )
        return data
