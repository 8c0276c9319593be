"""Retrieval on both engines: the database backend (PostgreSQL) and the real
OpenSearch, over the same entries and the same code path."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from search import analysis, selectors, services
from search.models import SearchEntry, SynonymGroup
from site_registry.choices import SiteStatus
from site_registry.models import SiteProfile
from tests.search.conftest import BACKENDS

pytestmark = pytest.mark.django_db


def run(backend, profile=None, **params):
    request = selectors.parse_search_request(params, profile=profile)
    return selectors.run_search(request, backend=backend)


def titles(response):
    return [hit.entry.title for hit in response.hits]


# --- Segmentation -----------------------------------------------------------


def test_user_dictionary_keeps_government_terms_whole(search_cluster):
    assert "放管服" in analysis.query_words("深化放管服改革")
    assert analysis.query_words("最低生活保障") == ["最低生活保障"]


def test_indexed_words_include_every_dictionary_word_inside_a_longer_word(
    search_cluster,
):
    words = analysis.words("基本医疗保险门诊报销")
    assert {"基本医疗保险", "医疗保险", "医疗", "保险"} <= set(words)


def test_punctuation_is_not_a_word(search_cluster):
    assert analysis.words("医保，低保。") == ["医保", "低保"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_character_word_finds_the_word_not_its_characters_apart(
    search_cluster, backend
):
    found = titles(run(backend, q="医保"))
    assert "关于调整城乡居民医保缴费标准的通知" in found
    # 医院 … 保障: both characters, never side by side.
    assert "医院建设和社会保障工作安排" not in found


@pytest.mark.parametrize("backend", BACKENDS)
def test_whole_phrase_ranks_above_its_words_apart(search_cluster, backend):
    docs = search_cluster.docs
    services.sync_page(page_id=docs["apart"].pk)
    found = titles(run(backend, q="社会保障 体系"))
    assert found[0] == "医院建设和社会保障工作安排"


# --- Document and index numbers ---------------------------------------------

SPELLINGS = [
    "东政发〔2015〕32号",
    "东政发[2015]32号",
    "东政发(2015)32号",
    "东政发（2015）32号",
    "东政发（２０１５）３２号",
    "东政发201532号",
    "东政发 [2015] 32 号",
    # As it is said aloud, with the year's 年.
    "东政发2015年32号",
    "东政发2015年第32号",
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_document_number_in_every_spelling_returns_the_document_first(
    search_cluster, backend, spelling
):
    response = run(backend, q=spelling)
    assert response.hits[0].entry.title == "东城区最低生活保障标准公告"
    assert response.hits[0].exact


def test_document_number_key_rejects_text():
    assert analysis.document_number_key("最低生活保障") == ""
    assert analysis.document_number_key("国务院令第711号") == "国务院令第711号"


@pytest.mark.parametrize("backend", BACKENDS)
def test_index_number_returns_the_document_first(search_cluster, backend):
    document = search_cluster.docs["dibao"]
    document.refresh_from_db()
    assert document.index_number
    response = run(backend, q=document.index_number.lower())
    assert response.hits[0].entry.page_id == document.pk
    assert response.hits[0].exact


# --- Facets, filters, pagination --------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_facet_counts_and_disjunctive_filter(search_cluster, backend):
    response = run(backend, q="义务教育")
    assert response.total == 12
    genres = {f.value: f.count for f in response.facets["genre"]}
    assert genres == {"notice": 6, "opinion": 6}
    sites = {f.label: f.count for f in response.facets["site"]}
    assert sites == {"示范市教育局网站": 12}
    filtered = run(backend, q="义务教育", genre="notice")
    assert filtered.total == 6
    # The genre facet still offers the other genre with its own count.
    genres = {f.value: (f.count, f.selected) for f in filtered.facets["genre"]}
    assert genres == {"notice": (6, True), "opinion": (6, False)}
    assert {f.value: f.count for f in filtered.facets["type"]} == {"document": 6}


@pytest.mark.parametrize("backend", BACKENDS)
def test_pages_do_not_overlap_and_keep_filters(search_cluster, backend):
    first = run(backend, q="义务教育", genre="opinion", page_size="4")
    second = run(backend, q="义务教育", genre="opinion", page_size="4", page="2")
    assert first.total == second.total == 6
    assert len(first.hits) == 4 and len(second.hits) == 2
    assert not {h.entry.pk for h in first.hits} & {h.entry.pk for h in second.hits}
    assert all(h.entry.genre == "opinion" for h in first.hits + second.hits)


@pytest.mark.parametrize("backend", BACKENDS)
def test_sort_by_date(search_cluster, backend):
    response = run(backend, q="义务教育", sort="date")
    dates = [(h.entry.date, h.entry.pk) for h in response.hits]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("backend", BACKENDS)
def test_title_only(search_cluster, backend):
    # 入学 is only in the body of the 义务教育 documents.
    assert run(backend, q="入学").total == 12
    assert run(backend, q="入学", title_only="1").total == 0


def test_advanced_document_number_without_words(search_cluster):
    response = run("default", document_number="东政发[2015]32号")
    assert titles(response) == ["东城区最低生活保障标准公告"]


# --- Scope and visibility ---------------------------------------------------


def _profile(host_prefix):
    return SiteProfile.objects.get(site__hostname=f"{host_prefix}.localhost")


@pytest.mark.parametrize("backend", BACKENDS)
def test_site_scope_and_portal_default(search_cluster, backend):
    portal, district = _profile("www"), _profile("dc")
    assert selectors.default_whole_cluster(portal)
    assert not selectors.default_whole_cluster(district)
    everywhere = titles(run(backend, profile=portal, q="最低生活保障"))
    own = titles(run(backend, profile=district, q="医保"))
    assert "东城区最低生活保障标准公告" in everywhere
    assert "关于调整城乡居民医保缴费标准的通知" not in own
    wide = titles(run(backend, profile=district, q="医保", scope="all"))
    assert "关于调整城乡居民医保缴费标准的通知" in wide


@pytest.mark.parametrize("backend", BACKENDS)
def test_closed_site_never_appears(search_cluster, backend):
    assert run(backend, q="义务教育").total == 12
    # Saved like the registry's close service does: the change shows at once.
    profile = SiteProfile.objects.get(site__hostname="jyj.localhost")
    profile.status = SiteStatus.CLOSED
    profile.save()
    assert run(backend, q="义务教育").total == 0
    suggestions = selectors.autocomplete_titles(
        q="义务教育", profile=None, whole_cluster=True, backend=backend
    )
    assert not [s for s in suggestions if s["title"].startswith("义务教育招生")]


def test_unpublished_and_private_pages_leave_the_results(
    search_cluster, django_capture_on_commit_callbacks
):
    docs = search_cluster.docs
    with django_capture_on_commit_callbacks(execute=True):
        docs["page0"].unpublish()
    assert not SearchEntry.objects.filter(page_id=docs["page0"].pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=docs["page1"], restriction_type=PageViewRestriction.LOGIN
        )
    assert SearchEntry.objects.get(page_id=docs["page1"].pk).private
    found = {h.entry.page_id for h in run("default", q="义务教育").hits}
    assert docs["page0"].pk not in found and docs["page1"].pk not in found
    assert run("default", q="义务教育").total == 10


def test_private_entry_is_filtered_on_the_engine(search_cluster, search_engine_backend):
    entry = SearchEntry.objects.get(page_id=search_cluster.docs["page2"].pk)
    entry.private = True
    entry.save()
    search_engine_backend.add(entry)
    search_engine_backend.get_index_for_model(SearchEntry).refresh()
    try:
        found = {h.entry.pk for h in run("engine", q="义务教育").hits}
        assert entry.pk not in found
        assert run("engine", q="义务教育").total == 11
    finally:
        entry.private = False
        search_engine_backend.add(entry)
        search_engine_backend.get_index_for_model(SearchEntry).refresh()


def test_moving_and_deleting_pages_update_entries(
    search_cluster, django_capture_on_commit_callbacks
):
    from disclosure_pages.models import DisclosureColumnPage

    docs = search_cluster.docs
    target = DisclosureColumnPage.objects.get(url_path="/dc/xxgk/zcwj/")
    with django_capture_on_commit_callbacks(execute=True):
        docs["page3"].move(target, pos="last-child")
    entry = SearchEntry.objects.get(page_id=docs["page3"].pk)
    assert entry.profile == _profile("dc")
    with django_capture_on_commit_callbacks(execute=True):
        docs["page4"].delete()
    assert not SearchEntry.objects.filter(page_id=docs["page4"].pk).exists()


# --- Synonyms ---------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_synonyms_apply_at_query_time(search_cluster, backend):
    assert "东城区最低生活保障标准公告" in titles(run(backend, q="低保"))
    assert run(backend, q="报名").total == 0
    group = SynonymGroup.objects.create(terms="报名/招生")
    try:
        # No re-indexing: the group applies to the next query.
        assert run(backend, q="报名").total == 12
    finally:
        group.delete()
    assert run(backend, q="报名").total == 0


def test_synonym_group_needs_two_terms():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        SynonymGroup(terms="医保").full_clean()
    assert "至少要有两个" in str(error.value)


# --- Highlighting -----------------------------------------------------------


def test_snippet_highlights_around_the_match_and_escapes():
    text = "开头" * 80 + "<b>防汛抗旱</b>工作" + "结尾" * 80
    html = str(selectors.snippet(text, ["防汛"]))
    assert "<mark>防汛</mark>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 400


@pytest.mark.parametrize("backend", BACKENDS)
def test_hits_carry_highlighted_title_and_metadata(search_cluster, backend):
    hit = run(backend, q="医保").hits
    hit = next(h for h in hit if h.entry.document_number)
    assert "<mark>医保</mark>" in str(hit.title_html)
    assert hit.site_name == "示范市人民政府门户网站"
    assert hit.entry.document_number == "示政办发〔2023〕12号"
    assert hit.entry.breadcrumbs[0] == "示范市人民政府门户网站"
    assert hit.url.endswith("/yibao/")


@pytest.mark.parametrize("backend", BACKENDS)
def test_autocomplete_titles(search_cluster, backend):
    suggestions = selectors.autocomplete_titles(
        q="义务教", profile=None, whole_cluster=True, backend=backend
    )
    assert suggestions
    assert all(s["title"].startswith("义务教育招生") for s in suggestions)
    assert all(s["url"] for s in suggestions)


# --- Bad input --------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": "政" * 101}, "q", "检索词过长"),
        ({"q": "a", "page": "x"}, "page", "页码"),
        ({"q": "a", "page": "0"}, "page", "页码"),
        ({"q": "a", "page_size": "500"}, "page_size", "每页条数"),
        ({"q": "a", "type": "video"}, "type", "内容类型"),
        ({"q": "a", "sort": "hot"}, "sort", "排序方式"),
        ({"q": "a", "year": "15"}, "year", "年份"),
        ({"q": "a", "site": "abc"}, "site", "网站"),
        ({"q": "a", "date_from": "2024-13-01"}, "date_from", "日期格式"),
        ({"q": "a", "date_from": "2024-02-01", "date_to": "2024-01-01"}, "date_to",
         "结束日期"),
        ({"document_number": "第三号文件"}, "document_number", "发文字号"),
        ({"q": "a", "scope": "world"}, "scope", "搜索范围"),
    ],
)  # fmt: skip
def test_bad_parameters_get_chinese_errors(params, field, message):
    with pytest.raises(selectors.SearchRequestError) as error:
        selectors.parse_search_request(params, profile=None)
    assert message in error.value.errors[field]


def test_entry_text_is_plain_text_of_rich_text_fields(search_cluster):
    # Wagtail gives rich text's searchable content as a list of strings.
    entry = SearchEntry.objects.get(page=search_cluster.docs["dibao"])
    assert entry.text.startswith("本区城乡最低生活保障标准提高到每人每月1000元。")
    assert "['" not in entry.text and "<p>" not in entry.text
