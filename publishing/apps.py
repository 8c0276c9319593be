from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("发布保障")

    def ready(self):
        from publishing import signal_handlers
        from publishing.gate import install_publish_gate

        install_publish_gate()
        signal_handlers.connect()
