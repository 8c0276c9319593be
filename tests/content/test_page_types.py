"""Page-type rules and what each public page type shows."""

import re

import pytest
from wagtail.models import Page

from content.models import (
    ArticleIndexPage,
    ArticlePage,
    ClusterDirectoryPage,
    LeaderIndexPage,
    NoticeIndexPage,
    NoticePage,
    StandardPage,
    TopicIndexPage,
    TopicPage,
)
from core.choices import ColumnKind
from home.models import HomePage


def test_items_only_live_in_their_columns():
    assert ArticlePage.allowed_parent_page_models() == [ArticleIndexPage]
    assert NoticePage.allowed_parent_page_models() == [NoticeIndexPage]
    assert TopicPage.allowed_parent_page_models() == [TopicIndexPage]
    assert ArticlePage.allowed_subpage_models() == []
    assert HomePage in ClusterDirectoryPage.allowed_parent_page_models()
    assert ClusterDirectoryPage.max_count_per_parent == 1


def test_columns_default_to_their_kind(db):
    assert ArticleIndexPage().column_kind == ColumnKind.NEWS
    assert NoticeIndexPage().column_kind == ColumnKind.NOTICE
    assert TopicIndexPage().column_kind == ColumnKind.TOPIC
    assert LeaderIndexPage().column_kind == ColumnKind.LEADERS
    assert StandardPage().column_kind == ColumnKind.OTHER


def test_directory_page_only_once_per_home(cluster):
    home = cluster["www"].root_page.specific
    assert not ClusterDirectoryPage.can_create_at(home)
    fgw_home = cluster["fgw"].root_page.specific
    assert ClusterDirectoryPage.can_create_at(fgw_home)


def test_article_page_shows_source_time_and_meta_tags(client, cluster):
    html = client.get("/news/news-01/", HTTP_HOST="www.localhost").content.decode()
    article = ArticlePage.objects.get(slug="news-01", url_path__startswith="/www/")
    published = article.first_published_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert "发布时间：<time" in html and published in html
    assert "来源：示范市人民政府" in html
    assert '<meta name="ContentSource" content="示范市人民政府">' in html
    assert f'<meta name="PubDate" content="{published}:00">' in html
    assert '<meta name="ArticleTitle"' in html
    # The lead image carries the editor's text alternative.
    assert f'alt="{article.lead_image_alt}"' in html


def test_column_index_is_paginated_newest_first(client, cluster):
    response = client.get("/news/", HTTP_HOST="www.localhost")
    items = response.context["items"]
    assert items.paginator.count == 12
    assert len(items.object_list) == 12
    dates = [item.first_published_at for item in items.object_list]
    assert dates == sorted(dates, reverse=True)
    html = response.content.decode()
    assert '<meta name="ColumnType" content="动态/要闻">' in html


def test_index_pagination_splits_pages(client, cluster):
    notices = NoticeIndexPage.objects.get(url_path="/www/notices/")
    for number in range(5):
        notices.add_child(
            instance=NoticePage(
                title=f"补充通知{number}", slug=f"extra-{number}", issuer="办公室"
            )
        )
    first = client.get("/notices/", HTTP_HOST="www.localhost")
    assert first.context["items"].paginator.num_pages == 2
    assert "第 1 / 2 页" in first.content.decode()
    second = client.get("/notices/?page=2", HTTP_HOST="www.localhost")
    assert len(second.context["items"].object_list) == 17 - 15
    # Bad page numbers fall back instead of failing.
    assert (
        client.get("/notices/?page=abc", HTTP_HOST="www.localhost").status_code == 200
    )


def test_draft_items_are_not_listed(client, cluster):
    article = ArticlePage.objects.get(url_path="/www/news/news-02/")
    article.unpublish()
    html = client.get("/news/", HTTP_HOST="www.localhost").content.decode()
    assert article.title not in html


def test_notice_page(client, cluster):
    html = client.get("/notices/notice-01/", HTTP_HOST="fgw.localhost").content.decode()
    assert "发布单位：示范市发展和改革委员会办公室" in html
    assert "<h1>关于开展2026年度政府网站和政务新媒体自查工作的通知</h1>" in html


def test_leader_pages_show_name_photo_cv_and_portfolio(client, cluster):
    index = client.get("/about/leaders/", HTTP_HOST="jyj.localhost").content.decode()
    assert index.index("张明华") < index.index("李建国") < index.index("王丽娟")
    html = client.get(
        "/about/leaders/leader-2/", HTTP_HOST="jyj.localhost"
    ).content.decode()
    assert "<h1>李建国</h1>" in html
    assert 'alt="李建国的照片"' in html
    assert "简历" in html and "工作分工" in html
    assert "营商环境" in html


def test_topic_gathers_tagged_items_of_its_own_site_only(client, cluster):
    html = client.get(
        "/topics/business-environment/", HTTP_HOST="jd.localhost"
    ).content.decode()
    assert "相关动态和通知" in html
    tagged = ArticlePage.objects.filter(tags__name="优化营商环境")
    own = [a.title for a in tagged if a.url_path.startswith("/jd/")]
    other = [a.title for a in tagged if not a.url_path.startswith("/jd/")]
    assert own and all(title in html for title in own)
    assert not any(title in html for title in other)


def test_plain_page_and_directory(client, cluster):
    html = client.get("/about/functions/", HTTP_HOST="www.localhost").content.decode()
    assert "<h1>机构职能</h1>" in html
    directory = client.get("/sites/", HTTP_HOST="www.localhost").content.decode()
    names = re.findall(r'<li><a href="http://[^"]+/">([^<]+)</a></li>', directory)
    assert names[0] == "示范市人民政府门户网站"
    # Every open site of the registry, sub-sites included; the closed one is not.
    assert len(names) == 8
    assert "示范市东城区青台镇人民政府" in names
    assert "示范市粮食局网站" not in names
    assert 'href="http://dc.localhost/qtz/"' in directory
    # Grouped by the registry's levels, in their order.
    headings = re.findall(r'<h2 id="group-\d+">([^<]+)</h2>', directory)
    assert headings == [
        "市级政府门户网站",
        "县级政府门户网站",
        "部门网站",
        "乡镇（街道）网站",
    ]
    # Only the portal has the directory.
    assert client.get("/sites/", HTTP_HOST="fgw.localhost").status_code == 404


def test_every_column_page_type_is_served(client, cluster):
    for path in ["/news/", "/notices/", "/topics/", "/about/", "/about/leaders/"]:
        assert client.get(path, HTTP_HOST="fgw.localhost").status_code == 200, path


@pytest.mark.parametrize("model", [ArticlePage, NoticePage, TopicPage, StandardPage])
def test_page_types_are_searchable_by_body_or_summary(model):
    names = {field.field_name for field in model.search_fields}
    assert {"title"} <= names and ({"body"} & names or {"summary"} & names)


def test_home_accepts_the_public_columns():
    allowed = set(HomePage.allowed_subpage_models())
    assert {ArticleIndexPage, NoticeIndexPage, TopicIndexPage, StandardPage} <= allowed
    assert Page not in allowed
