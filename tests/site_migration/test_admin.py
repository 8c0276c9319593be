"""The 整合迁移 admin screens, as the browser uses them.

The run service (``site_migration.services.execute_run``) belongs to the
package reader's branch; these tests replace it with a small stand-in that
writes a report, to test what the screens do with a run. They are view-level
tests, not the whole journey (tests/site_migration/test_journey.py is).
"""

import io
import sys
import types
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import site_migration
from core.roles import AUDITOR_GROUP, OFFICE_GROUP
from site_migration import tasks
from site_migration.choices import RecordKind, RunStatus
from site_migration.models import MigratedUrl, MigrationRun
from site_migration.redirects import redirect_old_url
from tests.admin_forms import browser_form_data, page_errors
from tests.site_registry.factories import open_city
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db
HOST = "www.city.localhost"

REPORT = {
    "kinds": [
        {
            "kind": "news",
            "created": 2,
            "updated": 1,
            "failed": 1,
            "problems": [
                {
                    "line": 4,
                    "field": "published_at",
                    "message": "日期不能晚于今天。",
                    "warning": False,
                },
                {
                    "line": 2,
                    "field": "genre",
                    "message": "体裁“通知”按“其他”处理。",
                    "warning": True,
                },
            ],
        }
    ],
    "messages": ["试运行已回滚。"],
}


@pytest.fixture
def city(client):
    client.defaults["HTTP_HOST"] = HOST
    return open_city()


