from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepostingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reposting"
    verbose_name = _("转载")

    def ready(self):
        # Source withdrawal takes reposts down (signal handlers stay thin).
        from reposting import signal_handlers  # noqa: F401
