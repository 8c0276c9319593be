"""#22: page tools on news and notices, fetched on the site's own host:
上一篇/下一篇 in the column, 相关阅读 by shared tag, no query once warm."""

from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import ArticleIndexPage, ArticlePage, NoticeIndexPage, NoticePage
from tests.factories.disclosure import make_site

HOST = "tools.localhost"


def _publish(parent, page, tags=()):
    parent.add_child(instance=page)
    for tag in tags:
        page.tags.add(tag)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def columns(db):
    cache.clear()
    _site, home = make_site("tools", hostname=HOST)
    news = ArticleIndexPage(title="政务动态", slug="news")
    home.add_child(instance=news)
    notices = NoticeIndexPage(title="通知公告", slug="notices")
    home.add_child(instance=notices)
    made = {}
    for slug, tags in [("n1", ["营商环境"]), ("n2", ["教育"]), ("n3", ["营商环境"])]:
        made[slug] = _publish(
            news,
            ArticlePage(title=f"新闻{slug}", slug=slug, source="办公室", body=[]),
            tags,
        )
    made["draft"] = ArticlePage(title="草稿", slug="draft", source="办公室", body=[])
    news.add_child(instance=made["draft"])
    made["notice"] = _publish(
        notices,
        NoticePage(title="停水通知", slug="water", issuer="水务局", body=[]),
        ["营商环境"],
    )
    return made


def _get(client, page):
    response = client.get(urlsplit(page.url).path, HTTP_HOST=HOST)
    assert response.status_code == 200
    return response.content.decode()


def test_news_item_links_its_neighbours_in_the_column(client, columns):
    html = _get(client, columns["n2"])
    assert '上一篇：<a href="/news/n3/" rel="prev">新闻n3</a>' in html
    assert '下一篇：<a href="/news/n1/" rel="next">新闻n1</a>' in html
    assert 'class="page-tools"' in html and "返回顶部" in html
    html = _get(client, columns["n3"])
    assert "上一篇：没有了" in html  # the draft is not a neighbour


def test_related_reading_shares_a_tag_within_the_column(client, columns):
    html = _get(client, columns["n3"])
    assert "相关阅读" in html
    assert '<li><a href="/news/n1/">新闻n1</a></li>' in html
    assert "新闻n2</a></li>" not in html  # another tag
    assert "停水通知" not in html  # another column and type
    assert "相关阅读" not in _get(client, columns["n2"])


def test_notice_page_has_the_tools_and_no_neighbours(client, columns):
    html = _get(client, columns["notice"])
    assert "上一篇：没有了" in html and "下一篇：没有了" in html
    assert 'class="qr-code"' in html
    assert f'value="http://{HOST}/notices/water/"' in html


def test_tools_cost_no_query_on_a_warm_news_page(client, columns):
    _get(client, columns["n2"])
    with CaptureQueriesContext(connection) as with_tools:
        _get(client, columns["n2"])
    with mock.patch("core.templatetags.public_tags.build_tools", return_value=None):
        _get(client, columns["n2"])
        with CaptureQueriesContext(connection) as without_tools:
            _get(client, columns["n2"])
    assert len(with_tools) == len(without_tools)
