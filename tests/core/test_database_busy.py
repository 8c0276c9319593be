"""The embedded SQLite database under a second writer (issue 13.5).

The admin's autosave and a publish write at the same time; SQLite lets one
writer in. The test copies the test database into a file, points Django's
connection at it and holds the write lock from a second connection, as the
autosave request would.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from config.settings import env
from disclosure_pages.models import DisclosureDocumentPage
from tests.admin_forms import browser_form_data
from tests.publishing.helpers import build_site
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sqlite_only():
    # Marked `sqlite`: scripts/test.sh runs these on the embedded database
    # after the PostgreSQL run; anywhere else they would prove nothing.
    if connection.vendor != "sqlite":
        pytest.fail(
            "This test is about the embedded SQLite database: run it without "
            "DATABASE_URL (`pytest -m sqlite`; scripts/test.sh does)."
        )


@contextmanager
def file_database(path, *, timeout: float):
    """Point the default connection at a file copy of the test database."""
    connection.ensure_connection()
    memory = connection.connection
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    params = connection.get_connection_params()
    params.update(database=str(path), timeout=timeout)
    connection.connection = connection.get_new_connection(params)
    try:
        yield
    finally:
        connection.connection.close()
        connection.connection = memory


@contextmanager
def write_lock(path, *, release_after: float | None = None):
    """Hold SQLite's write lock from another connection (the autosave)."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    timer = None
    if release_after is not None:
        timer = threading.Timer(release_after, other.execute, args=("COMMIT",))
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.join()
        else:
            other.execute("ROLLBACK")
        other.close()


@pytest.fixture
def editor(client, sqlite_only):
    site = build_site("busy", "busy.localhost")
    admin = get_user_model().objects.create_superuser("busy-admin", "b@x.invalid", "pw")
    login_verified(client, admin)
    url = reverse(
        "wagtailadmin_pages:add",
        args=("disclosure_pages", "disclosuredocumentpage", site.column.pk),
    )
    data = browser_form_data(
        client,
        url,
        title="关于做好政务公开工作的通知",
        slug="busy-doc",
        organization=str(site.organization.pk),
        body=rich_text("<p>正文。</p>"),
    )
    data["action-publish"] = "1"
    return url, data


def test_sqlite_waits_for_the_lock_and_takes_it_at_transaction_start(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SQLITE_TIMEOUT", raising=False)
    options = env.database(default="sqlite:////tmp/x.sqlite3")["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


@pytest.mark.sqlite
def test_publish_waits_while_another_write_finishes(client, editor, tmp_path):
    url, data = editor
    with file_database(tmp_path / "db.sqlite3", timeout=10):
        with write_lock(tmp_path / "db.sqlite3", release_after=0.5):
            response = client.post(url, data)
        assert response.status_code == 302
        page = DisclosureDocumentPage.objects.get(slug="busy-doc")
        assert page.live and page.index_number


@pytest.mark.sqlite
def test_lock_held_too_long_gives_a_chinese_503(client, editor, tmp_path):
    url, data = editor
    with file_database(tmp_path / "db.sqlite3", timeout=0.3):
        with write_lock(tmp_path / "db.sqlite3"):
            response = client.post(url, data)
        assert response.status_code == 503
        assert response["Retry-After"]
        assert "系统正忙" in response.content.decode()
        # Nothing was half-written: no hidden draft to trip the next attempt.
        assert not DisclosureDocumentPage.objects.filter(slug="busy-doc").exists()
        # The autosave asks for JSON and gets Wagtail's error shape, in Chinese.
        with write_lock(tmp_path / "db.sqlite3"):
            response = client.post(url, data, HTTP_ACCEPT="application/json")
        assert response.status_code == 503
        assert response.json()["error_code"] == "database_busy"
        assert "系统正忙" in response.json()["error_message"]
