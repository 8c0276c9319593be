"""Menus, breadcrumbs, site maps and error pages across two sites."""

import re

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from wagtail.models import Page

from content.models import ArticlePage


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    menu = re.search(r'<ul class="menu">.*?</ul>', nav, re.S).group(0)
    return re.findall(r"<a [^>]*>([^<]+)</a>", menu)


def _crumbs(html: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li.*?</li>", nav, re.S)
    ]


EXPECTED_MENU = [
    "首页",
    "政务动态",
    "通知公告",
    "政府信息公开",
    "办事服务",
    "互动交流",
    "专题专栏",
    "机构概况",
]


@pytest.mark.parametrize("host", ["www.localhost", "fgw.localhost"])
def test_menu_is_the_sites_own_top_level(client, cluster, host):
    html = client.get("/", HTTP_HOST=host).content.decode()
    assert _menu(html) == EXPECTED_MENU
    assert 'href="/" aria-current="page"' in html


def test_menu_follows_editor_order_and_hides_pages(client, cluster):
    home = cluster["fgw"].root_page
    about = Page.objects.get(url_path="/fgw/about/")
    about.move(home, pos="first-child")
    services = Page.objects.get(url_path="/fgw/services/").specific
    services.show_in_menus = False
    services.save_revision().publish()
    menu = _menu(client.get("/", HTTP_HOST="fgw.localhost").content.decode())
    assert menu[:3] == ["首页", "机构概况", "政务动态"]
    assert "办事服务" not in menu
    # The other site is untouched.
    assert (
        _menu(client.get("/", HTTP_HOST="www.localhost").content.decode())
        == EXPECTED_MENU
    )


def test_menu_marks_the_current_section(client, cluster):
    html = client.get("/news/news-03/", HTTP_HOST="www.localhost").content.decode()
    assert re.search(r'<a href="/news/" aria-current="true">政务动态</a>', html)


@pytest.mark.parametrize(
    ("host", "path", "crumbs"),
    [
        (
            "www.localhost",
            "/news/news-01/",
            ["首页", "政务动态", "示范市人民政府召开全体会议部署近期重点工作"],
        ),
        (
            "fgw.localhost",
            "/about/leaders/leader-1/",
            ["首页", "机构概况", "领导信息", "张明华"],
        ),
        ("fgw.localhost", "/xxgk/", ["首页", "政府信息公开"]),
        ("www.localhost", "/site-map/", ["首页", "网站地图"]),
    ],
)
def test_breadcrumbs_start_at_the_sites_home(client, cluster, host, path, crumbs):
    html = client.get(path, HTTP_HOST=host).content.decode()
    assert _crumbs(html) == crumbs
    assert '<li aria-current="page">' in html


def test_home_page_has_no_breadcrumbs(client, cluster):
    assert (
        'class="breadcrumbs'
        not in client.get("/", HTTP_HOST="jd.localhost").content.decode()
    )


def test_site_map_lists_columns_not_items(client, cluster):
    html = client.get("/site-map/", HTTP_HOST="fgw.localhost").content.decode()
    for title in [
        "政务动态",
        "通知公告",
        "政府信息公开",
        "机构概况",
        "机构职能",
        "领导信息",
    ]:
        assert f">{title}</a>" in html
    assert (
        ArticlePage.objects.filter(url_path__startswith="/fgw/").first().title
        not in html
    )
    assert "网站群导航" not in html  # the portal's page, not this site's
    assert (
        "网站群导航"
        in client.get("/site-map/", HTTP_HOST="www.localhost").content.decode()
    )


def test_footer_links_the_site_map(client, cluster):
    html = client.get("/news/", HTTP_HOST="jd.localhost").content.decode()
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert 'href="/site-map/"' in footer
    assert "东城区和平街道办事处网站" in footer


@pytest.mark.parametrize(
    ("host", "name"),
    [
        ("www.localhost", "示范市人民政府门户网站"),
        ("jyj.localhost", "示范市教育局网站"),
    ],
)
def test_404_renders_in_the_requested_sites_frame(client, cluster, host, name):
    response = client.get("/no-such-page/", HTTP_HOST=host)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>页面未找到</h1>" in html
    assert f'<span class="site-name">{name}</span>' in html
    assert _menu(html) == EXPECTED_MENU
    assert f"<title>页面未找到 - {name}</title>" in html


def test_404_of_a_page_of_another_site(client, cluster):
    response = client.get("/sites/", HTTP_HOST="jd.localhost")
    assert response.status_code == 404
    assert "东城区和平街道办事处网站" in response.content.decode()


def test_500_renders_in_the_sites_frame(cluster):
    from core.views import server_error

    request = RequestFactory().get("/", HTTP_HOST="wjw.localhost")
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务暂时不可用" in html
    assert "示范市卫生健康委员会网站" in html


def test_500_falls_back_without_the_database(cluster, monkeypatch):
    from wagtail.models import Site

    from core.views import server_error

    def database_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Site, "find_for_request", database_down)
    response = server_error(RequestFactory().get("/", HTTP_HOST="wjw.localhost"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务暂时不可用" in html
    assert "示范市卫生健康委员会网站" not in html
