"""Relevance (#20): queries of several words, titles above passing mentions,
numbers inside a query, the shipped abbreviations, validity for documents
only, and interpretations found through their sources. On both backends, and
through the public page and the API on their own host."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from wagtail.models import Page

from content.models import ArticleIndexPage, ArticlePage
from disclosure_pages.models import DisclosureColumnPage
from policy_interpretation.models import InterpretationSource, PolicyInterpretationPage
from search import abbreviations, analysis, selectors, services
from search.models import SearchEntry, SynonymGroup
from search.selectors import query as query_selectors
from search.selectors.hits import Chain, Tail
from tests.search.conftest import BACKENDS, _build, add_document, index_entries

pytestmark = pytest.mark.django_db

WWW = {"HTTP_HOST": "www.localhost"}
PASSING = "年度各项工作总体安排如下，" * 40


def _interpret(source, slug: str, title: str, body: str) -> PolicyInterpretationPage:
    column = DisclosureColumnPage.objects.get(url_path="/www/xxgk/zcjd/")
    page = PolicyInterpretationPage(
        title=title, slug=slug, body=f"<p>{body}</p>", interpreter="示范市发展改革委"
    )
    page.source_links = [InterpretationSource(document=source)]
    column.add_child(instance=page)
    page.save_revision().publish()
    return page


# The cluster's documents beside the shared ones: key, slug, title, text.
DOCUMENTS = [
    (
        "titled", "yhyshj", "示范市优化营商环境条例",
        "为了持续优化营商环境，制定本条例。",
    ),
    (
        "passing", "ndgz", "关于做好年度重点工作的通知",
        f"{PASSING}落实优化营商环境条例，{PASSING}贯彻优化营商环境条例。"
        f"{PASSING}宣传优化营商环境条例。",
    ),
    (
        "all_words", "jfbz2025", "城乡居民医保缴费标准2025年调整方案",
        "二〇二五年城乡居民医保个人缴费标准调整方案。",
    ),
    ("fgw", "fgw", "示范市发展和改革委员会2024年部门预算", "本部门预算按规定公开。"),
    ("gs", "gs", "个税专项附加扣除操作指引", "纳税人可在手机上填报。"),
    (
        "linzhang", "lzz", "关于全面推行林草长制的实施意见",
        "各区建立林草长制组织体系，推行河湖长制。",
    ),
    # The widest tier: two of five words only.
    (
        "funeral_fees", "bzsf", "关于规范殡葬服务收费的通知",
        "各殡仪馆应公示殡葬收费项目。",
    ),
    (
        "funeral_all", "bzhm", "殡葬惠民补贴和收费减免办法",
        "殡葬惠民补贴与殡葬收费减免按本办法执行。",
    ),
    # A term written with words inserted, and short forms of enumerations.
    (
        "old_estates", "ljxq", "关于2025年城镇老旧小区综合整治和改造计划的通知",
        "列入计划的小区按期开工。",
    ),
    (
        "utilities", "sdqn", "关于优化供水、供电、供气、供暖报装服务的通知",
        "压缩报装时间，减少报装材料。",
    ),
    (
        "schools", "zxx", "关于做好中学和小学招生入学工作的通知",
        "按照划片就近入学的原则招生。",
    ),
    ("forest_check", "lzzkh", "关于做好林长制督查考核工作的通知", "按季度督查考核。"),
    # The same term by an organ of a long name, on a shorter subject.
    (
        "forest_city", "lzztz", "示范市林业和草原局关于全面推行林长制的通知",
        "全面推行林长制。",
    ),
    # A title writing the phrase typed with words between its characters,
    # and a text mentioning the phrase under another title.
    (
        "industry_school", "cjrh", "关于做好产业与教育融合型企业认定工作的通知",
        "认定一批企业。",
    ),
    (
        "industry_group", "cjgt", "关于做好产教融合共同体建设工作的通知",
        "共同体吸纳产教融合型企业参与，产教融合型企业优先。",
    ),
    # A rule in force writing 公墓管理 apart (the replaced 公墓管理办法 below
    # holds it as typed).
    ("burial_rules", "gmbz", "关于规范公墓和殡仪馆管理的通知", "加强公墓管理。"),
    # A rule in force, worded as the version it replaced (expired below).
    ("burial_old", "bzgl2019", "示范市公墓管理办法", "公墓管理按本办法执行。"),
    ("burial_new", "bzgl2024", "示范市公墓管理办法", "公墓管理按本办法执行。"),
    # An abbreviation's long full form in a title, beside the query's other
    # words in another title (the full form holds 作业 too).
    (
        "double_full", "sjqw", "关于减轻义务教育阶段学生作业负担和校外培训负担的通知",
        "规范校外培训，学校做好作业公示。",
    ),
    (
        "homework", "zygs", "关于推行中小学作业公示制度的通知",
        "落实双减要求，各校每周公示作业。",
    ),
    # A city's notice, a copy of it, and a district's version by its own
    # organ and number (the number is set in _build_numbered below).
    (
        "care_city", "yyjh", "示范市卫生健康委员会关于做好医养结合机构建设工作的通知",
        "各区县做好医养结合机构建设。",
    ),
    # The same organ's next number, on another matter (2023年第10号台风).
    (
        "typhoon", "tfff",
        "示范市卫生健康委员会关于做好2023年第10号台风防御医疗保障工作的通知",
        "全市卫生健康系统做好台风防御。",
    ),
    (
        "care_district", "yyjh-dc",
        "东城区卫生健康委员会关于做好医养结合机构建设工作的通知",
        "本区做好医养结合机构建设。",
    ),
    # A title with 《》, and its copy on a district's site.
    (
        "taxi", "wyc",
        "示范市交通运输局关于印发《网络预约出租汽车经营服务管理实施细则》的通知",
        "网约车平台公司应当依法经营。",
    ),
    (
        "taxi_copy", "wyc-dc",
        "示范市交通运输局关于印发《网络预约出租汽车经营服务管理实施细则》的通知",
        "网约车平台公司应当依法经营。",
    ),
    # One subject by two organs, and the district organ's other documents
    # of the year.
    (
        "plan_district", "fgf-dc",
        "东城区人民政府办公室关于印发《2025年深化放管服改革工作要点》的通知",
        "深化放管服改革。",
    ),
    (
        "plan_city", "fgf",
        "示范市人民政府办公室关于印发《2025年深化放管服改革工作要点》的通知",
        "深化放管服改革。",
    ),
    *[
        (
            f"district_{n}", f"dcqt{n}",
            f"东城区人民政府办公室关于印发《2025年东城区{topic}工作要点》的通知",
            f"东城区2025年{topic}工作要点。",
        )
        for n, topic in enumerate(["安全生产", "防汛抗旱", "民生实事", "招商引资"])
    ],
    # Documents that news items report (NEWS below).
    ("patrol", "hhzxc", "关于做好河湖长制巡查工作的通知", "每月巡查一次。"),
    (
        "culture_spend", "whlyxf", "关于促进文化和旅游融合消费的通知",
        "各地发放文旅融合消费券，促进文旅融合消费。",
    ),
    (
        "straw", "zdgz", "关于做好近期有关重点工作的通知",
        "一、严格落实秸秆禁烧责任。二、做好防汛准备。",
    ),
]  # fmt: skip
# Fields beside the title and text (the site: www unless said).
DOCUMENT_FIELDS = {
    "burial_old": {"validity": "expired"},
    "care_city": {"document_number": "示卫健发〔2023〕10号"},
    "care_district": {"site": "dc", "document_number": "东卫健发〔2023〕3号"},
    "typhoon": {"document_number": "示卫健发〔2023〕11号"},
    "taxi_copy": {"site": "dc"},
    "plan_district": {"site": "dc"},
    **{f"district_{n}": {"site": "dc"} for n in range(4)},
}
# News items reporting the documents above: key, slug, title, text.
NEWS = [
    ("patrol_news", "hhzxc-xw", "示范市全面开展河湖长制巡查", "巡查覆盖全部河湖。"),
    ("voucher_news", "xfq-xw", "示范市发放文旅融合消费券", "首批消费券已发放。"),
    (
        "straw_news", "jgjs-xw", "示范市推进秸秆综合利用和禁烧取得成效",
        "秸秆禁烧工作取得阶段成效。",
    ),
]  # fmt: skip


def _report(slug: str, title: str, text: str) -> ArticlePage:
    """A news item in the portal's news column (made on first use)."""
    column = ArticleIndexPage.objects.filter(slug="zwdt-relevance").first()
    if column is None:
        home = Page.objects.get(url_path="/www/xxgk/").get_parent()
        column = ArticleIndexPage(title="政务动态", slug="zwdt-relevance")
        home.add_child(instance=column)
    page = ArticlePage(
        title=title, slug=slug, source="办公室",
        body=[("paragraph", f"<p>{text}</p>")],
    )  # fmt: skip
    column.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture(scope="module")
