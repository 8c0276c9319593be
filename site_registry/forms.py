"""Admin forms of the registry; the rules themselves live in services/models."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from site_registry import validators
from site_registry.choices import SiteKind, SiteLevel
from site_registry.models import SiteProfile


def servable_profiles():
    """Sites another site may go under, hand over to or merge into."""
    return SiteProfile.objects.servable().order_by("name")


def _normalized(hostname: str) -> str:
    try:
        return validators.normalize_hostname(hostname)
    except ValidationError:
        return hostname


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the matching form fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class OpenSiteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("形式"),
        choices=SiteKind.choices,
        initial=SiteKind.SITE,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("规范名称"), max_length=50)
    level = forms.ChoiceField(label=_("网站级别"), choices=SiteLevel.choices)
    parent = forms.ModelChoiceField(
        label=_("上级网站"), queryset=SiteProfile.objects.none(), required=False
    )
    hostname = forms.CharField(
        label=_("主域名"),
        required=False,
        help_text=_("独立网站必填，例如 www.example.gov.cn；子站不填。"),
    )
    aliases = forms.CharField(
        label=_("别名域名"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个，访问时301跳转到主域名。"),
    )
    subsite_slug = forms.CharField(
        label=_("子站路径"),
        required=False,
        help_text=_("子站必填：在上级网站域名下的路径，例如 qtz 对应 /qtz/。"),
    )
    code = forms.CharField(label=_("网站标识码"), required=False, max_length=10)
    organizer = forms.CharField(label=_("主办单位"), max_length=100)
    operator = forms.CharField(label=_("承办单位"), max_length=100, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("联系地址"), max_length=200, required=False)
    icp_number = forms.CharField(label=_("ICP备案号"), max_length=40, required=False)
    police_number = forms.CharField(
        label=_("公安机关备案号"), max_length=40, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = servable_profiles()

    def clean(self):
        data = super().clean()
        if data.get("kind") == SiteKind.SUBSITE:
            data["hostname"] = data.get("hostname", "")
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        kind = data.pop("kind")
        aliases = [line for line in data.pop("aliases").splitlines() if line.strip()]
        if kind == SiteKind.SUBSITE:
            if not data["subsite_slug"]:
                raise ValidationError({"subsite_slug": _("子站必须填写子站路径。")})
        else:
            data["subsite_slug"] = ""
        return {**data, "aliases": aliases}


class CloseSiteForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("承接网站"),
        queryset=SiteProfile.objects.none(),
        required=False,
        help_text=_("关闭后提示页面会指向承接网站；没有可不选。"),
    )

    def __init__(self, *args, profile: SiteProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = servable_profiles().exclude(pk=profile.pk)


class MergeSiteForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("并入网站"), queryset=SiteProfile.objects.none()
    )
    as_subsite = forms.BooleanField(
        label=_("迁移为子站"),
        required=False,
        help_text=_(
            "勾选后，本网站的页面迁入并入网站，成为其子站，旧域名的各路径301跳转到新地址。"
        ),
    )

    def __init__(self, *args, profile: SiteProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = servable_profiles().exclude(pk=profile.pk)


class PromoteSubsiteForm(forms.Form):
    name = forms.CharField(
        label=_("规范名称"),
        max_length=50,
        required=False,
        help_text=_("独立网站的规范名称；留空则在原名称后加“网站”。"),
    )
    hostname = forms.CharField(label=_("主域名"))
    code = forms.CharField(label=_("网站标识码"), required=False, max_length=10)


class SiteProfileAdminForm(WagtailAdminModelForm):
    """The registry edit form: domains must fit the site's form."""

    def clean(self):
        data = super().clean()
        domains = self.formsets.get("domains")
        if domains is None or not domains.is_valid():
            return data
        kept = [
            form.cleaned_data
            for form in domains.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        primaries = [d for d in kept if d.get("is_primary")]
        if self.instance.is_subsite:
            if primaries:
                self.add_error(None, _("子站使用上级网站的域名，不能设置主域名。"))
            known = set(self.instance.domains.values_list("hostname", flat=True))
            if any(_normalized(d.get("hostname", "")) not in known for d in kept):
                self.add_error(
                    None,
                    _("子站不能新增域名；原有域名仅用于跳转到子站的新地址。"),
                )
        elif len(primaries) != 1:
            self.add_error(None, _("独立网站必须有且只有一个主域名。"))
        return data
