"""Site migration importer of interpretations and their source links (#19)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.importfiles import LineError
from policy_interpretation.importing import InterpretationImporter
from policy_interpretation.models import PolicyInterpretationPage
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def target():
    _site, home = make_site("jd", hostname="jd.localhost")
    _catalog, docs, jd = make_catalog(
        home, ("zcwj", "policy"), ("zcjd", "interpretation")
    )
    _other_site, other_home = make_site("other", hostname="other.localhost")
    _c, other_docs = make_catalog(other_home, ("zcwj", "policy"))
    organization = make_organization("示范市人民政府办公室")
    own = make_document(
        docs,
        organization=organization,
        title="示范市促进就业的若干措施",
        document_number="示政发〔2024〕3号",
        source_id="d-1",
    )
    # Another site of the cluster with a document of the same source id.
    foreign = make_document(
        other_docs,
        organization=organization,
        title="另一网站的文件",
        document_number="示政办发〔2023〕8号",
        source_id="d-1",
    )
    # Two documents of another site with one number: neither is the site's own.
    twin_a = make_document(
        other_docs, organization=organization, document_number="示政函〔2022〕5号"
    )
    twin_b = make_document(
        other_docs, organization=organization, document_number="示政函〔2022〕5号"
    )
    return {
        "home": home,
        "column": jd,
        "own": own,
        "foreign": foreign,
        "twins": (twin_a, twin_b),
    }


def _importer(target, **options):
    def columns(ref):
        if ref != "zcjd":
            raise LineError("栏目不存在。")
        return target["column"]

    return InterpretationImporter(
        section_root=target["home"], columns=columns, base_dir=None, **options
    )


def _record(n, interprets, **values):
    record = {
        "source_id": f"jd-{n}",
        "column": "zcjd",
        "title": f"一图读懂第{n}号文件",
        "interpreter": "示范市人力资源和社会保障局",
        "body_text": "解读正文。",
        "published_at": "2024-03-02 09:00",
        "interprets": interprets,
    }
    record.update(values)
    return record


def _run(importer, records):
    return importer.run(list(enumerate(records, start=1)))


def _sources(source_id):
    page = PolicyInterpretationPage.objects.get(source_id=source_id)
    return [link.document for link in page.source_links.all()]


def test_sources_are_linked_by_source_id_number_and_url(target):
    own, foreign = target["own"], target["foreign"]
    importer = _importer(
        target, resolve_url=lambda url: foreign if url.endswith("/8.html") else None
    )
    report = _run(
        importer,
        [
            # The site's own document wins over another site's same source id.
            _record(1, ["d-1"]),
            _record(2, [{"document_number": "示政发[2024]3号"}]),
            _record(3, [{"url": "http://old.example.gov.cn/art/8.html"}]),
        ],
    )
    assert (report.created, report.failed) == (3, 0), report.problems
    assert _sources("jd-1") == [own]
    assert _sources("jd-2") == [own]
    assert _sources("jd-3") == [foreign]
    page = PolicyInterpretationPage.objects.get(source_id="jd-1")
    assert page.imported
    assert page.first_published_at == timezone.make_aware(
        datetime.datetime(2024, 3, 2, 9)
    )


def test_an_ambiguous_or_unknown_source_is_reported(target):
    records = [_record(1, ["示政函〔2022〕5号", "nothing-here"])]
    report = _run(_importer(target), records)
    # Not strict: imported without the links, each problem a warning.
    assert report.created == 1
    messages = [p.message for p in report.warnings if p.field == "interprets"]
    assert len(messages) == 2
    assert "多份文件" in messages[0] and target["twins"][0].title in messages[0]
    assert _sources("jd-1") == []

    report = _run(_importer(target, strict=True), [_record(2, ["nothing-here"])])
    assert report.failed == 1
    assert report.errors[0].field == "interprets"
    assert not PolicyInterpretationPage.objects.filter(source_id="jd-2").exists()


def test_a_rerun_updates_and_adds_no_duplicate_link(target):
    _run(_importer(target), [_record(1, ["d-1"])])
    report = _run(_importer(target), [_record(1, ["d-1"], title="新标题")])
    assert (report.created, report.updated) == (0, 1)
    page = PolicyInterpretationPage.objects.get()
    assert page.title == "新标题"
    assert page.source_links.count() == 1


def test_every_error_of_a_bad_interpretation_is_reported(target):
    bad = _record(
        1,
        "d-1",
        form="video",
        body_text="",
        interpreter="x" * 129,
        published_at="明天",
    )
    report = _run(_importer(target), [bad])
    assert report.failed == 1
    assert {p.field for p in report.errors} == {
        "video_url",
        "body",
        "interpreter",
        "published_at",
    }
    assert not PolicyInterpretationPage.objects.exists()


def test_the_bulk_path_links_sources_as_the_page_api_does(target):
    from wagtail.models import ReferenceIndex, Revision

    own, foreign = target["own"], target["foreign"]
    records = [_record(1, ["d-1", {"document_number": "示政发[2024]3号"}])]
    _run(_importer(target), records)
    _run(_importer(target, bulk=False), [_record(2, ["d-1"])])
    bulk = PolicyInterpretationPage.objects.get(source_id="jd-1")
    single = PolicyInterpretationPage.objects.get(source_id="jd-2")
    assert [link.document for link in bulk.source_links.all()] == [own]
    for page in (bulk, single):
        revision = Revision.objects.get(pk=page.live_revision_id)
        assert [s["document"] for s in revision.content["source_links"]] == [own.pk]
        # Where-used: the source document lists the interpretation.
        assert (
            ReferenceIndex.get_references_to(own)
            .filter(object_id=str(page.pk))
            .exists()
        )
    assert foreign not in bulk.live_sources()


def test_the_bulk_path_keeps_the_order_of_several_sources(target):
    own, foreign = target["own"], target["foreign"]
    importer = _importer(
        target, resolve_url=lambda url: foreign if url.endswith("/8.html") else None
    )
    records = [_record(1, [{"url": "http://old.example.gov.cn/art/8.html"}, "d-1"])]
    assert _run(importer, records).created == 1
    page = PolicyInterpretationPage.objects.get(source_id="jd-1")
    assert _sources("jd-1") == [foreign, own]
    assert list(page.source_links.values_list("sort_order", flat=True)) == [0, 1]
