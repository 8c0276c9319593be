"""The whole admin journey with the real run service (site_migration.services):
upload → dry run (nothing kept) → report → 开始正式导入 → pages, organisations
and old-URL redirects that answer on the site's hosts.

The background is the task itself, called once the request has committed (a
real thread of the web process is the browser journey's:
tests/browser/test_site_migration_journey.py).
"""

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.roles import OFFICE_GROUP
from disclosure_pages.models import Organization
from site_migration import tasks
from site_migration.choices import RunStatus
from site_migration.models import MigratedUrl, MigrationRun
from site_registry import domains
from tests.admin_forms import browser_form_data
from tests.factories.disclosure import valid_org_code
from tests.site_registry.factories import open_city
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db
MANIFEST = {"format": "govcluster-site-migration", "version": 1}


def package_zip() -> bytes:
    """A small package: two columns with old URLs, two organisations (one
    with a bad organisation code)."""
    files = {
        "manifest.json": MANIFEST,
        "columns.jsonl": [
            {"source_id": "c-news", "title": "旧站动态", "slug": "jzdt", "kind": "news",
             "old_url": "http://old.fgw.localhost/col/col101/index.html"},
            {"source_id": "c-note", "title": "旧站公告", "slug": "jzgg",
             "kind": "notice", "old_url": "/col/col102/index.html?uid=7"},
        ],
        "organizations.jsonl": [
            {"source_id": "o1", "name": "示范市发展和改革委员会办公室",
             "org_code": valid_org_code(7001)},
            {"source_id": "o2", "name": "坏代码机构", "org_code": "12345678X"},
        ],
    }  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, content in files.items():
            if isinstance(content, dict):
                data = json.dumps(content, ensure_ascii=False)
            else:
                data = "\n".join(json.dumps(r, ensure_ascii=False) for r in content)
            bundle.writestr(f"fgw-package/{name}", data + "\n")
    return buffer.getvalue()


@pytest.fixture
def office(client):
    client.defaults["HTTP_HOST"] = "www.city.localhost"
    _portal, fgw, _jyj = open_city()
    domains.set_domains(
        profile=fgw, primary="fgw.city.localhost", aliases=["old.fgw.localhost"]
    )
    user = get_user_model().objects.create_user("office", password="x")
    user.groups.add(Group.objects.get(name=OFFICE_GROUP))
    login_verified(client, user)
    return fgw


def test_upload_dry_run_report_import_and_old_urls(
    client, office, monkeypatch, django_capture_on_commit_callbacks
):
    fgw = office
    monkeypatch.setattr(
        tasks, "dispatch_run", lambda pk: tasks.execute_migration_run.call(pk)
    )
    url = reverse("site_migration:upload")
    data = browser_form_data(client, url, site=str(fgw.pk))
    data["package"] = SimpleUploadedFile("fgw.zip", package_zip(), "application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    dry = MigrationRun.objects.get()
    assert response["Location"] == reverse("site_migration:run", args=[dry.pk])
    dry.refresh_from_db()
    assert dry.status == RunStatus.FINISHED, dry.error
    # Nothing of the dry run is kept.
    assert not Organization.objects.filter(name__contains="发展和改革").exists()
    assert not fgw.root_page.get_children().filter(slug="jzdt").exists()
    assert not MigratedUrl.objects.exists()

    page = client.get(response["Location"]).content.decode()
    assert "已完成" in page and 'http-equiv="refresh"' not in page
    assert '<th scope="row">栏目</th><td>2</td><td>0</td><td>0</td>' in page
    assert '<th scope="row">机构</th><td>1</td><td>0</td><td>1</td>' in page
    assert "org_code" in page  # the bad record's field, with its line
    assert "开始正式导入" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("site_migration:start_import", args=[dry.pk]))
    real = MigrationRun.objects.get(dry_run=False)
    assert response["Location"] == reverse("site_migration:run", args=[real.pk])
    real.refresh_from_db()
    assert real.status == RunStatus.FINISHED, real.error
    assert real.records_done == real.records_total == 4
    organization = Organization.objects.get(name="示范市发展和改革委员会办公室")
    assert fgw in organization.sites.all()
    news = fgw.root_page.get_children().get(slug="jzdt").specific
    assert news.live

    # The old addresses answer on the old host (an alias) and the primary.
    old = client.get("/col/col101/index.html", HTTP_HOST="old.fgw.localhost")
    assert old.status_code == 301
    assert old["Location"] == "http://fgw.city.localhost/col/col101/index.html"
    moved = client.get("/col/col101/index.html", HTTP_HOST="fgw.city.localhost")
    assert moved.status_code == 301
    assert moved["Location"] in (news.url, news.full_url)
    notice = client.get("/col/col102/index.html?uid=7", HTTP_HOST="fgw.city.localhost")
    assert notice.status_code == 301
    assert MigratedUrl.objects.filter(run=real).count() == 2

    # The report stays in the admin.
    listing = client.get(reverse("site_migration:index")).content.decode()
    assert reverse("site_migration:run", args=[real.pk]) in listing
    page = client.get(reverse("site_migration:run", args=[real.pk])).content.decode()
    assert '<th scope="row">栏目</th><td>2</td>' in page