def relevance_cluster(django_db_setup, django_db_blocker, search_engine_backend):
    from wagtail.search.backends import get_search_backend

    with django_db_blocker.unblock(), transaction.atomic():
        cluster = _build()
        # The shipped dictionary, as the migration loads it (a transactional
        # test earlier in the run may have flushed it).
        abbreviations.load(SynonymGroup)
        analysis.reset()
        docs = cluster.docs
        for key, slug, title, text in DOCUMENTS:
            fields = DOCUMENT_FIELDS.get(key, {})
            docs[key] = add_document(
                fields.pop("site", "www"), slug, title, text, **fields
            )
        for key, slug, title, text in NEWS:
            docs[key] = _report(slug, title, text)
        docs["interpretation"] = _interpret(
            docs["yibao"],
            "jd-yibao",
            "图解：居民缴费怎么调",
            "一图读懂今年的调整。",
        )
        services.rebuild_entries()
        index_entries(search_engine_backend)
        index_entries(get_search_backend("default"))
        yield cluster
        transaction.set_rollback(True)
    analysis.reset()


def run(backend, **params):
    request = selectors.parse_search_request(params, profile=None)
    return selectors.run_search(request, backend=backend)


def titles(response) -> list[str]:
    return [hit.entry.title for hit in response.hits]


