"""Public pages as a visitor gets them on the demo hosts (#13): sub-site
navigation, the 政策解读 column, titles, labels, menu state and search boxes."""

import re

import pytest

from home.models import HomePage
from policy_interpretation.models import PolicyInterpretationPage


def _get(client, host, path):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (host, path, response.status_code)
    return response.content.decode()


def _menu_links(html):
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"([^>]*)>([^<]+)</a>', nav)


def _hrefs(html, css_class):
    block = re.search(rf'<[a-z]+ class="{css_class}".*?</(ul|nav|ol)>', html, re.S)
    return re.findall(r'href="([^"]+)"', block.group(0))


# --- 13.3 the 政策解读 column -------------------------------------------------


def test_interpretation_column_lists_its_interpretations(client, cluster):
    html = _get(client, "dc.localhost", "/xxgk/zcjd/")
    assert "共 0 篇" not in html
    assert "共 2 篇" in html
    assert 'href="/xxgk/zcjd/jd-city-001/"' in html
    # Filters that fit interpretations, not the document-only ones.
    assert 'name="form"' in html and 'name="year"' in html
    for document_only in ('name="genre"', 'name="validity"', 'name="subject"'):
        assert document_only not in html
    graphic = _get(client, "dc.localhost", "/xxgk/zcjd/?form=graphic")
    assert "共 1 篇" in graphic and "jd-city-001" in graphic
    assert "共 0 篇" in _get(client, "dc.localhost", "/xxgk/zcjd/?form=video")


def test_catalog_counts_interpretations(client, cluster):
    html = _get(client, "dc.localhost", "/xxgk/")
    assert re.search(r'href="/xxgk/zcjd/">政策解读</a> <span class="count">\(2\)', html)


# --- 13.4 the township sub-site ------------------------------------------------


def test_subsite_home_has_its_own_menu_and_blocks(client, cluster):
    html = _get(client, "dc.localhost", "/qtz/")
    links = _menu_links(html)
    assert [label for _href, _attrs, label in links][:4] == [
        "首页",
        "政务动态",
        "通知公告",
        "政府信息公开",
    ]
    assert all(href.startswith("/qtz/") for href, _attrs, _label in links), links
    assert 'href="/qtz/" aria-current="page">首页' in html
    assert 'class="site-brand" href="/qtz/"' in html
    # Site-map links in the top bar and the footer stay in the sub-site.
    assert html.count('href="/qtz/site-map/"') == 2
    assert 'href="/site-map/"' not in html
    # Home blocks: its own news and its own documents.
    assert 'href="/qtz/news/news-01/"' in html
    assert "/qtz/xxgk/zcwj/demo-qtz-work-points/" in html


def test_subsite_pages_keep_the_subsite_frame(client, cluster):
    html = _get(client, "dc.localhost", "/qtz/news/")
    links = _menu_links(html)
    assert all(href.startswith("/qtz/") for href, _attrs, _label in links), links
    assert ("/qtz/news/", ' aria-current="true"', "政务动态") in links
    crumbs = _hrefs(html, "breadcrumbs container")
    assert crumbs == ["/qtz/"]


def test_subsite_site_map(client, cluster):
    html = _get(client, "dc.localhost", "/qtz/site-map/")
    site_map = html[html.index('<ul class="site-map">') : html.index("</main>")]
    hrefs = re.findall(r'href="([^"]+)"', site_map)
    assert hrefs and all(href.startswith("/qtz/") for href in hrefs), hrefs
    for title in ("政务动态", "通知公告", "政府信息公开", "政府信息公开指南"):
        assert f">{title}</a>" in site_map
    # Nothing of the portal: its 机构概况 is not the township's.
    assert "机构概况" not in site_map
    links = _menu_links(html)
    assert all(href.startswith("/qtz/") for href, _attrs, _label in links)
    assert "aria-current" not in "".join(attrs for _h, attrs, _l in links)


# --- 13.11 public pages ---------------------------------------------------------


def test_search_and_site_map_do_not_highlight_home(client, cluster):
    # The home page renders (and caches) the menu with 首页 highlighted first.
    home = _get(client, "www.localhost", "/")
    assert ("/", ' aria-current="page"', "首页") in _menu_links(home)
    for path in ("/search/?q=%E6%94%BF%E5%8A%A1", "/site-map/"):
        links = _menu_links(_get(client, "www.localhost", path))
        assert [attrs for _h, attrs, _l in links if attrs] == [], path


def test_home_title_names_the_site_once(client, cluster):
    html = _get(client, "www.localhost", "/")
    assert "<title>示范市人民政府门户网站</title>" in html
    article = _get(client, "www.localhost", "/news/")
    assert "<title>政务动态 - 示范市人民政府门户网站</title>" in article


def test_interpretation_form_matches_its_title(client, cluster):
    html = _get(client, "dc.localhost", "/xxgk/zcjd/jd-city-001/")
    title = re.search(r"<h1[^>]*>([^<]+)</h1>", html).group(1)
    assert title.startswith("图解")
    assert '<span class="form">图解</span>' in html
    assert "文字解读" not in html
    for page in PolicyInterpretationPage.objects.live():
        if page.title.startswith(("图解", "图文解读")):
            assert page.form == "graphic", page.title


def test_site_map_lists_guide_and_rules(client, cluster):
    html = _get(client, "www.localhost", "/site-map/")
    assert '<a href="/xxgk/gkzn/">政府信息公开指南</a>' in html
    assert '<a href="/xxgk/gkzd/">政府信息公开制度</a>' in html


@pytest.mark.parametrize("host", ["www.localhost", "fgw.localhost"])
def test_home_page_shows_one_search_box(client, cluster, host):
    html = _get(client, host, "/")
    assert html.count('role="search"') == 1
    assert html.count('type="search"') == 1


def test_a_search_block_replaces_the_header_search_box(client, cluster):
    home = HomePage.objects.get(slug="fgw")
    home.body = [
        {"type": "search_box", "value": {"prompt": "搜索本站信息"}},
        *home.body.raw_data,
    ]
    home.save_revision().publish()
    html = _get(client, "fgw.localhost", "/")
    assert html.count('type="search"') == 1
    assert 'id="search-q"' not in html and "搜索本站信息" in html


def test_menu_has_a_toggle_for_phones(client, cluster):
    html = _get(client, "www.localhost", "/xxgk/")
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    # A link to the folded menu (:target without JavaScript), no checkbox.
    assert '<a class="menu-toggle" href="#site-menu" aria-controls="site-menu">' in nav
    assert '<div id="site-menu" class="menu-panel">' in nav
    assert 'type="checkbox"' not in nav


def test_search_page_puts_results_before_facets(client, cluster):
    html = _get(
        client, "www.localhost", "/search/?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80"
    )
    assert html.index('<div class="search-results">') < html.index(
        '<aside class="search-facets"'
    )
    assert 'id="facets-toggle"' in html
    # The page's own search form is its only search box.
    assert html.count('type="search"') == 1
