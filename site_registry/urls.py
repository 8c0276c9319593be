from django.urls import path

from site_registry.views import ClusterReportView

# Mounted in config/urls.py in front of Wagtail's own report URLs.
page_types_usage_patterns = [
    path("", ClusterReportView.as_view()),
    path("results/", ClusterReportView.as_view(results_only=True)),
]
