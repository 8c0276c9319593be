"""The catalog's column tree (#22.3): entries at the top, live counts, the
current column marked and its ancestors open, in step with the breadcrumbs.
Pages are fetched on their own host."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from disclosure_pages.choices import ColumnKind
from disclosure_pages.models import DisclosureColumnPage, DisclosureIndexPage
from tests.factories.disclosure import make_document, make_organization


@pytest.fixture
def demo_cluster(module_demo_cluster_with_content, db):
    return module_demo_cluster_with_content


def _get(client, path, host="www.localhost"):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "lxml")


def _tree_count(soup, href) -> int:
    link = soup.select_one(f'.catalog-tree a[href="{href}"]')
    text = link.find_next_sibling("span", class_="count").get_text()
    return int(re.search(r"\d+", text).group())


def _catalog(hostname="www.localhost") -> DisclosureIndexPage:
    site = Site.objects.get(hostname=hostname)
    return DisclosureIndexPage.objects.child_of(site.root_page).get()


def test_index_has_the_statutory_entries_above_the_columns(client, demo_cluster):
    soup = _get(client, "/xxgk/")
    nav = soup.select_one("details.catalog-nav nav")
    entries = [a.get_text() for a in nav.select(".catalog-entries a")]
    assert entries == [
        "政府信息公开指南",
        "政府信息公开制度",
        "政府信息公开年度报告",
        "依申请公开",
    ]
    hrefs = [a["href"] for a in nav.select(".catalog-entries a")]
    assert hrefs == [
        "/xxgk/gkzn/",
        "/xxgk/gkzd/",
        "/xxgk/ndbg/",
        "/xxgk/gkzn/#offices-heading",
    ]
    # The entries come first, then the tree of columns.
    children = [child.name for child in nav.find_all(recursive=False)]
    assert children == ["ul", "ul"]
    assert nav.select("ul")[0]["class"] == ["catalog-entries"]
    assert (
        nav.select_one(".catalog-tree a[href='/xxgk/zcwj/']").get_text() == "政策文件"
    )


def test_counts_are_the_live_public_items_of_each_column(client, demo_cluster):
    catalog = _catalog()
    zcwj = DisclosureColumnPage.objects.child_of(catalog).get(slug="zcwj")
    live = zcwj.get_children().live().public().count()
    assert live > 0
    soup = _get(client, "/xxgk/")
    assert _tree_count(soup, "/xxgk/zcwj/") == live
    # A draft does not count; a newly published document does.
    organization = make_organization()
    make_document(zcwj, organization=organization, publish=False)
    make_document(zcwj, organization=organization)
    assert _tree_count(_get(client, "/xxgk/"), "/xxgk/zcwj/") == live + 1


def test_column_page_marks_itself_opens_its_ancestors_and_agrees_with_breadcrumbs(
    client, demo_cluster
):
    catalog = _catalog()
    zcwj = DisclosureColumnPage.objects.child_of(catalog).get(slug="zcwj")
    sub = zcwj.add_child(
        instance=DisclosureColumnPage(
            title="规范性文件", slug="gfxwj", kind=ColumnKind.POLICY
        )
    )
    sub.save_revision().publish()
    make_document(sub, organization=make_organization())

    soup = _get(client, "/xxgk/zcwj/gfxwj/")
    current = soup.select(".catalog-nav [aria-current=page]")
    assert [a["href"] for a in current] == ["/xxgk/zcwj/gfxwj/"]
    # Its ancestor column is open; a column off the path is not.
    open_columns = [
        d.summary.a["href"] for d in soup.select(".catalog-tree details[open]")
    ]
    assert open_columns == ["/xxgk/zcwj/"]
    # The parent's count includes its sub-column's document.
    assert _tree_count(soup, "/xxgk/zcwj/gfxwj/") == 1
    assert _tree_count(soup, "/xxgk/zcwj/") == (
        Page.objects.child_of(zcwj)
        .live()
        .public()
        .not_type(DisclosureColumnPage)
        .count()
        + 1
    )
    # The breadcrumbs name the same chain: catalog, open column, current column.
    crumbs = [a["href"] for a in soup.select(".breadcrumbs a")]
    assert crumbs[-2:] == ["/xxgk/", "/xxgk/zcwj/"]
    assert (
        soup.select_one(".breadcrumbs [aria-current=page]").get_text() == "规范性文件"
    )
    assert crumbs[-1:] == open_columns


def test_the_tree_costs_three_queries_once_per_request(client, demo_cluster):
    client.get("/xxgk/zcwj/", HTTP_HOST="www.localhost")  # warm caches
    with CaptureQueriesContext(connection) as queries:
        client.get("/xxgk/zcwj/", HTTP_HOST="www.localhost")
    counting = [
        q["sql"] for q in queries if "COUNT(" in q["sql"] and "parent_path" in q["sql"]
    ]
    assert len(counting) == 1


def test_other_sites_catalog_shows_only_its_own_columns(client, demo_cluster):
    catalog = _catalog("fgw.localhost")
    own = set(
        DisclosureColumnPage.objects.descendant_of(catalog)
        .live()
        .public()
        .values_list("title", flat=True)
    )
    soup = _get(client, "/xxgk/", host="fgw.localhost")
    shown = {a.get_text() for a in soup.select(".catalog-tree a")}
    assert shown == own
