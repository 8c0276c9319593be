from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceGuidesConfig(AppConfig):
    name = "service_guides"
    label = "service_guides"
    verbose_name = _("办事指南")
