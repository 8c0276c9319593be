"""The home page and an article render in a bounded number of queries."""

import pytest

from demo.measure import add_items, count_queries, raise_home_limits

HOME_BUDGET = 20
# 12 for the page itself, plus the page tools (#22) once per content version:
# the newer and older neighbours and the related pages. Warm, they cost none
# (tests/content/test_page_tools.py).
PAGE_BUDGET = 12
PAGE_TOOLS = 3
ARTICLE_BUDGET = PAGE_BUDGET + PAGE_TOOLS


def test_home_page_query_budget(cluster):
    published = count_queries(host="www.localhost", path="/")
    warm = count_queries(host="www.localhost", path="/", mode="warm")
    assert published <= HOME_BUDGET
    # The cached blocks spare almost every query.
    assert warm <= 6 < published


def test_home_page_queries_do_not_grow_with_items_shown(cluster):
    before = count_queries(host="www.localhost", path="/")
    add_items(site_slug="www", count=15)
    raise_home_limits(site_slug="www", limit=20)
    after = count_queries(host="www.localhost", path="/")
    assert after <= before


def test_article_page_query_budget(cluster):
    published = count_queries(host="www.localhost", path="/news/news-01/")
    assert published <= ARTICLE_BUDGET
    warm = count_queries(host="www.localhost", path="/news/news-01/", mode="warm")
    assert warm <= published


def test_column_index_queries_do_not_grow_with_items(cluster):
    before = count_queries(host="fgw.localhost", path="/news/")
    add_items(site_slug="fgw", count=10)
    assert count_queries(host="fgw.localhost", path="/news/") == before


# Rebuilt once per registry change, whatever the number of sites: the host map
# (domains with their profiles, those profiles' domains, one portal's domains)
# and the page's site identity (home paths, profile, its domains, languages).
REGISTRY_REBUILD = 3 + 4


def test_cold_caches_cost_a_bounded_number_of_extra_queries(cluster):
    """Fully cold, Wagtail reads each site's root once (8 demo sites), and the
    registry rebuilds its host map and the page's identity."""
    cold = count_queries(host="www.localhost", path="/news/news-01/", mode="cold")
    assert cold <= ARTICLE_BUDGET + 1 + len(cluster) + 3 + REGISTRY_REBUILD


@pytest.mark.parametrize(
    "path", ["/about/leaders/", "/topics/", "/site-map/", "/news/"]
)
def test_listing_pages_stay_within_the_article_budget(cluster, path):
    assert count_queries(host="jyj.localhost", path=path) <= PAGE_BUDGET + 2