# --- Plain functions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "need"), [(1, 1), (2, 1), (3, 2), (4, 3), (5, 4), (6, 4), (8, 6)]
)
def test_minimum_should_match_is_about_two_thirds(count, need):
    assert query_selectors.minimum_should_match(count) == need


def test_a_tail_continues_a_ranking_after_its_reordered_head():
    class Results(list):  # a search result: sliced and counted
        def count(self):
            return len(self)

    chain = Chain([2, 0, 1], Tail(Results(range(10)), 3))
    assert chain.count() == 10
    assert chain[0:5] == [2, 0, 1, 3, 4]
    assert chain[4:8] == [4, 5, 6, 7]
    assert chain[9:20] == [9]


def test_document_numbers_are_found_inside_a_longer_query():
    assert "京政发〔2024〕3号" in analysis.document_numbers_in("京政发〔2024〕3号 解读")
    assert "京政办发〔2023〕12号" in analysis.document_numbers_in(
        "关于 京政办发[2023]12号 的通知"
    )
    # Without spaces the issuer's first character is unknown: every reading.
    assert "京政办发〔2023〕12号" in analysis.document_numbers_in(
        "关于京政办发（2023）12号的通知"
    )
    assert analysis.document_numbers_in("2023年 工作 12号楼") == []
    said = analysis.document_numbers_in("临政发2023年26号的解读")
    assert "临政发〔2023〕26号" in said
    assert analysis.document_numbers_in("2023年12号楼") == []


def test_a_number_is_taken_out_of_a_query_in_any_spelling():
    key = "京政办发〔2023〕12号"
    strip = analysis.without_document_number
    assert strip("关于加强监管的通知 京政办发[2023]12号", key) == "关于加强监管的通知"
    assert strip("关于加强监管的通知京政办发（2023）12号", key) == "关于加强监管的通知"
    assert strip("京政办发2023年12号 解读", key) == "解读"
    assert strip("京政办发202312号 监管", key) == "监管"
    # Another number, or another issuer with the same year and serial, stays.
    assert strip("京政发〔2023〕12号 监管", key) == "京政发〔2023〕12号 监管"
    assert strip("京政办发〔2023〕13号", key) == "京政办发〔2023〕13号"


def test_a_spread_phrase_is_its_characters_in_order_a_few_apart():
    pattern = analysis.spread_pattern("林长制")
    assert re.search(pattern, "关于全面推行林草长制的通知")
    assert re.search(pattern, "林长制")
    assert re.search(
        analysis.spread_pattern("水电气暖报装"), "优化供水、供电、供气、供暖报装服务"
    )
    assert re.search(
        analysis.spread_pattern("《老旧小区改造》"), "老旧小区综合整治和改造计划"
    )
    # Six characters between two of them: met by chance, not the phrase.
    assert not re.search(pattern, "林业局关于加强长期规划制度")
    # Too short to tell from chance, or holding what is not a letter or digit.
    assert analysis.spread_pattern("林长") == ""
    assert analysis.spread_pattern("a+b(c") == ""


def test_a_title_is_compared_without_its_marks():
    assert (
        analysis.unmarked("关于印发《“十四五”规划》的通知")
        == "关于印发十四五规划的通知"
    )
    assert analysis.unmarked("ＡＢＣ「双减」") == "ABC双减"


def test_split_variants_find_a_term_with_a_character_inserted(relevance_cluster):
    assert "林长制" in analysis.split_variants("全面推行林草长制")
    assert "河长制" in analysis.split_variants("推行河湖长制")
    assert "林长制" not in analysis.split_variants("林业长期规划制度")
    # Indexed with the text, so both backends find the variant by the term.
    assert "林长制" in analysis.words("全面推行林草长制")


def test_shipped_dictionary_has_hundreds_of_groups_both_ways(relevance_cluster):
    assert len(abbreviations.groups_in_file()) >= 300
    assert "住房公积金" in analysis.synonyms_of("公积金")
    assert "公积金" in analysis.synonyms_of("住房公积金")
    assert "发展和改革委员会" in analysis.synonyms_of("发改委")
    assert "人社局" in analysis.synonyms_of("人力资源和社会保障局")
    assert "最低生活保障" in analysis.synonyms_of("低保")


def test_loading_the_dictionary_adds_no_duplicate_and_unloads_only_its_own():
    SynonymGroup.objects.all().delete()
    office = SynonymGroup.objects.create(terms="医保/医疗保险/基本医疗保险/医疗保障")
    edited = SynonymGroup.objects.create(terms="个税/个人所得税/个人所得税法")
    added = abbreviations.load(SynonymGroup)
    assert added >= 300
    # The office's groups already hold these terms: not added again.
    assert not SynonymGroup.objects.filter(terms="医保/医疗保险/基本医疗保险").exists()
    assert not SynonymGroup.objects.filter(terms="个税/个人所得税").exists()
    assert abbreviations.load(SynonymGroup) == 0
    abbreviations.unload(SynonymGroup)
    assert set(SynonymGroup.objects.values_list("pk", flat=True)) == {
        office.pk,
        edited.pk,
    }
    analysis.reset()


