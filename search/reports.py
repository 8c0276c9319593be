"""Admin reports of the query log: top queries and queries with no result,
per site and for the cluster, exportable (Wagtail's report export: XLSX/CSV)."""

from __future__ import annotations

import django_filters
from django.db.models import Avg, Count, Max, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from core import timefmt
from hardening.selectors import is_office_staff
from search.models import SearchQueryLog
from site_registry.models import SiteProfile


class QueryLogFilterSet(WagtailFilterSet):
    profile = django_filters.ModelChoiceFilter(
        label=_("网站"), queryset=SiteProfile.objects.order_by("name")
    )
    whole_cluster = django_filters.BooleanFilter(label=_("全部站点范围"))
    created_at = django_filters.DateFromToRangeFilter(
        label=_("时间"), widget=DateRangePickerWidget
    )

    class Meta:
        model = SearchQueryLog
        fields = ["profile", "whole_cluster", "created_at"]


class _QueryReport(timefmt.LocalTimeExportMixin, ReportView):
    header_icon = "search"
    filterset_class = QueryLogFilterSet
    paginate_by = 50
    list_export = ["query", "searches", "average_results", "last_searched"]
    export_headings = {
        "query": _("检索词"),
        "searches": _("检索次数"),
        "average_results": _("平均结果数"),
        "last_searched": _("最近检索时间"),
    }
    columns = [
        Column("query", label=_("检索词")),
        Column("searches", label=_("检索次数")),
        Column("average_results", label=_("平均结果数")),
        Column("last_searched", label=_("最近检索时间")),
    ]

    def user_can_access(self, user) -> bool:
        return is_office_staff(user)

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not is_office_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return SearchQueryLog.objects.all()

    def get_queryset(self):
        return (
            self.base_queryset()
            .values("query")
            .annotate(
                searches=Count("pk"),
                average_results=Avg("result_count"),
                last_searched=Max("created_at"),
            )
            .order_by("-searches", "query")
        )

    def decorate_paginated_queryset(self, object_list):
        for row in object_list:
            row["average_results"] = round(row["average_results"] or 0, 1)
        return object_list


class TopQueriesReportView(_QueryReport):
    title = _("热门检索词")
    index_url_name = "search_reports:top_queries"
    index_results_url_name = "search_reports:top_queries_results"


class ZeroResultQueriesReportView(_QueryReport):
    title = _("无结果检索词")
    index_url_name = "search_reports:zero_results"
    index_results_url_name = "search_reports:zero_results_results"

    def base_queryset(self):
        return SearchQueryLog.objects.filter(Q(result_count=0))
