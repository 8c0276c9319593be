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


def add_items(*, site_slug: str, count: int) -> None:
    """Publish ``count`` more articles and notices on a demo site."""
    from django.utils import timezone

    from content.models import (
        ArticleIndexPage,
        ArticlePage,
        NoticeIndexPage,
        NoticePage,
    )

    for index_model, item_model, extra in [
        (ArticleIndexPage, ArticlePage, {"source": "办公室"}),
        (NoticeIndexPage, NoticePage, {"issuer": "办公室"}),
    ]:
        column = index_model.objects.get(url_path__startswith=f"/{site_slug}/")
        for number in range(count):
            column.add_child(
                instance=item_model(
                    title=f"{column.title}补充{number}",
                    slug=f"more-{number}",
                    body=[],
                    first_published_at=timezone.now(),
                    **extra,
                )
            )


def raise_home_limits(*, site_slug: str, limit: int) -> None:
    """Make every column block of a demo home page show ``limit`` items."""
    from home.models import HomePage

    home = HomePage.objects.get(url_path=f"/{site_slug}/")
    raw = home.body.raw_data
    for block in raw:
        if block["type"] == "latest_items":
            block["value"]["limit"] = limit
    home.body = list(raw)
    home.save_revision().publish()