# --- Query semantics -------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_long_query_ranks_all_words_first_and_keeps_most_words(
    relevance_cluster, backend
):
    found = titles(run(backend, q="2025年 城乡居民 医保 缴费 标准 调整"))
    assert found[0] == "城乡居民医保缴费标准2025年调整方案"
    # Holds five of the six words (not 2025): still found.
    assert "关于调整城乡居民医保缴费标准的通知" in found


@pytest.mark.parametrize("backend", BACKENDS)
def test_title_phrase_ranks_above_passing_mentions(relevance_cluster, backend):
    found = titles(run(backend, q="优化营商环境条例"))
    assert found[0] == "示范市优化营商环境条例"
    assert found.index("示范市优化营商环境条例") < found.index(
        "关于做好年度重点工作的通知"
    )


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "q", ["关于 示政办发〔2023〕12号 的通知", "关于示政办发(2023)12号的通知"]
)
def test_document_number_inside_a_longer_query_finds_the_document(
    relevance_cluster, backend, q
):
    response = run(backend, q=q)
    assert response.hits[0].entry.title == "关于调整城乡居民医保缴费标准的通知"
    assert response.hits[0].exact


@pytest.mark.parametrize("backend", BACKENDS)
def test_number_and_interpretation_bring_the_interpretation_first(
    relevance_cluster, backend
):
    found = titles(run(backend, q="示政办发〔2023〕12号 解读"))
    assert found[:2] == ["图解：居民缴费怎么调", "关于调整城乡居民医保缴费标准的通知"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_long_query_fills_with_entries_holding_any_word(relevance_cluster, backend):
    found = titles(run(backend, q="殡葬 惠民 补贴 收费 减免"))
    assert found[0] == "殡葬惠民补贴和收费减免办法"
    # Two of the five words: fewer than "most", still on the first page.
    assert "关于规范殡葬服务收费的通知" in found


@pytest.mark.parametrize("backend", BACKENDS)
def test_most_words_counts_a_word_found_as_its_synonym(relevance_cluster, backend):
    from wagtail.search.backends import get_search_backend

    docs = relevance_cluster.docs
    # 东城区最低生活保障标准公告 holds 低保 (as 最低生活保障) and 标准, not 调整.
    q = "低保 标准 调整"
    partial = query_selectors.partial_query(q)
    found = get_search_backend(backend).search(partial, SearchEntry.objects.all())
    assert docs["dibao"].pk in [entry.page_id for entry in found]
    assert docs["dibao"].pk in [hit.entry.page_id for hit in run(backend, q=q).hits]


def test_the_heaviest_queries_stay_within_the_engines_clause_limit(
    relevance_cluster, caplog
):
    # The dictionary's terms with the most synonym text, as many as a query
    # holds: every tier must reach the engine (no fallback to the database).
    terms = {t for g in SynonymGroup.objects.all() for t in g.terms.split("/")}

    def weight(term):
        return sum(map(len, [term, *analysis.synonyms_of(term)]))

    heaviest = sorted(
        (t for t in terms if analysis.query_words(t) == [t]), key=weight, reverse=True
    )
    for count in (3, 4, 5, 8):
        q = " ".join(heaviest[:count])
        with caplog.at_level("WARNING", logger="search.selectors"):
            run("engine", q=q)
        assert "unavailable" not in caplog.text, q


def test_a_query_too_complex_for_the_engine_is_asked_of_its_words_alone(
    relevance_cluster, client, settings
):
    from wagtail.search.backends import get_search_backend

    from search import engine
    from search.engine_adapter import backend_kind
    from search.requests import MAX_QUERY_LENGTH

    # A long list of abbreviations, each bringing all its full forms: more
    # clauses than the engine takes (1024). A visitor pasting such a list
    # gets an answer from the engine, not the outage fallback.
    terms = {t for g in SynonymGroup.objects.all() for t in g.terms.split("/")}

    def weight(term):  # synonym text per character typed
        return sum(map(len, [term, *analysis.synonyms_of(term)])) / (len(term) + 1)

    heaviest = sorted(
        (t for t in terms if analysis.query_words(t) == [t]), key=weight, reverse=True
    )
    words = ["殡葬"]
    for term in heaviest:
        if len(" ".join([*words, term])) > MAX_QUERY_LENGTH:
            break
        words.append(term)
    q = " ".join(words)
    query, _terms = query_selectors.build_query(q, kind=backend_kind("engine"))
    with pytest.raises(Exception) as rejected:
        list(get_search_backend("engine").search(query, SearchEntry.objects.all()))
    assert engine.is_too_complex(rejected.value)
    assert not engine.is_unavailable(rejected.value)

    response = run("engine", q=q)
    assert not response.engine_unavailable
    assert "殡葬惠民补贴和收费减免办法" in titles(response)
    settings.SEARCH_BACKEND_ALIAS = "engine"
    page = client.get("/search/", {"q": q}, **WWW)
    html = re.sub(r"<[^>]+>", "", page.content.decode())
    assert page.status_code == 200
    assert "殡葬惠民补贴和收费减免办法" in html
    assert "暂时不可用" not in html


def test_each_form_of_a_word_weighs_what_the_word_typed_does_on_the_engine():
    from search.engine_adapter import BackendKind

    full = "减轻义务教育阶段学生作业负担和校外培训负担"
    assert query_selectors.engine_terms(full) == 20
    assert query_selectors.engine_terms("简政放权、放管结合") == 6
    assert query_selectors.engine_terms("5G基站") == 2
    assert query_selectors.form_weight("双减", full, BackendKind.ENGINE) == 1 / 20
    assert (
        query_selectors.form_weight("双减", full, BackendKind.POSTGRES)
        == query_selectors.SYNONYM_BOOST
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_long_full_form_does_not_outweigh_the_other_words(relevance_cluster, backend):
    docs = relevance_cluster.docs
    ids = [hit.entry.page_id for hit in run(backend, q="双减 作业公示").hits]
    # Both hold every word; the notice on 作业公示 comes first, not the
    # title holding the twenty terms of 双减's full form.
    assert ids.index(docs["homework"].pk) < ids.index(docs["double_full"].pk)


def test_most_words_of_a_long_query_are_the_words_alone():
    # Each word is repeated in the groups of "most words": with four words
    # and more, their synonyms would pass the engine's clause limit.
    assert "最低生活保障" in repr(query_selectors.partial_query("低保 标准 调整"))
    assert "最低生活保障" not in repr(
        query_selectors.partial_query("低保 标准 调整 城乡")
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_documents_in_force_rank_before_the_versions_they_replaced(
    relevance_cluster, backend
):
    docs = relevance_cluster.docs
    response = run(backend, q="公墓管理办法")
    ids = [hit.entry.page_id for hit in response.hits]
    assert ids[:2] == [docs["burial_new"].pk, docs["burial_old"].pk]
    # Asked for the replaced version: it is there, and the one in force is not.
    expired = run(backend, q="公墓管理办法", validity="expired")
    assert [hit.entry.page_id for hit in expired.hits][:1] == [docs["burial_old"].pk]
    assert docs["burial_new"].pk not in [hit.entry.page_id for hit in expired.hits]


def test_a_page_about_a_document_gives_way_by_one_page_at_most():
    from types import SimpleNamespace as Entry

    from search.selectors.run import standing_order

    news = Entry(kind="news", validity="", name="news")
    replaced = Entry(kind="document", validity="expired", name="replaced")
    documents = [Entry(kind="document", validity="", name=f"d{i}") for i in range(12)]
    ranked = [replaced, news, *documents]
    names = [entry.name for entry in standing_order(ranked)]
    # Behind the ten sources ranked within a page after it, before the rest;
    # the replaced version last of all. The first twenty stay the first twenty.
    assert names == [*(f"d{i}" for i in range(10)), "news", "d10", "d11", "replaced"]
    # Only from the first page of results: after nine others, it stays.
    names = [entry.name for entry in standing_order(ranked, before=9)]
    assert names == ["news", *(f"d{i}" for i in range(12)), "replaced"]
    # Asked for (a 解读 query asks for interpretations), a kind keeps its place.
    interpretation = Entry(kind="interpretation", validity="", name="jd")
    ranked = [interpretation, documents[0]]
    assert [e.name for e in standing_order(ranked, "interpretation")] == ["jd", "d0"]
    assert [e.name for e in standing_order(ranked)] == ["d0", "jd"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("q", "document", "report"),
    [
        # Both titles hold the phrase; the report's is shorter.
        ("河湖长制巡查", "patrol", "patrol_news"),
        # Only the report's title holds the words; the document says them.
        ("秸秆禁烧", "straw", "straw_news"),
        # Only the report's title holds the phrase; the document's holds
        # most of it (文旅融合消费), its text all of it.
        ("文旅融合消费券", "culture_spend", "voucher_news"),
    ],
)
def test_the_document_ranks_before_the_news_reporting_it(
    relevance_cluster, backend, q, document, report
):
    docs = relevance_cluster.docs
    ids = [hit.entry.page_id for hit in run(backend, q=q).hits]
    assert docs[document].pk in ids and docs[report].pk in ids
    assert ids.index(docs[document].pk) < ids.index(docs[report].pk)
    # Asked for news, the report leads.
    news = [hit.entry.page_id for hit in run(backend, q=q, type="news").hits]
    assert news[:1] == [docs[report].pk]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_replaced_version_holding_the_phrase_waits_behind_the_rules_in_force(
    relevance_cluster, backend
):
    docs = relevance_cluster.docs
    # The replaced 公墓管理办法 holds 公墓管理 as typed, the rule in force
    # writes it apart (公墓和殡仪馆管理): in force first.
    ids = [hit.entry.page_id for hit in run(backend, q="公墓管理").hits]
    assert ids[0] == docs["burial_new"].pk
    assert ids.index(docs["burial_rules"].pk) < ids.index(docs["burial_old"].pk)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_title_about_the_phrase_comes_before_one_mentioning_it_whatever_the_organ(
    relevance_cluster, client, settings, backend
):
    docs = relevance_cluster.docs
    # The titles holding 林长制 by their subject, after 关于: the long name of
    # the 林业和草原局 does not put its notice behind a shorter title.
    ids = [hit.entry.page_id for hit in run(backend, q="林长制").hits]
    assert ids.index(docs["forest_city"].pk) < ids.index(docs["forest_check"].pk)
    settings.SEARCH_BACKEND_ALIAS = backend
    api = client.get("/api/search/", {"q": "产教融合型企业"}, **WWW).json()
    assert api["results"][0]["title"] == docs["industry_school"].title


@pytest.mark.parametrize("backend", BACKENDS)
def test_public_page_shows_the_document_before_the_news_reporting_it(
    relevance_cluster, client, settings, backend
):
    settings.SEARCH_BACKEND_ALIAS = backend
    html = client.get("/search/", {"q": "河湖长制巡查"}, **WWW).content.decode()
    html = re.sub(r"<[^>]+>", "", html)  # the words found are marked up
    assert html.index("关于做好河湖长制巡查工作的通知") < html.index(
        "示范市全面开展河湖长制巡查"
    )
    api = client.get("/api/search/", {"q": "秸秆禁烧"}, **WWW).json()
    found = [result["title"] for result in api["results"]]
    assert found.index("关于做好近期有关重点工作的通知") < found.index(
        "示范市推进秸秆综合利用和禁烧取得成效"
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_title_typed_with_its_number_brings_the_other_versions_next(
    relevance_cluster, client, settings, backend
):
    docs = relevance_cluster.docs
    q = "示范市卫生健康委员会关于做好医养结合机构建设工作的通知 示卫健发〔2023〕10号"
    ids = [hit.entry.page_id for hit in run(backend, q=q).hits]
    # The number finds the document; the words beside it rank the rest, so
    # the district's version (another organ, another number) follows.
    assert ids[:2] == [docs["care_city"].pk, docs["care_district"].pk]
    settings.SEARCH_BACKEND_ALIAS = backend
    api = client.get("/api/search/", {"q": q.replace(" ", "")}, **WWW).json()
    found = [result["title"] for result in api["results"]]
    assert found[:2] == [docs["care_city"].title, docs["care_district"].title]


def test_the_words_beside_a_number_are_the_query_once_it_is_found():
    from types import SimpleNamespace as Entry

    from search.requests import SearchRequest

    request = SearchRequest(q="医养结合机构建设 示卫健发[2023]10号")
    found = [Entry(document_number_key="示卫健发〔2023〕10号")]
    assert query_selectors.words_beside_numbers(request, found).q == "医养结合机构建设"
    # Not found, or nothing beside it but 解读: as typed.
    assert query_selectors.words_beside_numbers(request, []) is request
    alone = SearchRequest(q="示卫健发〔2023〕10号 解读")
    assert query_selectors.words_beside_numbers(alone, found) is alone


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_title_typed_without_its_marks_is_found_as_the_title(
    relevance_cluster, client, settings, backend
):
    from search.requests import SearchRequest

    docs = relevance_cluster.docs
    q = "示范市交通运输局关于印发网络预约出租汽车经营服务管理实施细则的通知"
    copies = {docs["taxi"].pk, docs["taxi_copy"].pk}
    # The database's answer before the ranking: both, as titles holding it.
    matches = query_selectors.title_phrase_matches(
        SearchEntry.objects.all(), SearchRequest(q=q)
    )
    assert {entry.page_id for entry in matches} == copies
    settings.SEARCH_BACKEND_ALIAS = backend
    api = client.get("/api/search/", {"q": q}, **WWW).json()
    assert api["results"][0]["title"] == docs["taxi"].title
    assert [r["title"] for r in api["results"][:2]] == [docs["taxi"].title] * 2


def test_a_query_of_marks_alone_is_no_title_phrase(relevance_cluster):
    from search.requests import SearchRequest

    for q in ("‘’", "「」", "〈〉x"):
        request = SearchRequest(q=q)
        assert (
            query_selectors.title_phrase_matches(SearchEntry.objects.all(), request)
            == []
        )


def test_existing_entries_get_their_unmarked_title_from_the_migration(
    relevance_cluster,
):
    import importlib

    from django.apps import apps

    fill = importlib.import_module("search.migrations.0010_title_unmarked").fill
    SearchEntry.objects.update(title_unmarked="")
    fill(apps, None)
    entries = list(SearchEntry.objects.all())
    assert len(entries) > 30
    for entry in entries:
        assert entry.title_unmarked == analysis.unmarked(entry.title)
    taxi = SearchEntry.objects.get(page=relevance_cluster.docs["taxi"])
    assert "《" not in taxi.title_unmarked and "实施细则的通知" in taxi.title_unmarked


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_full_title_finds_the_same_subject_by_other_organs_first(
    relevance_cluster, client, settings, backend
):
    docs = relevance_cluster.docs
    q = docs["plan_district"].title
    ids = [hit.entry.page_id for hit in run(backend, q=q).hits]
    # The organ's other documents of the year hold its name and 2025 too;
    # the same subject by the city's organ comes before them.
    assert ids[:2] == [docs["plan_district"].pk, docs["plan_city"].pk]
    settings.SEARCH_BACKEND_ALIAS = backend
    html = client.get("/search/", {"q": q}, **WWW).content.decode()
    html = re.sub(r"<[^>]+>", "", html)
    city = html.index(docs["plan_city"].title)
    for n in range(4):
        decoy = html.find(docs[f"district_{n}"].title)
        assert decoy == -1 or decoy > city


def test_the_issuing_organ_of_a_title_is_not_its_subject():
    title = "示范市南湖县人民政府办公室关于印发《2025年深化放管服改革工作要点》的通知"
    assert (
        query_selectors.subject_of(title)
        == "印发《2025年深化放管服改革工作要点》的通知"
    )
    assert "县人民政府办公室" not in query_selectors.topic_words(title)
    assert "放管服" in query_selectors.topic_words(title)
    # 关于 first, or no 关于: the whole query.
    assert query_selectors.subject_of("关于加强监管的通知") == "关于加强监管的通知"
    assert query_selectors.subject_of("低保 标准") == "低保 标准"


# --- Abbreviations and split terms ------------------------------------------------


def test_short_forms_of_enumerations():
    assert "专精特新" in analysis.contractions("专业化、精细化、特色化、新颖化中小企业")
    assert analysis.contractions("优化供水、供电、供气、供暖报装") == ["水电气暖"]
    assert analysis.contractions("做好河长制、湖长制巡查") == ["河湖长制"]
    assert analysis.contractions("2025年中学和小学招生") == ["中小学"]
    # Nothing shared, or items of different lengths: no short form by chance.
    assert analysis.contractions("教育、卫生、民政等部门") == []
    assert analysis.contractions("党政机关、企事业单位、社会团体") == []
    assert analysis.contractions("组织体系和工作机制") == []
    assert analysis.contractions("") == []


def test_a_short_form_is_indexed_as_a_query_cuts_it():
    indexed = analysis.words("优化供水、供电、供气、供暖报装")
    assert "水电气暖" in indexed
    # The query cuts the short form (the dictionary does not know it).
    assert set(analysis.query_words("水电气暖")) <= set(indexed)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_short_form_typed_finds_the_enumeration_among_every_word(
    relevance_cluster, backend
):
    from wagtail.search.backends import get_search_backend

    query, _terms = query_selectors.build_query("水电气暖报装")
    found = get_search_backend(backend).search(query, SearchEntry.objects.all())
    assert relevance_cluster.docs["utilities"].pk in [e.page_id for e in found]


def test_compound_parts_of_a_long_query_word(relevance_cluster):
    assert analysis.compound_parts("老旧小区改造") == ["老旧", "小区", "改造"]
    assert analysis.compound_parts("住房公积金") == ["住房", "公积金"]
    # Short words, and words of unknown pieces, are not cut.
    assert analysis.compound_parts("公积金") == []
    assert analysis.compound_parts("义务教育") == []
    assert analysis.compound_parts("双随机一公开") == []


def test_a_query_typing_a_term_with_a_character_inserted_asks_for_the_term(
    relevance_cluster,
):
    assert analysis.query_words("林草长制考核") == ["林长制", "考核"]
    assert analysis.query_words("河湖长制") == ["河长制"]
    assert analysis.query_words("林长制 考核") == ["林长制", "考核"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("林草长制考核", "关于做好林长制督查考核工作的通知"),
        ("老旧小区改造计划", "关于2025年城镇老旧小区综合整治和改造计划的通知"),
        ("水电气暖报装", "关于优化供水、供电、供气、供暖报装服务的通知"),
        ("中小学招生", "关于做好中学和小学招生入学工作的通知"),
        # Above another title holding part of it, its text all of it.
        ("产教融合型企业", "关于做好产业与教育融合型企业认定工作的通知"),
    ],
)
def test_a_term_written_apart_or_in_full_is_found_first(
    relevance_cluster, backend, q, title
):
    assert titles(run(backend, q=q))[0] == title


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("发改委", "示范市发展和改革委员会2024年部门预算"),
        ("个人所得税", "个税专项附加扣除操作指引"),
        ("林长制", "关于全面推行林草长制的实施意见"),
        ("河长制", "关于全面推行林草长制的实施意见"),
    ],
)
def test_abbreviations_full_forms_and_split_terms_are_found(
    relevance_cluster, backend, q, title
):
    assert title in titles(run(backend, q=q))


# --- Validity ------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_validity_filter_lets_other_kinds_pass_unless_documents_only(
    relevance_cluster, backend
):
    mark_source_valid(relevance_cluster, backend)
    found = run(backend, q="居民缴费", validity="valid")
    kinds = {hit.entry.kind for hit in found.hits}
    assert {"document", "interpretation"} <= kinds
    only = run(backend, q="居民缴费", validity="valid", type="document")
    assert {hit.entry.kind for hit in only.hits} == {"document"}
    # The validity facet counts documents only (the interpretation passes the
    # filter but is not counted as valid).
    counts = {value.value: value.count for value in found.facets["validity"]}
    assert counts == {"valid": only.total}
    assert found.total > only.total


