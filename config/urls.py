from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from hardening import account_views, admin_reads
from search import views as search_views
from site_registry import urls as site_registry_urls

# Error pages in the frame of the site that was asked (see core.views).
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    # Only office staff, auditors and superusers see the cluster-wide report.
    path(
        "admin/reports/page-types-usage/",
        include(site_registry_urls.page_types_usage_patterns),
    ),
    path("admin/logout/", account_views.logout, name="wagtailadmin_logout"),
    # Bulk actions list only objects the editor may read (hardening.admin_reads).
    path(
        "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/",
        admin_reads.bulk_action,
        name="wagtail_bulk_action",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # JSON search API (docs/api.md): outside the language prefix, like an API.
    path("api/search/", search_views.api_search, name="api_search"),
    path(
        "api/search/autocomplete/",
        search_views.api_autocomplete,
        name="api_search_autocomplete",
    ),
    path("elder-mode/", core_views.toggle_elder_mode, name="elder_mode"),
    path("theme.css", core_views.theme_css, name="theme_css"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Chinese pages stay at /, translations at /en/... on the same host.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/click/", search_views.click, name="search_click"),
    path("site-map/", core_views.site_map, name="site_map"),
    path("interaction/", include("interaction.urls")),
    path("applications/", include("applications.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
