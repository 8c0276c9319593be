"""The search engine does not answer (#14.5): searches still answer from the
database with a Chinese notice (the API with 503 unless an exact number was
found), and index updates made meanwhile are queued, not lost.

The engine here is a real OpenSearch client pointed at a closed port, so every
request fails as it does when the engine is stopped; tests/search/test_outage.py
stops the real engine.
"""

import io
import json

import pytest
from django.core.management import call_command

from search import services
from search.index_settings import CHINESE_INDEX_SETTINGS
from search.models import PendingIndexUpdate, SearchEntry
from tests.search.conftest import add_document

HOST = "www.localhost"
NOTICE = "站内搜索服务暂时不可用"
DOWN_ENGINE = {
    "BACKEND": "wagtail.search.backends.opensearch3",
    # Nothing listens on the discard port: connection refused at once.
    "URLS": ["http://127.0.0.1:9"],
    "INDEX_PREFIX": "down_",
    "TIMEOUT": 2,
    "OPTIONS": {"max_retries": 0},
    "INDEX_SETTINGS": CHINESE_INDEX_SETTINGS,
}


@pytest.fixture
def demo_cluster(module_demo_cluster, db):
    """Loaded once for this module (tests/conftest.py); each test rolls back."""
    return module_demo_cluster


@pytest.fixture
def engine_down(settings, demo_cluster):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"},
        "engine": DOWN_ENGINE,
    }
    settings.SEARCH_BACKEND_ALIAS = "engine"
    services.rebuild_entries()
    return SearchEntry.objects.exclude(document_number="").first()


def test_results_page_answers_exact_numbers_from_the_database(client, engine_down):
    doc = engine_down
    response = client.get("/search/", {"q": doc.document_number}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert NOTICE in response.content.decode()
    hit = response.context["response"].hits[0]
    assert hit.entry.pk == doc.pk and hit.exact
    # The result link goes through the click endpoint to the entry (#20.8).
    assert f"entry={hit.entry.pk}&amp;pos=1" in response.content.decode()


def test_results_page_with_words_shows_the_notice_and_title_matches(
    client, engine_down
):
    doc = engine_down
    word = doc.title[:4]
    response = client.get("/search/", {"q": word}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert NOTICE in response.content.decode()
    assert response.context["response"].total >= 1


def test_api_answers_503_json_unless_an_exact_number_was_found(client, engine_down):
    doc = engine_down
    response = client.get("/api/search/", {"q": "政务公开"}, HTTP_HOST=HOST)
    assert response.status_code == 503
    body = response.json()
    assert NOTICE in body["error"] and body["engine_unavailable"] is True

    response = client.get("/api/search/", {"q": doc.document_number}, HTTP_HOST=HOST)
    assert response.status_code == 200
    body = response.json()
    assert body["engine_unavailable"] is True
    assert body["results"][0]["document_number"] == doc.document_number
    assert body["results"][0]["exact_match"] is True

    response = client.get("/api/search/", {"q": doc.index_number}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response.json()["results"][0]["index_number"] == doc.index_number


def test_plain_filters_need_no_engine(client, engine_down):
    response = client.get(
        "/api/search/", {"type": "document", "scope": "all"}, HTTP_HOST=HOST
    )
    assert response.status_code == 200
    body = response.json()
    assert "engine_unavailable" not in body
    assert body["total"] >= 5  # the demo seed documents
    assert {result["type"] for result in body["results"]} == {"document"}


def test_autocomplete_falls_back_to_titles(client, engine_down):
    doc = engine_down
    response = client.get(
        "/api/search/autocomplete/",
        {"q": doc.title[:4], "scope": "all"},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    assert doc.title in [r["title"] for r in response.json()["results"]]


def test_publish_and_import_are_queued(
    engine_down, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = add_document("www", "down1", "停机期间发布的通知", "正文内容。")
    entry = SearchEntry.objects.get(page=page)
    assert PendingIndexUpdate.objects.filter(
        backend="engine", entry_id=entry.pk
    ).exists()

    path = tmp_path / "docs.jsonl"
    path.write_text(
        json.dumps(
            {
                "title": "停机期间导入的文件",
                "body_text": "正文。",
                "document_number": "示政发〔2026〕77号",
                "published_at": "2026-01-05 10:30",
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_documents", str(path), "--site", "www", "--column", "zcwj",
            "--organization", page.organization.name, "--no-progress",
            stdout=out, stderr=io.StringIO(),
        )  # fmt: skip
    assert "新建 1 篇" in out.getvalue()
    imported = SearchEntry.objects.get(title="停机期间导入的文件")
    assert PendingIndexUpdate.objects.filter(
        backend="engine", entry_id=imported.pk
    ).exists()


def test_retry_command_reports_the_engine_still_down(engine_down):
    from django.core.management import CommandError

    entry = SearchEntry.objects.first()
    PendingIndexUpdate.objects.create(backend="engine", entry_id=entry.pk)
    with pytest.raises(CommandError, match="still unavailable"):
        call_command("retry_search_index", stdout=io.StringIO())
    row = PendingIndexUpdate.objects.get()
    assert row.attempts == 1 and row.last_error


def test_dashboard_shows_the_backlog(admin_client, engine_down):
    entry = SearchEntry.objects.first()
    PendingIndexUpdate.objects.create(backend="engine", entry_id=entry.pk)
    response = admin_client.get("/admin/", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert "1 条索引更新等待写入" in response.content.decode()
