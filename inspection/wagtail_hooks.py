"""Admin wiring: findings and runs viewsets, dashboard, exports, home panel."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core import timefmt
from inspection import services, views
from inspection.choices import ACTIVE_STATUSES, FindingStatus, Indicator, Severity
from inspection.forms import AssignForm
from inspection.models import Finding, InspectionRun
from inspection.permissions import FindingPermissionPolicy
from inspection.selectors import can_audit, findings_for_user, sites_of_user


class FindingFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=_("状态"), choices=FindingStatus.choices)
    severity = ChoiceFilter(label=_("性质"), choices=Severity.choices)
    indicator = ChoiceFilter(label=_("指标"), choices=Indicator.choices)
    site = ModelChoiceFilter(label=_("网站"), queryset=None)

    class Meta:
        model = Finding
        fields = ["site", "status", "severity", "indicator", "rule"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from site_registry.models import SiteProfile

        sites = SiteProfile.objects.order_by("name")
        if request is not None and not can_audit(user=request.user):
            sites = sites_of_user(user=request.user).order_by("name")
        self.filters["site"].queryset = sites


class FindingIndexView(timefmt.LocalTimeExportMixin, IndexView):
    def get_base_queryset(self):
        return findings_for_user(user=self.request.user)


class FindingInspectView(timefmt.LocalTimeInspectMixin, InspectView):
    def get_object(self, queryset=None):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(findings_for_user(user=self.request.user), pk=self.pk)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        finding = self.object
        user = self.request.user
        if finding.page_id:
            buttons.append(
                Button(
                    _("编辑页面"),
                    url=reverse("wagtailadmin_pages:edit", args=[finding.page_id]),
                    icon_name="edit",
                    priority=10,
                )
            )
        if finding.status in (FindingStatus.OPEN, FindingStatus.ASSIGNED) and (
            sites_of_user(user=user).filter(pk=finding.site_id).exists()
        ):
            buttons.append(
                Button(
                    _("标记已整改"),
                    url=reverse("inspection_finding:fixed", args=[finding.pk]),
                    icon_name="tick",
                    priority=20,
                )
            )
        return buttons


class AssignView(EditView):
    """The change view of a finding is the auditor's assignment (分派整改)."""

    page_title = _("分派整改")

    def save_instance(self):
        data = self.form.cleaned_data
        return services.assign_finding(
            finding=self.object,
            user=self.request.user,
            deadline=data["deadline"],
            note=data.get("note", ""),
        )


register_permission_policy(Finding, FindingPermissionPolicy(Finding))


class FindingViewSet(ModelViewSet):
    model = Finding
    icon = "warning"
    menu_label = _("检查发现")
    url_prefix = "inspection/findings"
    url_namespace = "inspection_finding"
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = FindingIndexView
    inspect_view_class = FindingInspectView
    edit_view_class = AssignView
    form_fields = ["deadline", "note"]
    filterset_class = FindingFilterSet
    list_per_page = 50
    list_display = [
        "message",
        "site",
        Column("indicator", label=_("指标")),
        Column("severity", label=_("性质"), accessor="get_severity_display"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        "last_seen",
        "deadline",
    ]
    inspect_view_fields = [
        "site",
        "rule",
        "indicator",
        "severity",
        "status",
        "target",
        "message",
        "evidence",
        "first_seen",
        "last_seen",
        "closed_at",
        "times_reopened",
        "deadline",
        "assigned_by",
        "assigned_at",
        "fixed_by",
        "fixed_at",
        "note",
    ]

    def get_form_class(self, for_update=False):
        return AssignForm

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if p.name not in ("add",)]
        return [
            *patterns,
            path("fixed/<int:pk>/", views.MarkFixedView.as_view(), name="fixed"),
        ]


class RunPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and can_audit(user=user)


register_permission_policy(InspectionRun, RunPermissionPolicy(InspectionRun))


class RunInspectView(timefmt.LocalTimeInspectMixin, InspectView):
    pass


class RunViewSet(ModelViewSet):
    model = InspectionRun
    inspect_view_class = RunInspectView
    icon = "history"
    menu_label = _("检查任务")
    url_prefix = "inspection/runs"
    url_namespace = "inspection_run"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    list_display = [
        "__str__",
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("progress_percent", label=_("进度（%）")),
        "steps_done",
        "steps_total",
        "findings_count",
        "started_at",
        "finished_at",
    ]


class InspectionGroup(ViewSetGroup):
    menu_label = _("网站检查")
    menu_icon = "warning"
    menu_order = 160
    items = (FindingViewSet, RunViewSet)


@hooks.register("register_admin_viewset")
def register_inspection_viewsets():
    return InspectionGroup()


class AuditorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_audit(user=request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return AuditorMenuItem(
        _("网站检查总览"),
        reverse("inspection_dashboard"),
        icon_name="doc-full-inverse",
        order=159,
    )


@hooks.register("register_admin_urls")
def register_inspection_urls():
    return [
        path(
            "inspection/",
            views.ClusterDashboardView.as_view(),
            name="inspection_dashboard",
        ),
        path("inspection/export.xlsx", views.export_excel, name="inspection_excel"),
        path("inspection/report/", views.export_print, name="inspection_print"),
    ]


class OpenFindingsPanel(Component):
    """Editors' home panel: their own sites' active findings."""

    name = "inspection_findings"
    order = 90

    def __init__(self, findings, total):
        self.findings = findings
        self.total = total

    def render_html(self, parent_context=None):
        return render_to_string(
            "inspection/home_panel.html",
            {"findings": self.findings, "total": self.total},
        )


@hooks.register("construct_homepage_panels")
def add_open_findings_panel(request, panels):
    user = request.user
    if can_audit(user=user):
        return  # auditors use the cluster dashboard
    sites = sites_of_user(user=user)
    findings = (
        Finding.objects.filter(site__in=sites, status__in=ACTIVE_STATUSES)
        .select_related("site")
        .order_by("deadline", "-last_seen")
    )
    total = findings.count()
    if total:
        panels.append(OpenFindingsPanel(list(findings[:10]), total))
