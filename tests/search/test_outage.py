"""The real OpenSearch stops and comes back (#14.5).

While it is down, searches answer from the database, a publication and an
import succeed and their index updates are queued in the database; when it is
back, the first search it answers applies the queue and everything is found.

Marked ``outage``: it stops the engine at SEARCH_URL through scripts/services.sh,
so it never runs with the other tests (pyproject's addopts leave it out;
scripts/test.sh runs it alone, after the main run). It refuses to stop an
engine this checkout did not start.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from demo.services import load_demo_cluster
from search import services
from search.models import PendingIndexUpdate, SearchEntry
from tests.search.conftest import add_document, index_entries

pytestmark = [pytest.mark.outage, pytest.mark.opensearch, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
HOST = "www.localhost"
# A loaded two-core machine may need a minute or more to start the JVM.
START_TIMEOUT = 420


def _port() -> int:
    url = os.environ.get("SEARCH_URL")
    if not url:
        pytest.fail("The outage test needs SEARCH_URL (`make test` sets it).")
    return urlsplit(url).port or 9200


def _own_engine_pid(port: int) -> int:
    """The pid of the engine at ``port`` started from this checkout, or fail:
    never stop an engine someone else runs."""
    pidfile = ROOT / ".services" / "opensearch.pid"
    try:
        pid = int(pidfile.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        pytest.fail(f"No OpenSearch started from this checkout ({pidfile}).")
    if f"{port - 1}".encode() not in cmdline:  # -baseHttpPort PORT-1
        pytest.fail(
            f"The OpenSearch started from this checkout does not serve port {port};"
            " refusing to stop another engine."
        )
    return pid


def _services(action: str, port: int) -> None:
    env = {
        **os.environ,
        "OPENSEARCH_PORT": str(port),
        "OPENSEARCH_START_TIMEOUT": str(START_TIMEOUT),
    }
    subprocess.run(
        ["/bin/bash", "scripts/services.sh", action, "opensearch"],
        cwd=ROOT, env=env, check=True, timeout=START_TIMEOUT + 60,
    )  # fmt: skip


def _wait_until_answering(backend, index_name: str) -> None:
    """Cluster health at least yellow and the test's index answering."""
    deadline = time.monotonic() + START_TIMEOUT
    state = "no answer"
    while time.monotonic() < deadline:
        try:
            state = backend.es.cluster.health()["status"]
            if state in ("yellow", "green"):
                backend.es.count(index=index_name)
                return
        except Exception as error:  # noqa: BLE001 - still starting
            state = str(error)
        time.sleep(2)
    pytest.fail(f"OpenSearch did not come back: {state}")


def _engine_titles(backend, q: str) -> list[str]:
    return [e.title for e in backend.search(q, SearchEntry.objects.all())[:50]]


@pytest.fixture
def engine(settings):
    """The real engine as the citizens' search backend, updated on publish."""
    port = _port()
    _own_engine_pid(port)
    engine_conf = settings.WAGTAILSEARCH_BACKENDS.get("engine")
    if engine_conf is None:
        pytest.fail("The outage test needs SEARCH_URL (`make test` sets it).")
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "engine": {**engine_conf, "AUTO_UPDATE": True, "OPTIONS": {"max_retries": 0}},
    }
    settings.SEARCH_BACKEND_ALIAS = "engine"
    backend = get_search_backend("engine")
    yield backend, port
    # Whatever happened, leave the engine running for whoever comes next.
    try:
        backend.es.info()
    except Exception:  # noqa: BLE001 - down: start it again
        _services("start", port)


def _jsonl(tmp_path) -> Path:
    path = tmp_path / "outage.jsonl"
    records = [
        {
            "title": f"停机期间导入的水利工程文件{n}",
            "body_text": "关于水利工程建设的安排。",
            "document_number": f"示政发〔2026〕{80 + n}号",
            "published_at": "2026-02-01 09:00",
        }
        for n in (1, 2)
    ]
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
        encoding="utf-8",
    )
    return path


def test_outage_then_recovery(
    client, engine, tmp_path, django_capture_on_commit_callbacks
):
    backend, port = engine
    load_demo_cluster(port=80, public_content=False)
    services.rebuild_entries()
    index_entries(backend)
    index_name = backend.get_index_for_model(SearchEntry).name
    seed = SearchEntry.objects.exclude(document_number="").first()

    response = client.get("/api/search/", {"q": "政务公开"}, HTTP_HOST=HOST)
    assert response.status_code == 200 and response.json()["total"] > 0

    _services("stop", port)
    with pytest.raises(Exception):  # noqa: B017 - any client error
        backend.es.info()

    # Searches answer from the database, with the notice.
    response = client.get("/api/search/", {"q": "政务公开"}, HTTP_HOST=HOST)
    assert response.status_code == 503
    assert "站内搜索服务暂时不可用" in response.json()["error"]
    response = client.get("/api/search/", {"q": seed.document_number}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == seed.page_id
    page = client.get("/search/", {"q": "政务公开"}, HTTP_HOST=HOST)
    assert page.status_code == 200
    assert "站内搜索服务暂时不可用" in page.content.decode()
    assert (
        client.get(
            "/api/search/autocomplete/", {"q": "政务"}, HTTP_HOST=HOST
        ).status_code
        == 200
    )

    # A publication and an import succeed; their updates are queued.
    with django_capture_on_commit_callbacks(execute=True):
        published = add_document(
            "www", "outage1", "停机期间发布的防汛抗旱通知", "防汛抗旱工作安排。"
        )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_documents", str(_jsonl(tmp_path)), "--site", "www",
            "--column", "zcwj", "--organization", published.organization.name,
            "--no-progress", stdout=out, stderr=io.StringIO(),
        )  # fmt: skip
    assert "新建 2 篇，更新 0 篇，失败 0 篇" in out.getvalue()
    queued = PendingIndexUpdate.objects.filter(backend="engine")
    assert queued.count() >= 3

    _services("start", port)
    _wait_until_answering(backend, index_name)

    # The first search the engine answers applies the queue, by itself.
    response = client.get("/api/search/", {"q": "政务公开"}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert "engine_unavailable" not in response.json()
    assert not queued.exists()
    backend.get_index_for_model(SearchEntry).refresh()
    assert "停机期间发布的防汛抗旱通知" in _engine_titles(backend, "防汛抗旱")
    titles = _engine_titles(backend, "水利工程")
    assert "停机期间导入的水利工程文件1" in titles
    assert "停机期间导入的水利工程文件2" in titles
    response = client.get("/api/search/", {"q": "防汛抗旱"}, HTTP_HOST=HOST)
    assert "停机期间发布的防汛抗旱通知" in [
        r["title"] for r in response.json()["results"]
    ]