def _user(name, group=None, **extra):
    user = get_user_model().objects.create_user(name, password="x", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def office(city):
    return _user("office", OFFICE_GROUP)


@pytest.fixture
def fake_service(monkeypatch):
    """A stand-in for the package helper's execute_run, and the background
    replaced by a direct call of the task once the request has committed."""
    calls = []

    def execute_run(run):
        calls.append(run.pk)
        run.status = RunStatus.FINISHED
        run.records_total = run.records_done = 4
        run.report = REPORT
        run.save()
        return run

    fake = types.ModuleType("site_migration.services")
    fake.execute_run = execute_run
    monkeypatch.setitem(sys.modules, "site_migration.services", fake)
    monkeypatch.setattr(site_migration, "services", fake, raising=False)
    monkeypatch.setattr(
        tasks, "dispatch_run", lambda pk: tasks.execute_migration_run.call(pk)
    )
    return calls


def zip_bytes(members: dict[str, bytes], *, symlink: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            bundle.writestr(info, "/etc/passwd")
    return buffer.getvalue()


PACKAGE = zip_bytes({"pkg/manifest.json": b'{"format": 1}', "pkg/news.jsonl": b"{}\n"})


def _upload(client, site, content=PACKAGE, name="fgw.zip", **overrides):
    url = reverse("site_migration:upload")
    data = browser_form_data(client, url, site=str(site.pk), **overrides)
    data["package"] = SimpleUploadedFile(name, content, "application/zip")
    return client.post(url, data)


def test_office_uploads_sees_the_dry_run_report_and_starts_the_import(
    client, city, office, fake_service, django_capture_on_commit_callbacks
):
    _portal, fgw, _jyj = city
    login_verified(client, office)
    index = client.get(reverse("site_migration:index"))
    assert index.status_code == 200
    assert reverse("site_migration:upload") in index.content.decode()

    with django_capture_on_commit_callbacks() as callbacks:
        response = _upload(client, fgw, strict="on")
    run = MigrationRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("site_migration:run", args=[run.pk])
    assert len(callbacks) == 1  # handed to the background on commit only
    assert (run.dry_run, run.strict, run.site_id) == (True, True, fgw.root_page_id)
    assert run.package_name == "fgw.zip"
    assert run.package.name.startswith("site_migration/packages/")
    with run.package.open("rb") as stored:
        assert stored.read() == PACKAGE
    assert run.created_by == office

    # Before the background has run: status and a page that reloads itself.
    page = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "已上传" in page
    assert "开始正式导入" not in page

    callbacks[0]()  # the background run
    assert fake_service == [run.pk]
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "已完成" in page
    assert 'value="4"' in page and "已处理 4 / 4 条记录（100%）" in page
    assert '<th scope="row">新闻动态</th><td>2</td><td>1</td><td>1</td>' in page
    assert "日期不能晚于今天。" in page and "published_at" in page
    assert "错误（1 处）" in page and "提示（1 处）" in page
    assert "试运行已回滚。" in page
    assert "开始正式导入" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("site_migration:start_import", args=[run.pk]))
    real = MigrationRun.objects.get(dry_run=False)
    assert response["Location"] == reverse("site_migration:run", args=[real.pk])
    assert real.package.name == run.package.name
    assert (real.strict, real.site_id, real.created_by) == (
        True,
        fgw.root_page_id,
        office,
    )
    assert fake_service == [run.pk, real.pk]
    assert "正式导入" in client.get(response["Location"]).content.decode()

    # The dry run links to its import and cannot be imported twice.
    page = client.get(reverse("site_migration:run", args=[run.pk])).content.decode()
    assert reverse("site_migration:run", args=[real.pk]) in page
    assert "开始正式导入" not in page
    client.post(reverse("site_migration:start_import", args=[real.pk]))
    again = client.post(
        reverse("site_migration:start_import", args=[run.pk]), follow=True
    )
    assert "这个迁移包已经正式导入过" in again.content.decode()
    assert MigrationRun.objects.count() == 2
    listing = client.get(reverse("site_migration:index")).content.decode()
    assert "fgw.zip" in listing and "试运行" in listing and "正式导入" in listing


def test_only_a_finished_dry_run_can_be_imported(client, city, office, fake_service):
    _portal, fgw, _jyj = city
    login_verified(client, office)
    run = MigrationRun.objects.create(site=fgw.root_page, dry_run=True, package="x.zip")
    response = client.post(
        reverse("site_migration:start_import", args=[run.pk]), follow=True
    )
    assert "只有已完成的试运行才能开始正式导入" in response.content.decode()
    assert MigrationRun.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fgw.tar.gz", PACKAGE, "迁移包应为 .zip 文件"),
        ("fgw.zip", b"%PDF-1.4 not a zip", "文件内容不是 zip 压缩包"),
        ("fgw.zip", b"PK\x03\x04broken", "zip 压缩包已损坏"),
        ("fgw.zip", zip_bytes({"../evil.jsonl": b"{}"}), "不安全的路径"),
        ("fgw.zip", zip_bytes({"/etc/cron.d/x": b"{}"}), "不安全的路径"),
        ("fgw.zip", zip_bytes({"a.jsonl": b"{}"}, symlink="pkg/link"), "不安全的路径"),
    ],
)
def test_bad_uploads_are_refused_in_chinese(
    client, city, office, fake_service, name, content, message
):
    login_verified(client, office)
    response = _upload(client, city[1], content=content, name=name)
    assert response.status_code == 200
    assert any(message in error for error in page_errors(response.content.decode()))
    assert not MigrationRun.objects.exists()


def test_a_package_over_the_size_cap_is_refused(client, city, office, settings):
    settings.SITE_MIGRATION_MAX_BYTES = 100
    login_verified(client, office)
    response = _upload(client, city[1], content=PACKAGE + b"\0" * 200)
    assert any(
        "迁移包超过 100 字节" in e for e in page_errors(response.content.decode())
    )
    assert not MigrationRun.objects.exists()


def test_a_closed_site_is_not_offered(client, city, office):
    from site_registry import lifecycle

    _portal, fgw, jyj = city
    lifecycle.close_site(profile=jyj, successor=fgw)
    login_verified(client, office)
    response = _upload(client, jyj)
    assert response.status_code == 200
    assert page_errors(response.content.decode())
    assert not MigrationRun.objects.exists()


