from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteMigrationConfig(AppConfig):
    name = "site_migration"
    label = "site_migration"
    verbose_name = _("整合迁移")
