from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = _("网站检查")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from inspection import permissions

        permissions.connect()
