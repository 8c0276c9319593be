"""Admin screens of the statistics part: due-soon and overdue lists, Tables
三 and 四 for an organ or a government with its Excel export.

Every list and count starts from what the user may read (selectors.access):
an organ's office sees its own organs only, the office and auditors all.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from applications.choices import AppealKind
from applications.selectors import access, deadlines, scopes
from applications.selectors.statistics import COLUMN_LABELS, table_four, table_three
from applications.services.exports import workbook_bytes
from disclosure_pages.models import Organization

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ApplicationsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not access.can_see_applications(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def detail_url(application) -> str:
    return reverse("applications_handling:inspect", args=[application.pk])


class DeadlineListView(ApplicationsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """即将到期 / 已超期, optionally for one organ, first page first."""

    template_name = "applications/statistics/deadlines.html"
    header_icon = "time"
    kind = "due_soon"

    def get_page_title(self):
        if self.kind == "overdue":
            return gettext_lazy("已超期的申请")
        return gettext_lazy("即将到期的申请")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = access.applications_for_user(self.request.user)
        organs = Organization.objects.filter(
            pk__in=visible.values("organization_id")
        ).order_by("name")
        chosen = self.request.GET.get("organization", "")
        if chosen.isdigit():
            visible = visible.filter(organization_id=int(chosen))
        today = timezone.localdate()
        if self.kind == "overdue":
            rows = deadlines.overdue(visible, today=today)
        else:
            rows = deadlines.due_soon(visible, today=today)
        rows = rows.only(
            "pk",
            "registration_number",
            "info_title",
            "status",
            "due_date",
            "correction_due",
            "organization__name",
        )
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        for application in page:
            application.detail_url = detail_url(application)
            application.kind_label = deadlines.KIND_LABELS.get(
                getattr(application, "deadline_kind", ""), ""
            )
        context.update(
            page=page,
            organs=organs,
            chosen=chosen,
            kind=self.kind,
            today=today,
            due_soon_days=deadlines.DUE_SOON_DAYS,
        )
        return context


def _year(request) -> int:
    value = request.GET.get("year", "")
    this_year = timezone.localdate().year
    if value.isdigit() and 2008 <= int(value) <= this_year:
        return int(value)
    return this_year - 1  # the annual report is about the last year


class StatisticsView(ApplicationsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Tables 三 and 四 for a scope and year; ``?export=xlsx`` downloads them."""

    template_name = "applications/statistics/tables.html"
    page_title = gettext_lazy("依申请公开统计")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        scope = scopes.scope_for_user(request.user, request.GET.get("scope"))
        if scope is None:
            raise PermissionDenied
        year = _year(request)
        self.scope, self.year = scope, year
        self.three = table_three(organization_ids=scope.organization_ids, year=year)
        self.four = table_four(organization_ids=scope.organization_ids, year=year)
        if request.GET.get("export") == "xlsx":
            response = HttpResponse(
                workbook_bytes(title=scope.label, three=self.three, four=self.four),
                content_type=XLSX,
            )
            name = f"applications-{scope.key.replace(':', '-')}-{year}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        context.update(
            scopes=scopes.scopes_for_user(self.request.user),
            scope=self.scope,
            year=self.year,
            years=list(range(this_year, this_year - 10, -1)),
            three=self.three,
            four=self.four,
            columns=COLUMN_LABELS,
            four_rows=[
                (label, self.four.blocks[kind]) for kind, label in AppealKind.choices
            ],
        )
        return context
