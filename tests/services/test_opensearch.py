"""The search engine is a real OpenSearch node (see scripts/services.sh)."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from disclosure_pages.models import (
    DisclosureColumnPage,
    DisclosureDocumentPage,
    Organization,
)

pytestmark = [pytest.mark.opensearch, pytest.mark.django_db]


@pytest.fixture
def demo_cluster(module_demo_cluster, db):
    """Loaded once for this module (tests/conftest.py); each test rolls back."""
    return module_demo_cluster


@pytest.fixture
def engine(search_engine_backend, settings, demo_cluster):
    """Route Wagtail's automatic index updates to the engine, on a fresh index."""
    backends = dict(settings.WAGTAILSEARCH_BACKENDS)
    backends["engine"] = {**backends["engine"], "AUTO_UPDATE": True}
    settings.WAGTAILSEARCH_BACKENDS = backends
    call_command("update_index", backend_name="engine", stdout=io.StringIO())
    return search_engine_backend


def _refresh(backend):
    backend.get_index_for_model(Page).refresh()


def _titles(backend, query):
    _refresh(backend)
    return {page.title for page in backend.search(query, Page.objects.live())}


def test_server_is_opensearch(search_engine_backend):
    info = search_engine_backend.engine_info
    assert info["version"]["distribution"] == "opensearch"
    assert int(info["version"]["number"].split(".")[0]) >= 2


def test_index_uses_chinese_bigram_analysis(engine):
    index = engine.get_index_for_model(Page)
    tokens = engine.es.indices.analyze(
        index=index.name, body={"analyzer": "default", "text": "政务公开"}
    )["tokens"]
    assert [token["token"] for token in tokens] == ["政务", "务公", "公开"]


def test_published_page_is_found_by_chinese_query(engine):
    catalog = DisclosureColumnPage.objects.get(url_path="/dc/xxgk/zcwj/")
    page = DisclosureDocumentPage(
        organization=Organization.objects.get(name="示范市东城区人民政府办公室"),
        title="关于做好信息发布工作的通知",
        body="<p>各单位要把政务公开作为重要工作，按时发布文件。</p>",
        live=False,
    )
    catalog.add_child(instance=page)
    assert "关于做好信息发布工作的通知" not in _titles(engine, "政务公开")

    page.save_revision().publish()

    assert "关于做好信息发布工作的通知" in _titles(engine, "政务公开")
    assert "关于做好信息发布工作的通知" not in _titles(engine, "养老保险")

    page.refresh_from_db()
    page.unpublish()
    assert "关于做好信息发布工作的通知" not in _titles(engine, "政务公开")


def test_seed_documents_are_found_after_rebuild(engine):
    titles = _titles(engine, "十政办发〔2015〕32号")
    assert "市人民政府办公室关于印发2015年全市政务公开政务服务工作要点的通知" in titles
    assert _titles(engine, "量子计算") == set()
