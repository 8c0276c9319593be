"""WSGI entry point; production uses config.settings.production (see Dockerfile)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

application = get_wsgi_application()

# Servers load the search segmenter and warm the URLs, translations,
# templates and the search path before their first request (#20.7);
# management commands and tests do not import this module.
from core.warmup import warm_up  # noqa: E402
from search.preload import preload_segmenter, warm_search  # noqa: E402

preload_segmenter()
warm_up()
warm_search()
