"""Home-page blocks read live content; the cache follows publishing."""

import re

import pytest
from django.test import override_settings
from django.utils import timezone

from content.models import ArticleIndexPage, ArticlePage
from core.selectors import PolicyItem


def _section(html: str, heading: str) -> str:
    match = re.search(rf">{heading}</h2>.*?</section>", html, re.S)
    assert match, heading
    return match.group(0)


def test_portal_home_shows_latest_columns_with_dates(client, cluster):
    html = client.get("/", HTTP_HOST="www.localhost").content.decode()
    news = _section(html, "要闻")
    assert news.count("<time") == 8
    latest = ArticlePage.objects.filter(url_path__startswith="/www/").order_by(
        "-first_published_at"
    )
    assert latest[0].title in news and latest[8].title not in news
    assert _section(html, "通知公告").count("<time") == 8
    policy = _section(html, "政策文件")
    assert "2007年永州市政务公开工作要点" in policy and "2007-05-08" in policy
    assert "layout-portal" in html
    for label in ["办事服务", "互动交流", "信息公开"]:
        assert f">{label}</a>" in _section(html, "快捷入口")
    assert "持续优化营商环境" in _section(html, "专题专栏")
    assert 'role="search"' in html


def test_department_home_uses_the_compact_layout(client, cluster):
    html = client.get("/", HTTP_HOST="fgw.localhost").content.decode()
    assert "layout-compact" in html
    assert _section(html, "要闻").count("<time") == 6
    assert "国务院重要政策" not in html


def test_state_council_block_shows_the_upstream_library(client, cluster):
    # The city portal has not reposted them: the items link to gov.cn.
    section = _section(
        client.get("/", HTTP_HOST="www.localhost").content.decode(), "国务院重要政策"
    )
    assert "国务院关于加强基层政务公开标准化规范化工作的意见" in section
    assert "https://www.gov.cn/zhengce/demo/2024-03/22/content_0010.htm" in section
    # The provincial document is not a State Council one.
    assert "一网通办" not in section


@override_settings(
    STATE_COUNCIL_POLICIES_SOURCE="core.selectors.no_state_council_policies"
)
def test_state_council_block_says_none_without_a_source(client, cluster):
    html = client.get("/", HTTP_HOST="www.localhost").content.decode()
    assert "暂无国务院重要政策信息。" in _section(html, "国务院重要政策")


def fake_policies(*, request, limit):
    return [
        PolicyItem("国务院关于印发某某方案的通知", "https://www.gov.cn/x.htm", None)
    ] * (limit + 3)


@override_settings(
    STATE_COUNCIL_POLICIES_SOURCE="tests.content.test_home.fake_policies"
)
def test_state_council_block_reads_the_configured_source(client, cluster):
    section = _section(
        client.get("/", HTTP_HOST="xc.localhost").content.decode(), "国务院重要政策"
    )
    assert section.count("国务院关于印发某某方案的通知") == 6
    assert "暂无" not in section


def test_publishing_refreshes_the_cached_home_blocks(client, cluster):
    first = client.get("/", HTTP_HOST="dc.localhost").content.decode()
    news = ArticleIndexPage.objects.get(url_path="/dc/news/")
    article = ArticlePage(
        title="东城区召开新闻发布会通报重点工作进展",
        slug="fresh",
        source="东城区人民政府",
        body=[],
    )
    news.add_child(instance=article)
    article.save_revision().publish()
    second = client.get("/", HTTP_HOST="dc.localhost").content.decode()
    assert article.title not in first
    assert article.title in _section(second, "要闻")
    assert timezone.localdate().isoformat() in _section(second, "要闻")
    article.unpublish()
    third = client.get("/", HTTP_HOST="dc.localhost").content.decode()
    assert article.title not in third


def test_home_blocks_do_not_copy_html(cluster):
    """Blocks store references (ids), never page titles or markup."""
    home = cluster["www"].root_page.specific
    raw = str(home.body.raw_data)
    assert "<a " not in raw
    assert (
        ArticlePage.objects.filter(url_path="/www/news/news-01/").get().title not in raw
    )


@pytest.mark.parametrize("host", ["www.localhost", "jd.localhost"])
def test_theme_stylesheet_carries_the_sites_accent(client, cluster, host):
    from core.models import SiteTheme

    site = cluster[host.split(".")[0]]
    accent = SiteTheme.for_site(site).accent_colour
    css = client.get("/theme.css", HTTP_HOST=host)
    assert css["Content-Type"].startswith("text/css")
    assert f"--accent: {accent};" in css.content.decode()
    html = client.get("/", HTTP_HOST=host).content.decode()
    assert f"/theme.css?v={accent[1:]}" in html
