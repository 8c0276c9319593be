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
