from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HardeningConfig(AppConfig):
    name = "hardening"
    verbose_name = _("安全加固")

    def ready(self):
        from hardening import audit

        audit.connect()