def mark_source_valid(cluster, backend):
    """The interpretation's source is a document in force, on ``backend``."""
    from wagtail.search.backends import get_search_backend

    docs = cluster.docs
    SearchEntry.objects.filter(page_id=docs["yibao"].pk).update(validity="valid")
    index_entries(get_search_backend(backend))


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_validity_filter_ranks_documents_before_other_kinds(
    relevance_cluster, backend
):
    mark_source_valid(relevance_cluster, backend)
    response = run(backend, q="居民缴费", validity="valid")
    kinds = [hit.entry.kind for hit in response.hits]
    # The interpretation's title holds the words: it still follows the documents.
    assert kinds[0] == "document" and "interpretation" in kinds
    assert kinds.index("interpretation") > max(
        i for i, kind in enumerate(kinds) if kind == "document"
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_results_page_and_api_say_validity_does_not_apply(
    relevance_cluster, client, settings, backend
):
    settings.SEARCH_BACKEND_ALIAS = backend
    mark_source_valid(relevance_cluster, backend)
    html = client.get("/search/", {"q": "居民缴费", "validity": "valid"}, **WWW)
    assert html.status_code == 200
    text = html.content.decode()
    assert "不适用有效性" in text and "政策解读" in text
    api = client.get("/api/search/", {"q": "居民缴费", "validity": "valid"}, **WWW)
    rows = {row["title"]: row for row in api.json()["results"]}
    assert rows["图解：居民缴费怎么调"]["validity_applies"] is False
    assert rows["关于调整城乡居民医保缴费标准的通知"]["validity_applies"] is True


# --- Interpretations ---------------------------------------------------------------


def test_interpretation_entry_holds_its_sources(relevance_cluster):
    entry = SearchEntry.objects.get(page_id=relevance_cluster.docs["interpretation"].pk)
    assert "示政办发〔2023〕12号" in entry.related_text
    assert "关于调整城乡居民医保缴费标准的通知" in entry.related_text
    assert "城乡居民" in entry.related_text_segmented.split()
    assert entry.validity == ""


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "params",
    [
        {"q": "关于调整城乡居民医保缴费标准的通知 解读"},
        {"q": "城乡居民医保缴费标准", "type": "interpretation"},
    ],
)
def test_interpretation_query_ranks_the_interpretation_then_its_source(
    relevance_cluster, backend, params
):
    found = titles(run(backend, **params))
    assert found[0] == "图解：居民缴费怎么调"
    if "type" not in params:
        assert found[1] == "关于调整城乡居民医保缴费标准的通知"


