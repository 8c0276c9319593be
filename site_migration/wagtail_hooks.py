"""Admin wiring of 整合迁移: its menu item, screens and the 失效原网址 report."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from site_migration import views
from site_migration.selectors import can_migrate, can_read_migrations
from site_migration.url_report import BrokenOldUrlsReportView

migration_patterns = (
    [
        path("", views.RunListView.as_view(), name="index"),
        path("upload/", views.UploadView.as_view(), name="upload"),
        path("runs/<int:pk>/", views.RunView.as_view(), name="run"),
        path(
            "runs/<int:pk>/import/",
            views.StartImportView.as_view(),
            name="start_import",
        ),
    ],
    "site_migration",
)


class MigrationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_migrate(request.user)


class MigrationReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_migrations(request.user)


@hooks.register("register_admin_urls")
def register_migration_urls():
    return [
        path("site-migration/", include(migration_patterns)),
        path(
            "reports/old-urls/",
            BrokenOldUrlsReportView.as_view(),
            name="site_migration_broken_urls",
        ),
        path(
            "reports/old-urls/results/",
            BrokenOldUrlsReportView.as_view(results_only=True),
            name="site_migration_broken_urls_results",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_migration_menu_item():
    return MigrationMenuItem(
        _("整合迁移"), reverse("site_migration:index"), icon_name="upload", order=170
    )


@hooks.register("register_reports_menu_item")
def register_broken_urls_menu_item():
    return MigrationReportMenuItem(
        _("失效原网址"),
        reverse("site_migration_broken_urls"),
        icon_name="warning",
        order=710,
    )
