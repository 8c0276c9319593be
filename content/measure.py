"""Count the SQL queries of public page renders (used by tests and bench/)."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.cache import bump_content_version

# warm: every cache filled (the usual request).
# published: right after an editor publishes: cached fragments invalidated.
# cold: every cache emptied, including Wagtail's site root paths (one query per
#   site of the cluster) and image renditions.
MODES = ("warm", "published", "cold")


def count_queries(*, host: str, path: str, mode: str = "published") -> int:
    """Queries for one GET of ``path`` on ``host`` in the given cache ``mode``."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    client = Client()
    client.get(path, HTTP_HOST=host)  # renditions exist after any first view
    if mode == "published":
        bump_content_version()
    elif mode == "cold":
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    if response.status_code != 200:
        raise RuntimeError(f"{host}{path} answered {response.status_code}")
    return len(queries.captured_queries)
