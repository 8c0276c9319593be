"""Admin wiring: findings and runs viewsets, dashboard, exports, home panel."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
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
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core import timefmt
from inspection import services, views
from inspection.choices import (
    ACTIVE_STATUSES,
    FindingStatus,
    Indicator,
    RunStatus,
    Severity,
)
from inspection.forms import AssignForm
from inspection.models import Finding, InspectionRun
from inspection.permissions import FindingPermissionPolicy
from inspection.selectors import (
    can_audit,
    can_start_runs,
    findings_for_user,
    sites_of_user,
)

RUN_REFRESH_SECONDS = 5


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
    """The findings list; ``?export=xlsx`` downloads the rows the filters show."""

    export_filename = "inspection-findings"
    list_export = [
        "site.name",
        "rule_label",
        "indicator",
        "get_severity_display",
        "get_status_display",
        "message",
        "evidence",
        "public_url",
        "checked_on",
        "first_seen",
        "last_seen",
        "deadline",
        "note",
    ]
    export_headings = {
        "site.name": _("网站"),
        "rule_label": _("检查项"),
        "indicator": _("指标"),
        "get_severity_display": _("性质"),
        "get_status_display": _("状态"),
        "message": _("问题"),
        "evidence": _("证据"),
        "public_url": _("网址"),
        "checked_on": _("检查日期"),
        "first_seen": _("首次发现"),
        "last_seen": _("最近发现"),
        "deadline": _("整改期限"),
        "note": _("整改说明"),
    }

    def get_base_queryset(self):
        return findings_for_user(user=self.request.user)

    def get_edit_url(self, instance):
        # A finding opens on its detail (evidence, page); 分派整改 is an action
        # there, not what a click on the problem does.
        return None

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=str(_("检查发现")))
        worksheet.append(self.get_heading(queryset, f) for f in self.list_export)
        for item in queryset:
            worksheet.append(self.generate_xlsx_row(worksheet, self.to_row_dict(item)))
        workbook.save(output)


class FindingInspectView(timefmt.LocalTimeInspectMixin, InspectView):
    """A finding: the rule, the evidence and the page with its public URL."""

    def get_object(self, queryset=None):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(findings_for_user(user=self.request.user), pk=self.pk)

    def get_rule_display_value(self):
        return self.object.rule_label

    def get_evidence_display_value(self):
        return self.object.evidence or "-"

    def get_page_display_value(self):
        page = self.object.page
        if page is None:
            return "-"
        return format_html(
            '{} （<a href="{}">{}</a>）',
            page.get_admin_display_title(),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            _("在后台编辑"),
        )

    def get_target_display_value(self):
        url = self.object.public_url
        if not url:
            return "-"
        return format_html(
            '<a href="{0}" target="_blank" rel="noopener noreferrer">{0}</a>', url
        )

    def get_field_label(self, field_name, field):
        if field_name == "target":
            return _("网址")
        return super().get_field_label(field_name, field)

    @cached_property
    def header_more_buttons(self):
        finding = self.object
        user = self.request.user
        buttons = []
        if finding.is_active and (edit_url := self.get_edit_url()):
            buttons.append(
                Button(_("分派整改"), url=edit_url, icon_name="mail", priority=5)
            )
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
        "item",
        "status",
        "message",
        "evidence",
        "page",
        "target",
        "checked_on",
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


class RunIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if can_start_runs(user=self.request.user):
            buttons.append(
                HeaderButton(
                    _("立即检查"),
                    url=reverse("inspection_run:start"),
                    icon_name="rotate",
                )
            )
        return buttons


class RunInspectView(timefmt.LocalTimeInspectMixin, InspectView):
    """A run's status and progress; reloads itself while the run is going."""

    template_name = "inspection/run_inspect.html"

    def get_progress_display_value(self):
        run = self.object
        return _("%(done)d / %(total)d 个网站（%(steps)d / %(steps_total)d 步）") % {
            "done": run.sites_done,
            "total": run.sites_total,
            "steps": run.steps_done,
            "steps_total": run.steps_total,
        }

    def get_field_label(self, field_name, field):
        if field_name == "progress":
            return _("进度")
        return super().get_field_label(field_name, field)

    def get_started_by_display_value(self):
        return self.object.started_by or _("定时任务或命令行")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["running"] = self.object.status == RunStatus.RUNNING
        context["refresh_seconds"] = RUN_REFRESH_SECONDS
        return context


class RunViewSet(ModelViewSet):
    model = InspectionRun
    inspect_view_class = RunInspectView
    icon = "history"
    menu_label = _("检查任务")
    url_prefix = "inspection/runs"
    url_namespace = "inspection_run"
    index_view_class = RunIndexView
    inspect_view_enabled = True
    inspect_view_class = RunInspectView
    copy_view_enabled = False
    form_fields = []
    list_display = [
        "__str__",
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("progress_percent", label=_("进度（%）")),
        "steps_done",
        "steps_total",
        "findings_count",
        "started_by",
        "started_at",
        "finished_at",
    ]
    inspect_view_fields = [
        "status",
        "progress",
        "findings_count",
        "started_by",
        "started_at",
        "finished_at",
        "today",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("start/", views.StartRunView.as_view(), name="start"),
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
