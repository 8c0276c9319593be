"""Background pulls of the configured upstream feeds (django-tasks).

Schedule ``manage.py pull_upstream --configured`` from cron (see README), or
enqueue ``pull_configured_feeds`` from a scheduler that drives django-tasks.
"""

from django.conf import settings
from django_tasks import task


@task()
def pull_configured_feeds() -> list[int]:
    """Pull every feed of REPOSTING_UPSTREAM_FEEDS; returns the run ids."""
    from reposting.services import pull_feed_config

    return [
        pull_feed_config(config=config).pk
        for config in getattr(settings, "REPOSTING_UPSTREAM_FEEDS", [])
    ]
