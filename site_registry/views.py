"""Thin admin views: each validates a form and calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.permissions import page_permission_policy

from site_registry import forms, hierarchy, lifecycle
from site_registry.models import SiteProfile

CHANGE_PERMISSION = "site_registry.change_siteprofile"
ADD_PERMISSION = "site_registry.add_siteprofile"


def can_see_whole_cluster(user) -> bool:
    """Office staff, auditors and superusers may explore the whole page tree."""
    if user.is_superuser:
        return True
    return any(
        perm.page.depth == 1
        for perm in page_permission_policy.get_cached_permissions_for_user(user)
    )


class ClusterReportView(PageTypesUsageReportView):
    """Page-type counts of every site: hidden from department editors."""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_whole_cluster(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RegistryFormView(WagtailAdminTemplateMixin, FormView):
    template_name = "site_registry/admin/form.html"
    permission = CHANGE_PERMISSION
    header_icon = "site"
    submit_label = gettext_lazy("提交")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=self.submit_label, **kwargs)

    def form_valid(self, form):
        try:
            profile = self.perform(form)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"site": profile.name})
        return redirect(
            reverse(
                "wagtailsnippets_site_registry_siteprofile:inspect", args=[profile.pk]
            )
        )


class ProfileActionView(RegistryFormView):
    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.profile = get_object_or_404(SiteProfile, pk=pk)

    def get_page_subtitle(self):
        return self.profile.name

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "profile": self.profile}


class OpenSiteView(RegistryFormView):
    form_class = forms.OpenSiteForm
    permission = ADD_PERMISSION
    page_title = gettext_lazy("开设网站")
    submit_label = gettext_lazy("开设")
    success_message = gettext_lazy("已开设“%(site)s”。")

    def perform(self, form):
        return lifecycle.open_site(**form.service_kwargs(), user=self.request.user)


class CloseSiteView(ProfileActionView):
    form_class = forms.CloseSiteForm
    page_title = gettext_lazy("关闭网站")
    submit_label = gettext_lazy("永久关闭")
    success_message = gettext_lazy("已关闭“%(site)s”。")

    def perform(self, form):
        return lifecycle.close_site(
            profile=self.profile,
            successor=form.cleaned_data["successor"],
            user=self.request.user,
        )


class MergeSiteView(ProfileActionView):
    form_class = forms.MergeSiteForm
    page_title = gettext_lazy("整合网站")
    submit_label = gettext_lazy("整合")
    success_message = gettext_lazy("已整合“%(site)s”。")

    def perform(self, form):
        return lifecycle.merge_site(
            profile=self.profile,
            into=form.cleaned_data["into"],
            as_subsite=form.cleaned_data["as_subsite"],
            user=self.request.user,
        )


class PromoteSubsiteView(ProfileActionView):
    form_class = forms.PromoteSubsiteForm
    page_title = gettext_lazy("升级为独立网站")
    submit_label = gettext_lazy("升级")
    success_message = gettext_lazy("“%(site)s”已升级为独立网站。")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("profile")
        return kwargs

    def perform(self, form):
        return hierarchy.promote_subsite(
            profile=self.profile,
            hostname=form.cleaned_data["hostname"],
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            port=self.profile.hosting_site().site.port,
            user=self.request.user,
        )
