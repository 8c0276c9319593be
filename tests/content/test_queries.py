"""The home page and an article render in a bounded number of queries."""

import pytest
from django.utils import timezone

from content.measure import count_queries
from content.models import ArticleIndexPage, ArticlePage, NoticeIndexPage, NoticePage
from home.models import HomePage

HOME_BUDGET = 20
ARTICLE_BUDGET = 12


def _add_items(site_slug: str, count: int) -> None:
    news = ArticleIndexPage.objects.get(url_path=f"/{site_slug}/news/")
    notices = NoticeIndexPage.objects.get(url_path=f"/{site_slug}/notices/")
    for number in range(count):
        news.add_child(
            instance=ArticlePage(
                title=f"新增动态{number}",
                slug=f"more-{number}",
                source="办公室",
                body=[],
                first_published_at=timezone.now(),
            )
        )
        notices.add_child(
            instance=NoticePage(
                title=f"新增通知{number}",
                slug=f"more-{number}",
                issuer="办公室",
                body=[],
                first_published_at=timezone.now(),
            )
        )


def _raise_limits(site_slug: str, limit: int) -> None:
    home = HomePage.objects.get(url_path=f"/{site_slug}/")
    raw = home.body.raw_data
    for block in raw:
        if block["type"] == "latest_items":
            block["value"]["limit"] = limit
    home.body = list(raw)
    home.save_revision().publish()


def test_home_page_query_budget(cluster):
    published = count_queries(host="www.localhost", path="/")
    warm = count_queries(host="www.localhost", path="/", mode="warm")
    assert published <= HOME_BUDGET
    # The cached blocks spare almost every query.
    assert warm <= 6 < published


def test_home_page_queries_do_not_grow_with_items_shown(cluster):
    before = count_queries(host="www.localhost", path="/")
    _add_items("www", 15)
    _raise_limits("www", 20)
    after = count_queries(host="www.localhost", path="/")
    assert after <= before


def test_article_page_query_budget(cluster):
    published = count_queries(host="www.localhost", path="/news/news-01/")
    assert published <= ARTICLE_BUDGET
    warm = count_queries(host="www.localhost", path="/news/news-01/", mode="warm")
    assert warm <= published


def test_column_index_queries_do_not_grow_with_items(cluster):
    before = count_queries(host="fgw.localhost", path="/news/")
    _add_items("fgw", 10)
    assert count_queries(host="fgw.localhost", path="/news/") == before


def test_cold_caches_cost_a_bounded_number_of_extra_queries(cluster):
    """Fully cold, Wagtail reads each site's root once (7 demo sites)."""
    cold = count_queries(host="www.localhost", path="/news/news-01/", mode="cold")
    assert cold <= ARTICLE_BUDGET + 1 + len(cluster) + 3


@pytest.mark.parametrize(
    "path", ["/about/leaders/", "/topics/", "/site-map/", "/news/"]
)
def test_listing_pages_stay_within_the_article_budget(cluster, path):
    assert count_queries(host="jyj.localhost", path=path) <= ARTICLE_BUDGET + 2
