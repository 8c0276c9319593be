"""WSGI entry point; production uses config.settings.production (see Dockerfile)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

application = get_wsgi_application()

# Servers load the search segmenter before their first request (#20.7);
# management commands and tests do not import this module.
from search.preload import preload_segmenter  # noqa: E402

preload_segmenter()
