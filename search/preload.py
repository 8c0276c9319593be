"""Load the segmenter and its dictionaries when a server process starts (#20.7).

jieba reads its 350,000-word dictionary and the government word lists the
first time it cuts text: about a second that the first search of every worker
would otherwise pay. The WSGI entry point (config/wsgi.py) calls
``preload_segmenter`` once; gunicorn loads it in the master before forking
(``preload_app``), so the workers share the loaded dictionary. Management
commands and tests never load the WSGI module and skip it; the setting
``SEARCH_PRELOAD_SEGMENTER`` turns it off for servers too.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

from search import analysis

logger = logging.getLogger(__name__)


def preload_segmenter() -> bool:
    """Build the tokenizer now when the setting asks for it; True when built."""
    if not getattr(settings, "SEARCH_PRELOAD_SEGMENTER", False):
        return False
    from django.db import connections

    started = time.monotonic()
    try:
        analysis.tokenizer().check_initialized()
    except Exception:
        # A server must start even when the word lists cannot be read: the
        # first search then builds the tokenizer (and logs why) as before.
        logger.exception("Preloading the search segmenter failed")
        analysis.reset()
        return False
    finally:
        # The synonym groups were read from the database: a connection opened
        # in gunicorn's master must not be inherited by the forked workers.
        connections.close_all()
    logger.info("Search segmenter loaded in %.2f s", time.monotonic() - started)
    return True


# Any words: what is warmed is the path (backend, models, SQL compilation),
# not an answer. Nothing is recorded: the analytics live in the view.
WARM_QUERY = "政务公开 工作"


def warm_search() -> bool:
    """Run one search of the whole cluster on the citizens' backend, so the
    first visitor does not pay for the first use of the search path (#20.7).
    True when done; a failure (an unmigrated database, the engine down) is
    logged and the server starts anyway. The connections are closed after:
    none opened in gunicorn's master may reach a forked worker."""
    if not getattr(settings, "WARM_UP_ON_START", False):
        return False
    from django.db import connections

    try:
        return _warm("Search path warmed up")
    finally:
        connections.close_all()


def warm_worker() -> bool:
    """The same in a server worker before its first request (gunicorn's
    ``post_worker_init``, config/gunicorn.py). The worker keeps the
    connections it opens, so its first visitor does not pay for a new
    database connection and its first queries either."""
    if not getattr(settings, "WARM_UP_ON_START", False):
        return False
    return _warm("Worker warmed up")


def _warm(done: str) -> bool:
    from search.requests import SearchRequest
    from search.selectors.run import run_search

    started = time.monotonic()
    try:
        run_search(SearchRequest(q=WARM_QUERY, whole_cluster=True))
        _render_search_page()
    except Exception:
        logger.exception("Warming up the search failed")
        return False
    logger.info("%s in %.2f s", done, time.monotonic() - started)
    return True


def _render_search_page() -> None:
    """The search page listing documents (a filter, no words) on an open
    site (the default one first), through the whole middleware chain: the
    frame, the form, the result rows and the facets render once. A request
    without words records nothing in the search statistics."""
    from django.test import Client

    from site_registry.choices import SiteStatus
    from site_registry.models import SiteProfile

    profile = (
        SiteProfile.objects.filter(status=SiteStatus.OPEN, site__isnull=False)
        .select_related("site")
        .order_by("-site__is_default_site", "pk")
        .first()
    )
    if profile is None:
        return
    site = profile.site
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    # As the proxy hands it over: HTTPS (production redirects plain HTTP).
    response = Client().get(
        "/search/", {"type": "document"}, HTTP_HOST=host, secure=True
    )
    if response.status_code != 200:
        logger.warning("Warm-up search page answered %s", response.status_code)
