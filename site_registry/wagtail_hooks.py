"""Admin wiring of the registry: viewset, actions, log actions, scoping hooks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    IndexView,
    InspectView,
    SnippetViewSet,
)

from core import timefmt
from site_registry import domains, lifecycle, selectors, views
from site_registry.choices import SiteKind, SiteLevel, SiteStatus
from site_registry.forms import SiteProfileAdminForm, apply_service_errors
from site_registry.models import SiteDomain, SiteProfile

NAMESPACE = "wagtailsnippets_site_registry_siteprofile"


class SiteProfileFilterSet(WagtailFilterSet):
    level = ChoiceFilter(label=_("网站级别"), choices=SiteLevel.choices)
    status = ChoiceFilter(label=_("状态"), choices=SiteStatus.choices)
    kind = ChoiceFilter(label=_("形式"), choices=SiteKind.choices)
    parent = ModelChoiceFilter(
        label=_("上级网站"), queryset=SiteProfile.objects.order_by("name")
    )

    class Meta:
        model = SiteProfile
        fields = ["level", "status", "kind", "parent"]


def _without_delete(buttons, profile):
    """Hide 删除 for a site that has been live: it is closed or merged instead."""
    if not selectors.has_been_live(profile):
        return buttons
    delete_url = reverse(f"{NAMESPACE}:delete", args=[profile.pk])
    return [
        b for b in buttons if (getattr(b, "url", "") or "").split("?")[0] != delete_url
    ]


class SiteProfileIndexView(timefmt.LocalTimeExportMixin, IndexView):
    def get_list_more_buttons(self, instance):
        return _without_delete(super().get_list_more_buttons(instance), instance)


class SiteProfileDeleteView(DeleteView):
    """Deletes a never-live site with everything opening it created."""

    def delete_action(self):
        lifecycle.delete_site(profile=self.object, user=self.request.user)


class SiteProfileInspectView(timefmt.LocalTimeInspectMixin, InspectView):
    """A site's detail: profile, domains, groups, and the office's actions."""

    def get_field_label(self, field_name, field):
        if field_name == "domains":
            return _("域名")
        return super().get_field_label(field_name, field)

    def get_domains_display_value(self):
        primary, alias = _("主域名"), _("别名")
        shown = [
            f"{domain.display_name}（{primary if domain.is_primary else alias}）"
            for domain in self.object.domains.all()
        ]
        if self.object.primary_domain is None:
            shown.insert(0, selectors.primary_domain_label(self.object))
        return "，".join(shown)

    @property
    def header_more_buttons(self):
        profile = self.object
        buttons = _without_delete(list(super().header_more_buttons), profile)
        if (
            not self.request.user.has_perm(views.CHANGE_PERMISSION)
            or not profile.is_open
        ):
            return buttons
        actions = [
            ("close", _("关闭网站"), "bin"),
            ("merge", _("整合网站"), "arrow-right"),
        ]
        if profile.is_subsite:
            actions.append(("promote", _("升级为独立网站"), "arrow-up"))
        for name, label, icon in actions:
            buttons.append(
                Button(
                    label,
                    url=reverse(
                        f"wagtailsnippets_site_registry_siteprofile:{name}",
                        args=[profile.pk],
                    ),
                    icon_name=icon,
                    priority=30,
                )
            )
        return buttons


class SiteProfileEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        return _without_delete(list(super().header_more_buttons), self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            # Raised inside Wagtail's atomic block: nothing was written.
            apply_service_errors(form, error)
            return self.form_invalid(form)

    def save_instance(self):
        # The database allows one primary per site at any moment, so a domain
        # that loses the flag must lose it before another gains it. Clear it
        # only on the domains the form demotes or deletes: modelcluster saves
        # unchanged rows as it reloads them, so clearing every row first left
        # the site with no primary domain at all (issue 13.1).
        demoted = [
            domain_form.instance.pk
            for domain_form in self.form.formsets["domains"].forms
            if domain_form.instance.pk
            and (
                domain_form.cleaned_data.get("DELETE")
                or not domain_form.cleaned_data.get("is_primary")
            )
        ]
        SiteDomain.objects.filter(pk__in=demoted).update(is_primary=False)
        instance = super().save_instance()
        domains.check_primary_domain(profile=instance)
        domains.sync_wagtail_site(profile=instance)
        return instance


def _missing(profile):
    return "，".join(selectors.missing_profile_fields(profile=profile)) or _("完整")


class SiteProfileViewSet(SnippetViewSet):
    model = SiteProfile
    icon = "site"
    menu_label = _("网站登记")
    menu_name = "site_registry"
    menu_order = 150
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = SiteProfileInspectView
    index_view_class = SiteProfileIndexView
    delete_view_class = SiteProfileDeleteView
    edit_view_class = SiteProfileEditView
    filterset_class = SiteProfileFilterSet
    edit_handler = ObjectList(SiteProfile.panels, base_form_class=SiteProfileAdminForm)
    list_per_page = 50
    list_display = [
        "name",
        Column("kind", label=_("形式"), accessor="get_kind_display"),
        Column("level", label=_("网站级别"), accessor="get_level_display"),
        "parent",
        Column("domains", label=_("主域名"), accessor=selectors.primary_domain_label),
        "code",
        Column("status", label=_("状态"), accessor="get_status_display"),
    ]
    list_export = [
        "name",
        "get_kind_display",
        "get_level_display",
        "parent",
        "domain_list",
        "code",
        "organizer",
        "operator",
        "phone",
        "email",
        "address",
        "icp_number",
        "police_number",
        "get_status_display",
        "successor",
        "created_at",
    ]
    # Model fields are headed by their verbose names; these are methods.
    export_headings = {
        "get_kind_display": _("形式"),
        "get_level_display": _("网站级别"),
        "domain_list": _("域名"),
        "get_status_display": _("状态"),
    }
    export_filename = "site-registry"
    inspect_view_fields = [
        "name",
        "kind",
        "level",
        "parent",
        "code",
        "domains",
        "organizer",
        "operator",
        "phone",
        "email",
        "address",
        "icp_number",
        "police_number",
        "status",
        "successor",
        "status_changed_at",
        "languages",
        "editors_group",
        "reviewers_group",
        "secrecy_group",
        "collection",
        "created_at",
    ]

    def get_queryset(self, request):
        return selectors.registry_listing()

    def get_urlpatterns(self):
        # "Add" opens a site in one step (pages, Wagtail site, groups) instead of
        # saving a bare profile.
        patterns = [p for p in super().get_urlpatterns() if p.name != "add"]
        return [
            *patterns,
            path("add/", views.OpenSiteView.as_view(), name="add"),
            path("close/<int:pk>/", views.CloseSiteView.as_view(), name="close"),
            path("merge/<int:pk>/", views.MergeSiteView.as_view(), name="merge"),
            path(
                "promote/<int:pk>/", views.PromoteSubsiteView.as_view(), name="promote"
            ),
        ]


register_snippet(SiteProfileViewSet)


@hooks.register("register_log_actions")
def register_site_registry_log_actions(actions):
    actions.register_action("site_registry.close", _("关闭网站"), _("关闭了网站"))
    actions.register_action("site_registry.merge", _("整合网站"), _("整合了网站"))
    actions.register_action("site_registry.demote", _("迁移为子站"), _("迁移为子站"))
    actions.register_action(
        "site_registry.promote", _("升级为独立网站"), _("升级为独立网站")
    )


@hooks.register("before_delete_snippet")
def refuse_deleting_live_sites(request, instances):
    """Every way to delete a site (detail, listing, bulk) passes here first."""
    profiles = [obj for obj in instances if isinstance(obj, SiteProfile)]
    if not profiles:
        return None
    match = request.resolver_match
    if match is None or match.view_name != f"{NAMESPACE}:delete":
        # Bulk deletion would skip the clean-up of pages, site and groups.
        message = _("网站只能在其详情页逐个删除。")
    else:
        live = [p for p in profiles if selectors.has_been_live(p)]
        if not live:
            return None
        message = lifecycle.not_deletable_message(live[0])
    return TemplateResponse(
        request,
        "site_registry/admin/refused.html",
        {"page_title": _("不能删除网站"), "message": message, "header_icon": "site"},
        status=403,
    )


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_sites(pages, request):
    """Department editors choose only pages of their own site(s)."""
    user = request.user
    if user.is_superuser:
        return pages
    explorable = page_permission_policy.explorable_instances(user)
    return pages.filter(pk__in=explorable.values_list("pk", flat=True))


@hooks.register("before_serve_page")
def serve_only_enabled_languages(page, request, serve_args, serve_kwargs):
    """/en/... answers only for pages that exist in English on a site that
    publishes English; otherwise Wagtail would fall back to the Chinese page."""
    language = get_language()
    identity = selectors.identity_for_request(request=request, page=page)
    if identity is None:
        if page.locale.language_code != language:
            raise Http404
        return
    # Compared by Locale id from the cached identity: no query per request.
    # A language the site does not publish has no id there.
    if page.locale_id != identity.locale_id_for(language):
        raise Http404
