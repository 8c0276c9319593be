"""Gunicorn settings for the production image; tuned by environment variables."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
# Trust X-Forwarded-* only from the reverse proxy in front of the container.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the application (and the search segmenter, config/wsgi.py) once in the
# master: the forked workers share it and none pays for it on a request.
preload_app = os.environ.get("GUNICORN_PRELOAD_APP", "1") == "1"


def post_worker_init(worker):
    """Each worker, once forked, searches once before its first request: the
    master's connections were closed before the fork (search.preload)."""
    from search.preload import warm_worker

    warm_worker()
