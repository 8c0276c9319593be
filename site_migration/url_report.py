"""The 失效原网址 report: migrated old URLs that no longer lead to a live page,
per site, exportable (Wagtail's report export: XLSX/CSV)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from core import timefmt
from site_migration.models import MigratedUrl
from site_migration.selectors import broken_old_urls, can_read_migrations
from site_registry.models import SiteProfile


class BrokenUrlFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(
        label=_("网站"),
        # Closed sites too: their old URLs may still be listed.
        queryset=SiteProfile.objects.filter(root_page__isnull=False).order_by(
            "root_page__path"
        ),
        method="filter_site",
    )

    class Meta:
        model = MigratedUrl
        fields = ["site", "kind"]

    def filter_site(self, queryset, name, value):
        return queryset.filter(site_id=value.root_page_id) if value else queryset


class BrokenOldUrlsReportView(timefmt.LocalTimeExportMixin, ReportView):
    title = _("失效原网址")
    header_icon = "warning"
    index_url_name = "site_migration_broken_urls"
    index_results_url_name = "site_migration_broken_urls_results"
    filterset_class = BrokenUrlFilterSet
    paginate_by = 50
    list_export = [
        "old_url",
        "site.title",
        "kind_label",
        "source_id",
        "page_title",
        "reason",
        "created_at",
    ]
    export_headings = {
        "old_url": _("原网址"),
        "site.title": _("网站"),
        "kind_label": _("类型"),
        "source_id": _("原系统编号"),
        "page_title": _("新页面"),
        "reason": _("失效原因"),
        "created_at": _("迁移时间"),
    }
    columns = [
        Column("old_url", label=_("原网址")),
        Column("site", label=_("网站"), accessor="site.title"),
        Column("kind", label=_("类型"), accessor="kind_label"),
        Column("source_id", label=_("原系统编号")),
        Column("page", label=_("新页面"), accessor="page_title"),
        Column("reason", label=_("失效原因")),
        Column("created_at", label=_("迁移时间")),
    ]

    def user_can_access(self, user) -> bool:
        return can_read_migrations(user)

    def dispatch(self, request, *args, **kwargs):
        if not can_read_migrations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return broken_old_urls(user=self.request.user)

    def decorate_paginated_queryset(self, object_list):
        for row in object_list:
            _decorate(row)
        return object_list

    def to_row_dict(self, item):
        return super().to_row_dict(_decorate(item))


def _decorate(row: MigratedUrl) -> MigratedUrl:
    row.kind_label = row.get_kind_display()
    row.page_title = row.page.title if row.page_id else ""
    return row
