from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    name = "interaction"
    label = "interaction"
    verbose_name = _("互动交流")

    def ready(self) -> None:
        from interaction import signal_handlers

        signal_handlers.register()
