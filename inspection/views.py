"""Admin views beyond the generic viewsets: dashboard, mark fixed, exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from inspection import reports, services, tasks
from inspection.forms import MarkFixedForm, StartRunForm
from inspection.registry import all_rules
from inspection.selectors import (
    can_audit,
    can_start_runs,
    cluster_overview,
    findings_for_user,
    indicator_coverage,
)

SPARK_WIDTH, SPARK_HEIGHT = 120, 24


def sparkline(scores) -> str:
    """SVG polyline points for scores 0–100, oldest on the left.

    A vetoed run sits at 0: it failed, whatever points it kept.
    """
    if not scores:
        return ""
    step = SPARK_WIDTH / max(len(scores) - 1, 1)
    return " ".join(
        f"{i * step:.1f},"
        f"{SPARK_HEIGHT - float(s.shown_score or 0) * SPARK_HEIGHT / 100:.1f}"
        for i, s in enumerate(scores)
    )


class AuditorOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_audit(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ClusterDashboardView(AuditorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "inspection/dashboard.html"
    page_title = gettext_lazy("网站检查总览")
    header_icon = "doc-full-inverse"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = cluster_overview()
        coverage = indicator_coverage(
            sites=[row["site"] for row in rows], installed=set(all_rules())
        )
        for row in rows:
            row["spark"] = sparkline(row["trend"])
            row["coverage"] = coverage[row["site"].pk]
        context.update(
            rows=rows,
            spark_width=SPARK_WIDTH,
            spark_height=SPARK_HEIGHT,
            can_start_runs=can_start_runs(user=self.request.user),
        )
        return context


class StartRunView(WagtailAdminTemplateMixin, TemplateView):
    """立即检查: GET asks to confirm (with an optional inspection day), POST
    starts a run of every site in the background and shows its progress page."""

    template_name = "inspection/start_run.html"
    page_title = gettext_lazy("立即检查")
    header_icon = "rotate"

    def dispatch(self, request, *args, **kwargs):
        if not can_start_runs(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", StartRunForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = StartRunForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            run = services.start_run_now(
                user=request.user,
                dispatch=tasks.dispatch_run,
                today=form.cleaned_data["today"],
            )
        except services.RunAlreadyRunning as error:
            messages.warning(request, str(error))
            return redirect("inspection_run:inspect", error.run.pk)
        messages.success(request, _("检查任务已在后台开始，本页会自动刷新进度。"))
        return redirect("inspection_run:inspect", run.pk)


class MarkFixedView(WagtailAdminTemplateMixin, FormView):
    template_name = "inspection/mark_fixed.html"
    form_class = MarkFixedForm
    page_title = gettext_lazy("标记已整改")
    header_icon = "tick"

    def dispatch(self, request, pk, *args, **kwargs):
        self.finding = get_object_or_404(findings_for_user(user=request.user), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            finding=self.finding, submit_label=_("标记已整改"), **kwargs
        )

    def form_valid(self, form):
        try:
            services.mark_fixed(
                finding=self.finding,
                user=self.request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已标记为已整改，下次检查时复核。"))
        return redirect("inspection_finding:inspect", self.finding.pk)


def _site_from_query(request):
    from site_registry.models import SiteProfile

    pk = request.GET.get("site")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise PermissionDenied
    return get_object_or_404(SiteProfile, pk=int(pk))


def export_excel(request):
    if not can_audit(user=request.user):
        raise PermissionDenied
    site = _site_from_query(request)
    response = HttpResponse(
        reports.workbook_bytes(site=site),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"inspection-{site.code or site.pk}" if site else "inspection-cluster"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def export_print(request):
    if not can_audit(user=request.user):
        raise PermissionDenied
    site = _site_from_query(request)
    return TemplateResponse(
        request, "inspection/report_print.html", reports.report_data(site=site)
    )
