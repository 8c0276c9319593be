from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("站内搜索")

    def ready(self) -> None:
        import warnings

        from search import signal_handlers

        # Synonyms are weighed with Boost; the PostgreSQL backend matches
        # without it (it weighs its rank by it) and would warn on every query.
        warnings.filterwarnings(
            "ignore",
            message="The Boost query is not supported",
            category=RuntimeWarning,
        )

        signal_handlers.register()
