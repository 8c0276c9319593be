from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    label = "applications"
    verbose_name = _("依申请公开")

    def ready(self):
        from applications import signal_handlers

        signal_handlers.connect()
