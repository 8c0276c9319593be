from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteRegistryConfig(AppConfig):
    name = "site_registry"
    label = "site_registry"
    verbose_name = _("网站登记")

    def ready(self):
        from site_registry import signals  # noqa: F401 - connects cache invalidation