def test_editors_and_auditors_cannot_migrate_auditors_read(client, city, fake_service):
    _portal, fgw, _jyj = city
    run = MigrationRun.objects.create(
        site=fgw.root_page,
        dry_run=True,
        status=RunStatus.FINISHED,
        package="p.zip",
        report=REPORT,
    )
    editor = _user("editor")
    editor.groups.add(fgw.editors_group)
    login_verified(client, editor)
    for url in (
        reverse("site_migration:index"),
        reverse("site_migration:upload"),
        reverse("site_migration:run", args=[run.pk]),
        reverse("site_migration_broken_urls"),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(
        reverse("site_migration:start_import", args=[run.pk])
    ).status_code in (302, 403)

    auditor = _user("auditor", AUDITOR_GROUP)
    login_verified(client, auditor)
    assert client.get(reverse("site_migration:index")).status_code == 200
    page = client.get(reverse("site_migration:run", args=[run.pk])).content.decode()
    assert "日期不能晚于今天。" in page
    assert "开始正式导入" not in page
    # Wagtail's admin answers a refused permission with 302 to the dashboard.
    assert client.get(reverse("site_migration:upload")).status_code in (302, 403)
    assert client.post(
        reverse("site_migration:start_import", args=[run.pk])
    ).status_code in (302, 403)
    assert MigrationRun.objects.count() == 1


def test_menu_items_are_shown_to_their_readers(rf, city, office):
    from site_migration.wagtail_hooks import (
        register_broken_urls_menu_item,
        register_migration_menu_item,
    )

    editor = _user("editor")
    editor.groups.add(city[1].editors_group)
    expected = {
        office: (True, True),
        _user("auditor", AUDITOR_GROUP): (False, True),
        editor: (False, False),
        _user("root", is_superuser=True): (True, True),
    }
    for user, (migrate, report) in expected.items():
        request = rf.get("/admin/")
        request.user = user
        assert register_migration_menu_item().is_shown(request) is migrate, user
        assert register_broken_urls_menu_item().is_shown(request) is report, user


def _page(profile, index=0):
    return profile.root_page.get_children().live().specific()[index]


def test_broken_old_urls_report_lists_what_no_longer_resolves(client, city, office):
    _portal, fgw, jyj = city
    kept, unpublished, deleted = _page(fgw, 0), _page(fgw, 1), _page(fgw, 2)
    for number, page in enumerate([kept, unpublished, deleted]):
        redirect_old_url(
            run=None,
            site_root=fgw.root_page,
            kind=RecordKind.NEWS,
            source_id=f"n{number}",
            old_url=f"/old/{number}.html",
            page=page,
        )
    moved = redirect_old_url(
        run=None,
        site_root=jyj.root_page,
        kind=RecordKind.DOCUMENTS,
        source_id="d1",
        old_url="/jyj/1.html",
        page=_page(jyj),
    )
    unpublished.unpublish()
    deleted.delete()
    moved.redirect.delete()

    login_verified(client, office)
    url = reverse("site_migration_broken_urls")
    html = client.get(url).content.decode()
    assert "/old/0.html" not in html
    assert "/old/1.html" in html and "新页面未发布" in html
    assert "/old/2.html" in html and "新页面已删除" in html
    assert "/jyj/1.html" in html and "重定向已删除" in html
    per_site = client.get(url, {"site": fgw.pk}).content.decode()
    assert "/old/1.html" in per_site and "/jyj/1.html" not in per_site

    export = client.get(url, {"export": "csv", "site": jyj.pk})
    content = b"".join(export.streaming_content) if export.streaming else export.content
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("原网址,网站,类型,原系统编号,新页面,失效原因")
    assert len(lines) == 2 and lines[1].startswith("/jyj/1.html,")
    assert "公开文件" in lines[1] and "重定向已删除" in lines[1]
    assert client.get(url, {"export": "xlsx"}).status_code == 200
    assert MigratedUrl.objects.count() == 4