@pytest.mark.parametrize("backend", BACKENDS)
def test_public_page_and_api_bring_the_interpretation_at_rank_one(
    relevance_cluster, client, settings, backend
):
    settings.SEARCH_BACKEND_ALIAS = backend
    q = "示政办发〔2023〕12号 解读"
    html = client.get("/search/", {"q": q}, **WWW).content.decode()
    assert html.index("图解：居民缴费怎么调") < html.index(
        "关于调整城乡居民医保缴费标准的通知"
    )
    api = client.get("/api/search/", {"q": q}, **WWW).json()
    assert api["results"][0]["title"] == "图解：居民缴费怎么调"
    assert api["results"][0]["type_label"] == "政策解读"


def test_interpretation_is_reindexed_when_its_source_changes(
    relevance_cluster, django_capture_on_commit_callbacks
):
    source = Page.objects.get(pk=relevance_cluster.docs["yibao"].pk).specific
    source.title = "关于调整城乡居民医保个人缴费标准的通知"
    with django_capture_on_commit_callbacks(execute=True):
        source.save_revision().publish()
    entry = SearchEntry.objects.get(page_id=relevance_cluster.docs["interpretation"].pk)
    assert "关于调整城乡居民医保个人缴费标准的通知" in entry.related_text


@pytest.mark.parametrize(
    ("q", "content"),
    [
        ("居民 缴费标准 解读", "居民缴费标准"),
        ("一图读懂医保缴费", "医保缴费"),
        ("营商环境政策问答", "营商环境"),
        ("图解：居民缴费怎么调", "居民缴费怎么调"),
        # Nothing else asked: the interpretations themselves.
        ("政策解读", "政策解读"),
    ],
)
def test_interpretation_words_are_not_words_to_match(q, content):
    # Joined: how the segmenter cuts the rest is its own business.
    assert "".join(query_selectors.content_words(q)) == content


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("q", ["居民 缴费标准 解读", "一图读懂 居民 缴费标准"])
def test_words_apart_with_an_interpretation_word_bring_interpretations_first(
    relevance_cluster, backend, q
):
    """Not a title phrase: the ranked tiers put the interpretation first and
    still find its source, though neither title holds 解读 or 一图读懂."""
    found = titles(run(backend, q=q))
    assert found[0] == "图解：居民缴费怎么调"
    assert "关于调整城乡居民医保缴费标准的通知" in found[1:4]


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_interpretation_word_without_interpretations_finds_the_documents(
    relevance_cluster, backend
):
    found = titles(run(backend, q="个税 附加扣除 政策问答"))
    assert found[0] == "个税专项附加扣除操作指引"


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_date_listing_with_an_interpretation_word_stays_by_date(
    relevance_cluster, backend
):
    response = run(backend, q="居民 缴费标准 解读", sort="date")
    dates = [hit.entry.date for hit in response.hits]
    assert dates == sorted(dates, reverse=True)
    assert "图解：居民缴费怎么调" in titles(response)
