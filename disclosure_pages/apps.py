from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosurePagesConfig(AppConfig):
    name = "disclosure_pages"
    verbose_name = _("政府信息公开")

    def ready(self) -> None:
        # Unpublishing a document restores what it amended or repealed.
        from disclosure_pages import signal_handlers  # noqa: F401
