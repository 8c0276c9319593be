from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosurePagesConfig(AppConfig):
    name = "disclosure_pages"
    verbose_name = _("政府信息公开")

    def ready(self):
        from disclosure_pages import signals  # noqa: F401 - connects the relay
