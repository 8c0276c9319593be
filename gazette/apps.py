from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GazetteConfig(AppConfig):
    name = "gazette"
    label = "gazette"
    verbose_name = _("政府公报")
