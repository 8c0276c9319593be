"""Admin wiring: the synonym snippet and the query reports."""

from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.contrib.search_promotions import views as promotion_views
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

# The office-only menu item of the audit export serves the search reports too.
from hardening.wagtail_hooks import OfficeMenuItem
from search import reports
from search.models import SynonymGroup


class SynonymGroupCreateView(CreateView):
    """The add form, prefilled from the reports' 「添加为同义词」 (?terms=…)."""

    def get_initial(self):
        initial = super().get_initial()
        terms = self.request.GET.get("terms", "").strip()
        if terms:
            initial["terms"] = terms[:500]
        return initial


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    add_view_class = SynonymGroupCreateView
    icon = "search"
    menu_label = _("同义词组")
    list_display = ["__str__", "enabled", "note"]
    list_filter = ["enabled"]
    search_fields = ["terms"]


register_snippet(SynonymGroupViewSet)


class PromoteQueryView(promotion_views.CreateView):
    """Wagtail's promotion form, prefilled from the reports' 「添加为推荐结果」
    (?query=…); it posts to Wagtail's own add view, which checks and saves."""

    def get_initial(self):
        initial = super().get_initial()
        query = self.request.GET.get("query", "").strip()
        if query:
            initial["query_string"] = query[:255]
        return initial


report_patterns = (
    [
        path("top/", reports.TopQueriesReportView.as_view(), name="top_queries"),
        path(
            "top/results/",
            reports.TopQueriesReportView.as_view(results_only=True),
            name="top_queries_results",
        ),
        path(
            "zero/", reports.ZeroResultQueriesReportView.as_view(), name="zero_results"
        ),
        path(
            "zero/results/",
            reports.ZeroResultQueriesReportView.as_view(results_only=True),
            name="zero_results_results",
        ),
        path(
            "low-clicks/",
            reports.LowClickQueriesReportView.as_view(),
            name="low_clicks",
        ),
        path(
            "low-clicks/results/",
            reports.LowClickQueriesReportView.as_view(results_only=True),
            name="low_clicks_results",
        ),
        path("promote/", PromoteQueryView.as_view(), name="promote"),
    ],
    "search_reports",
)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/search/", include(report_patterns))]


@hooks.register("register_reports_menu_item")
def register_top_queries_menu_item():
    return OfficeMenuItem(
        _("热门检索词"), reverse("search_reports:top_queries"), icon_name="search",
        order=700,
    )  # fmt: skip


class SearchReportMenuItem(MenuItem):
    """Shown to the office and to the editors of a site (their own searches)."""

    def is_shown(self, request):
        return reports.can_view_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_zero_results_menu_item():
    return SearchReportMenuItem(
        _("无结果检索词"), reverse("search_reports:zero_results"), icon_name="search",
        order=701,
    )  # fmt: skip


@hooks.register("register_reports_menu_item")
def register_low_clicks_menu_item():
    return SearchReportMenuItem(
        _("低点击检索词"), reverse("search_reports:low_clicks"), icon_name="search",
        order=702,
    )  # fmt: skip


class PendingIndexPanel(Component):
    """The dashboard tells the office when index updates are waiting for the
    search engine (#14): it was down, and they are applied when it answers."""

    name = "search_pending_index"
    order = 50

    def __init__(self, count: int):
        self.count = count

    def render_html(self, parent_context=None):
        message = gettext(
            "搜索引擎曾不可用：%(count)d 条索引更新等待写入，引擎恢复后自动完成"
            "（也可运行 manage.py retry_search_index）。"
        ) % {"count": self.count}
        return format_html('<p class="help-block help-warning">{}</p>', message)


@hooks.register("construct_homepage_panels")
def add_pending_index_panel(request, panels):
    from search.models import PendingIndexUpdate

    if request.user.is_superuser:
        count = PendingIndexUpdate.objects.count()
        if count:
            panels.append(PendingIndexPanel(count))
