"""Admin reports of the query log: top queries, queries with no result and
queries whose results are rarely opened (#20.8), exportable (Wagtail's report
export: XLSX/CSV). The office sees every site's searches; a site's editors see
the searches made on their own sites only. The zero-result and low-click rows
lead to a fix: the synonym and promotion forms, prefilled with the query."""

from __future__ import annotations

from urllib.parse import urlencode

import django_filters
from django.db.models import Avg, Count, Max
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from core import timefmt
from hardening.selectors import is_office_staff
from search import clicks
from search.models import SearchQueryLog
from site_registry.models import SiteProfile
from site_registry.selectors import sites_edited_by


def visible_profiles(user):
    """None for the office (every site), else the sites the user edits."""
    if is_office_staff(user):
        return None
    return sites_edited_by(user=user)


def can_view_reports(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return is_office_staff(user) or sites_edited_by(user=user).exists()


def _profile_choices(request):
    profiles = visible_profiles(request.user) if request is not None else None
    queryset = SiteProfile.objects.all() if profiles is None else profiles
    return queryset.order_by("name")


class QueryLogFilterSet(WagtailFilterSet):
    # Only the sites the user may read are offered (and accepted).
    profile = django_filters.ModelChoiceFilter(
        label=_("网站"), queryset=_profile_choices
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
        return can_view_reports(user)

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not can_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def visible(self):
        """(query log, clicks) of the sites the user may read."""
        return clicks.visible_logs(visible_profiles(self.request.user))

    def base_queryset(self):
        return self.visible()[0]

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


class ActionsColumn(Column):
    """「添加为同义词」 and 「添加为推荐结果」 for the row's query."""

    def get_value(self, instance):
        return instance.get("actions", "")


def action_links(user, query: str) -> SafeString:
    """Links to the forms prefilled with ``query``, each shown when the user
    may create that object (synonyms are the office's; promotions per role)."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.permissions import policy_registry

    links = []
    if user.has_perm("search.add_synonymgroup"):
        url = reverse("wagtailsnippets_search_synonymgroup:add")
        links.append((f"{url}?{urlencode({'terms': query})}", _("添加为同义词")))
    promotions = policy_registry.get_by_type(SearchPromotion)
    if promotions.user_has_permission(user, "add"):
        url = reverse("search_reports:promote")
        links.append((f"{url}?{urlencode({'query': query})}", _("添加为推荐结果")))
    return format_html_join(
        " ", '<a class="button button-small button-secondary" href="{}">{}</a>', links
    )


class _ActionReport(_QueryReport):
    """A report whose rows lead to a fix: a synonym or a promoted result."""

    def decorate_paginated_queryset(self, object_list):
        object_list = super().decorate_paginated_queryset(object_list)
        for row in object_list:
            row["actions"] = action_links(self.request.user, row["query"])
        return object_list


class ZeroResultQueriesReportView(_ActionReport):
    title = _("无结果检索词")
    index_url_name = "search_reports:zero_results"
    index_results_url_name = "search_reports:zero_results_results"
    columns = [*_QueryReport.columns, ActionsColumn("actions", label=_("处理"))]

    def base_queryset(self):
        return super().base_queryset().filter(result_count=0)


class LowClickQueriesReportView(_ActionReport):
    """Queries searched at least SEARCH_LOW_CLICK_MIN_SEARCHES times, with
    results, whose results are opened by fewer than SEARCH_LOW_CLICK_MAX_RATE
    of the searches."""

    title = _("低点击检索词")
    index_url_name = "search_reports:low_clicks"
    index_results_url_name = "search_reports:low_clicks_results"
    list_export = [*_QueryReport.list_export, "clicks", "click_rate"]
    export_headings = {
        **_QueryReport.export_headings,
        "clicks": _("点击次数"),
        "click_rate": _("点击率"),
    }
    columns = [
        *_QueryReport.columns,
        Column("clicks", label=_("点击次数")),
        Column("click_rate", label=_("点击率")),
        ActionsColumn("actions", label=_("处理")),
    ]

    def get_queryset(self):
        logs, click_rows = self.visible()
        return clicks.low_click_queries(logs, click_rows)

    def decorate_paginated_queryset(self, object_list):
        object_list = super().decorate_paginated_queryset(object_list)
        for row in object_list:
            rate = row["clicks"] / row["searches"] if row["searches"] else 0
            row["click_rate"] = f"{rate:.0%}"
        return object_list
