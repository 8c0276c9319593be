from unittest import mock

from django.db.utils import OperationalError


def test_healthz_reports_database_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_when_database_fails(client, db):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("down"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "OperationalError"


def test_healthz_rejects_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_any_host(client, db, settings):
    # Health checks call by IP address, which is no registered domain.
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.1.2.3:8000").status_code == 400
