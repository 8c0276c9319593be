"""Control characters in request parameters (#14.4): a NUL byte once reached
PostgreSQL and answered 500. They are refused with 400 and a Chinese message
when the request is parsed, before any view or query runs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

HOST = "www.localhost"


@pytest.fixture
def cluster(module_demo_cluster, db):
    """The demo cluster, loaded once for this module (tests/conftest.py)."""
    return module_demo_cluster


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/search/?q=%E9%80%9A%E7%9F%A5%00",
        "/search/?category=%00",
        "/search/?q=a&site=%01",
        "/search/?q%00=x",
        "/xxgk/?page=%1b",
    ],
)
def test_public_pages_refuse_control_characters(client, cluster, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST=HOST)
    assert response.status_code == 400
    assert "text/html" in response["Content-Type"]
    assert "请求包含不允许的控制字符" in response.content.decode()
    # Refused before the view: no query ran.
    assert len(queries) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/api/search/?q=%00",
        "/api/search/?q=%E9%80%9A%E7%9F%A5&category=%00",
        "/api/search/?year=%7f",
        "/api/search/autocomplete/?q=%00",
    ],
)
def test_api_refuses_control_characters_with_json(client, cluster, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST=HOST)
    assert response.status_code == 400
    body = response.json()
    assert "控制字符" in body["error"]
    assert len(queries) == 0


def test_posted_forms_refuse_control_characters(client, cluster):
    response = client.post(
        "/admin/login/", {"username": "admin\x00", "password": "x"}, HTTP_HOST=HOST
    )
    assert response.status_code == 400
    assert "请求包含不允许的控制字符" in response.content.decode()


def test_ordinary_whitespace_is_still_accepted(client, cluster):
    # Tabs and line breaks are typed into text areas; they stay allowed.
    response = client.get("/search/?q=%E9%80%9A%E7%9F%A5%09%0D%0A", HTTP_HOST=HOST)
    assert response.status_code == 200
    response = client.get("/api/search/?q=%E9%80%9A%E7%9F%A5%0A", HTTP_HOST=HOST)
    assert response.status_code == 200


def test_file_uploads_are_not_inspected(admin_client, cluster):
    # Binary file content is the upload checks' business, not this one's.
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("a.txt", b"x\x00y\x01")},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200


def test_english_request_gets_the_english_page(client, cluster):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/?q=%00", HTTP_HOST=HOST)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "control characters that are not allowed" in html
    assert len(queries) == 0
