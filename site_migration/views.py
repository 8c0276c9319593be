"""The 整合迁移 admin: runs, upload → dry-run report → import → its report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from site_migration import runs, tasks
from site_migration.choices import RecordKind, RunStatus
from site_migration.forms import PackageUploadForm, max_package_bytes
from site_migration.selectors import can_migrate, can_read_migrations, runs_for_user

# How often a run's page reloads itself while the run goes on (no JavaScript).
REFRESH_SECONDS = 3
ACTIVE = (RunStatus.UPLOADED, RunStatus.RUNNING)


class ReadersOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_read_migrations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OfficeOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_migrate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MigrationAdminMixin(WagtailAdminTemplateMixin):
    """Breadcrumbs: 首页 › 整合迁移 › this page (the slim header shows them)."""

    header_icon = "upload"

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.request.resolver_match.url_name != "index":
            items.append(
                {"url": reverse("site_migration:index"), "label": _("整合迁移")}
            )
        return [*items, {"url": "", "label": self.get_page_title()}]


class RunListView(ReadersOnlyMixin, MigrationAdminMixin, TemplateView):
    template_name = "site_migration/runs.html"
    page_title = gettext_lazy("整合迁移")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            runs=runs_for_user(user=self.request.user)[:200],
            can_migrate=can_migrate(self.request.user),
            **kwargs,
        )


class UploadView(OfficeOnlyMixin, MigrationAdminMixin, FormView):
    template_name = "site_migration/upload.html"
    form_class = PackageUploadForm
    page_title = gettext_lazy("上传迁移包")

    def get_context_data(self, **kwargs):
        return super().get_context_data(max_bytes=max_package_bytes(), **kwargs)

    def form_valid(self, form):
        run = runs.start_dry_run(
            user=self.request.user,
            profile=form.cleaned_data["site"],
            package=form.cleaned_data["package"],
            strict=form.cleaned_data["strict"],
            dispatch=tasks.dispatch_run,
        )
        messages.success(
            self.request, _("迁移包已上传，试运行已在后台开始，本页会自动刷新进度。")
        )
        return redirect("site_migration:run", run.pk)


def report_context(report: dict) -> dict:
    """The report of a run as rows: one per record type, errors and warnings
    apart, each problem with its line and field."""
    kinds, errors, warnings = [], [], []
    labels = dict(RecordKind.choices)
    for entry in report.get("kinds", []):
        label = labels.get(entry.get("kind"), entry.get("kind"))
        kinds.append({**entry, "label": label})
        for problem in entry.get("problems", []):
            row = {
                "kind": label,
                "line": problem.get("line"),
                "field": problem.get("field"),
                "message": problem.get("message"),
            }
            (warnings if problem.get("warning") else errors).append(row)
    return {
        "kinds": kinds,
        "errors": errors,
        "warnings": warnings,
        "messages": [str(m) for m in report.get("messages", [])],
    }


class RunView(ReadersOnlyMixin, MigrationAdminMixin, TemplateView):
    """A run's status and progress (reloading itself while it goes on), then
    its report."""

    template_name = "site_migration/run.html"

    def dispatch(self, request, pk, *args, **kwargs):
        if not can_read_migrations(request.user):
            raise PermissionDenied
        self.run = get_object_or_404(runs_for_user(user=request.user), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        if self.run.dry_run:
            return _("试运行 %(pk)d") % {"pk": self.run.pk}
        return _("正式导入 %(pk)d") % {"pk": self.run.pk}

    def get_context_data(self, **kwargs):
        run = self.run
        percent = (
            min(100, round(100 * run.records_done / run.records_total))
            if run.records_total
            else 0
        )
        imports = run.dry_run and runs_for_user(user=self.request.user).filter(
            dry_run=False, package=run.package.name, site_id=run.site_id
        )
        return super().get_context_data(
            run=run,
            active=run.status in ACTIVE,
            refresh_seconds=REFRESH_SECONDS,
            percent=percent,
            report=report_context(run.report or {}),
            can_start_import=(
                can_migrate(self.request.user)
                and run.dry_run
                and run.status == RunStatus.FINISHED
                and bool(run.package)
                and not (imports and imports.exists())
            ),
            imports=imports or [],
            **kwargs,
        )


class StartImportView(OfficeOnlyMixin, View):
    """开始正式导入 (POST only): the real run of a finished dry run's package."""

    def post(self, request, pk):
        dry_run = get_object_or_404(runs_for_user(user=request.user), pk=pk)
        try:
            run = runs.start_import(
                user=request.user, dry_run=dry_run, dispatch=tasks.dispatch_run
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("site_migration:run", dry_run.pk)
        messages.success(request, _("正式导入已在后台开始，本页会自动刷新进度。"))
        return redirect("site_migration:run", run.pk)
