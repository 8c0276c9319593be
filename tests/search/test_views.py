"""The results page, the JSON API, autocomplete, promotions and the query log."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import SearchQueryLog

pytestmark = pytest.mark.django_db

WWW = {"HTTP_HOST": "www.localhost"}
DC = {"HTTP_HOST": "dc.localhost"}


def page(client, params, host=WWW):
    response = client.get("/search/", params, **host)
    assert response.status_code == 200
    return response.content.decode()


def test_results_page_shows_metadata_highlight_and_facets(search_cluster, client):
    html = page(client, {"q": "医保"})
    assert "<mark>医保</mark>" in html
    assert "示政办发〔2023〕12号" in html
    assert "示范市人民政府办公室" in html
    assert "示范市人民政府门户网站 › 政府信息公开" in html
    assert re.search(r"公开文件</a> \(\d+\)", html)
    # The portal searches the whole cluster and offers its own site only.
    assert "范围：全部站点" in html and "scope=site" in html
    # One search box (the page's own; the header's is dropped here), which
    # suggests titles as the visitor types.
    assert html.count('data-autocomplete-url="/api/search/autocomplete/"') == 1
    assert "js/search-autocomplete" in html


def test_page_text_is_escaped(search_cluster, client):
    html = page(client, {"q": "防汛抗旱"})
    assert "&lt;script&gt;" in html
    assert "<script>测试" not in html
    assert "<mark>防汛抗旱</mark>" in html


def test_site_defaults_to_itself_with_one_click_switch(search_cluster, client):
    html = page(client, {"q": "医保"}, host=DC)
    assert "范围：示范市东城区人民政府门户网站" in html
    assert "关于调整城乡居民<mark>医保</mark>缴费标准的通知" not in html
    assert "scope=all" in html
    wide = page(client, {"q": "医保", "scope": "all"}, host=DC)
    assert "关于调整城乡居民<mark>医保</mark>缴费标准的通知" in wide


def test_pagination_links_keep_every_filter(search_cluster, client):
    html = page(client, {"q": "义务教育", "type": "document", "sort": "date"})
    assert "第 1 / 2 页" in html
    next_link = re.search(r'href="\?([^"]*page=2[^"]*)"', html).group(1)
    assert "type=document" in next_link and "sort=date" in next_link
    second = page(client, {"q": "义务教育", "type": "document", "sort": "date",
                           "page": "2"})  # fmt: skip
    assert second.count('class="result"') == 2


def test_zero_results_suggest_cluster_fewer_filters_and_related_terms(
    search_cluster, client
):
    html = page(client, {"q": "低保 火箭", "genre": "notice"}, host=DC)
    assert "没有找到" in html
    assert "在全部站点中搜索" in html
    assert "去掉筛选条件再搜索" in html
    assert "试试“最低生活保障”" in html


def test_bad_parameter_gets_a_friendly_page(search_cluster, client):
    html = page(client, {"q": "医保", "page": "abc"})
    assert "页码应为" in html


def test_promotions_show_only_on_their_site(search_cluster, client):
    query = Query.get("医保")
    SearchPromotion.objects.create(
        query=query, page=search_cluster.docs["yiliao"], description="推荐阅读"
    )
    assert "推荐阅读" in page(client, {"q": "医保"})
    assert "推荐阅读" not in page(client, {"q": "医保"}, host=DC)


def test_queries_are_logged_without_personal_data(search_cluster, client):
    page(client, {"q": "义务教育"})
    page(client, {"q": "火箭发射"}, host=DC)
    logs = {log.query: log for log in SearchQueryLog.objects.all()}
    assert logs["义务教育"].result_count == 12 and logs["义务教育"].whole_cluster
    assert logs["火箭发射"].result_count == 0
    assert logs["火箭发射"].profile.name == "示范市东城区人民政府门户网站"
    fields = {f.name for f in SearchQueryLog._meta.get_fields()}
    assert not fields & {"ip", "ip_address", "user", "session", "user_agent"}


# --- API ---------------------------------------------------------------------


def api(client, params, host=WWW):
    return client.get("/api/search/", params, **host)


def test_api_returns_results_facets_and_total(search_cluster, client):
    response = api(client, {"q": "义务教育", "type": "document", "page_size": "5"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 12 and data["num_pages"] == 3
    assert len(data["results"]) == 5
    first = data["results"][0]
    assert {"title", "url", "snippet", "site", "document_number", "date",
            "organization", "breadcrumbs", "source_page_id"} <= set(first)  # fmt: skip
    assert {f["value"]: f["count"] for f in data["facets"]["genre"]} == {
        "notice": 6, "opinion": 6,
    }  # fmt: skip


def test_api_document_number_first(search_cluster, client):
    data = api(client, {"q": "东政发(2015)32号"}).json()
    assert data["results"][0]["title"] == "东城区最低生活保障标准公告"
    assert data["results"][0]["exact_match"] is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "医保", "page_size": "51"}, "page_size"),
        ({"q": "医保", "page": "-1"}, "page"),
        ({"q": "政" * 101}, "q"),
        ({"q": "医保", "year": "abcd"}, "year"),
        ({"q": "医保", "type": "x"}, "type"),
        ({}, "q"),
    ],
)
def test_api_rejects_bad_parameters_in_chinese(search_cluster, client, params, field):
    response = api(client, params)
    assert response.status_code == 400
    data = response.json()
    assert data["error"] == "请求参数有误。"
    assert re.search(r"[\u4e00-\u9fff]", data["errors"][field])


def test_api_applies_the_same_visibility_rules(search_cluster, client):
    from site_registry.choices import SiteStatus
    from site_registry.models import SiteProfile

    SiteProfile.objects.filter(site__hostname="jyj.localhost").update(
        status=SiteStatus.CLOSED
    )
    assert api(client, {"q": "义务教育"}).json()["total"] == 0


def test_autocomplete_endpoint(search_cluster, client):
    response = client.get(reverse("api_search_autocomplete"), {"q": "义务"}, **WWW)
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and all("义务" in r["title"] for r in results)
    too_long = client.get(reverse("api_search_autocomplete"), {"q": "政" * 101}, **WWW)
    assert too_long.status_code == 400


# --- Admin reports -------------------------------------------------------------


def test_reports_list_top_and_zero_result_queries_and_export(
    search_cluster, admin_client
):
    from site_registry.models import SiteProfile

    district = SiteProfile.objects.get(site__hostname="dc.localhost")
    for query, count in [("医保", 3), ("医保", 5), ("火箭", 0)]:
        SearchQueryLog.objects.create(
            query=query, profile=district, result_count=count, duration_ms=9
        )
    top = admin_client.get(reverse("search_reports:top_queries"), **WWW)
    assert top.status_code == 200
    html = top.content.decode()
    assert "医保" in html and "火箭" in html
    zero = admin_client.get(reverse("search_reports:zero_results"), **WWW)
    assert "火箭" in zero.content.decode()
    assert "医保" not in zero.content.decode()
    per_site = admin_client.get(
        reverse("search_reports:top_queries"), {"profile": district.pk + 1000}, **WWW
    )
    assert per_site.status_code == 200
    export = admin_client.get(
        reverse("search_reports:top_queries"), {"export": "csv"}, **WWW
    )
    assert export.status_code == 200
    lines = (
        b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
        if (hasattr(export, "streaming_content"))
        else export.content.decode("utf-8-sig").splitlines()
    )
    assert lines[0].startswith("检索词")
    assert lines[1].startswith("医保,2,4.0")


def test_reports_are_for_the_office_only(search_cluster, client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    client.force_login(user)
    url = reverse("search_reports:top_queries")
    response = client.get(url, **WWW)
    # Without admin access, Wagtail's admin URL guard sends the user to log in
    # before the report's own office check runs.
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={url}"
