import pytest

from disclosure_pages.models import DisclosureColumnPage, DisclosureDocumentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cluster(module_demo_cluster, db):
    """Loaded once for this module (tests/conftest.py)."""
    return module_demo_cluster


def test_empty_query_gets_a_friendly_page(client, demo_cluster):
    response = client.get("/search/", HTTP_HOST="www.localhost")
    assert response.status_code == 200
    assert "请输入要查找的关键词" in response.content.decode()


def test_over_long_query_gets_a_friendly_page(client, demo_cluster):
    response = client.get("/search/", {"q": "政" * 101}, HTTP_HOST="www.localhost")
    assert response.status_code == 200
    assert "检索词过长" in response.content.decode()


def _add_document(site_slug, title):
    catalog = DisclosureColumnPage.objects.get(url_path=f"/{site_slug}/xxgk/zcwj/")
    organization = DisclosureDocumentPage.objects.first().organization
    page = DisclosureDocumentPage(
        title=title, body="<p>scopecheck</p>", organization=organization
    )
    catalog.add_child(instance=page)
    page.save_revision().publish()


def test_site_scope_and_cluster_scope(
    client, demo_cluster, django_capture_on_commit_callbacks
):
    # Publishing enqueues the search-entry update after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        _add_document("dc", "东城区文件")
        _add_document("www", "市级文件")
    query = {"q": "scopecheck"}
    own = client.get("/search/", query, HTTP_HOST="dc.localhost").content.decode()
    assert "东城区文件" in own
    assert "市级文件" not in own
    everywhere = client.get(
        "/search/", {**query, "scope": "all"}, HTTP_HOST="dc.localhost"
    ).content.decode()
    assert "东城区文件" in everywhere
    assert "市级文件" in everywhere
