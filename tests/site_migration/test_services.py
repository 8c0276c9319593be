"""The run service: order, report, redirects, dry run, re-run and resume."""

import pytest
from django.core.files.storage import Storage, storages
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from disclosure_pages.models import DisclosureColumnPage, DisclosureDocumentPage
from interaction.models import Message
from site_migration import services
from site_migration.choices import RunStatus
from site_migration.models import MigratedColumn, MigratedUrl, MigrationRun
from site_registry.models import SiteProfile
from tests.factories.disclosure import make_organization, make_site
from tests.site_migration.packages import PDF, column, document, message, write_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    make_organization("示范市人民政府办公室")
    return make_site("mig", hostname="mig.localhost")[1]


@pytest.fixture
def package(tmp_path):
    root = write_package(
        tmp_path / "pkg",
        {"format": "govcluster-site-migration", "version": 1,
         "site": {"old_domains": ["www.old.gov.cn"]}},
        columns=[
            column("c-zcwj", "zcwj", "policy", old_url="http://www.old.gov.cn/zcwj/"),
            column("c-news", "news", "news"),
        ],
        documents=[
            document(1),
            document(2, attachments=["files/a.pdf"]),
            document(3, column="xxgk/zcwj", title=""),  # an error
            document(4, column="c-news"),  # not a catalog column
        ],
        messages=[message(1), message(2, channel="nope")],
    )  # fmt: skip
    (root / "files").mkdir()
    (root / "files" / "a.pdf").write_bytes(PDF)
    return root


def _run(home, path, **values):
    run = MigrationRun.objects.create(site=home, package_name="pkg", **values)
    return services.run_package(run, path)


def _kinds(run):
    return {
        e["kind"]: (e["created"], e["updated"], e["failed"])
        for e in run.report["kinds"]
    }


def test_a_package_imports_in_order_with_a_report_and_redirects(home, package):
    run = _run(home, package)
    assert run.status == RunStatus.FINISHED, run.error
    assert [e["kind"] for e in run.report["kinds"]] == [
        "columns",
        "documents",
        "messages",
    ]
    assert _kinds(run) == {
        "columns": (2, 0, 0), "documents": (2, 0, 2), "messages": (1, 0, 1),
    }  # fmt: skip
    assert run.records_total == run.records_done == 2 + 4 + 2
    assert run.started_at and run.finished_at
    problems = {
        (p["line"], p["field"])
        for e in run.report["kinds"] for p in e["problems"] if not p["warning"]
    }  # fmt: skip
    assert (4, "column") in problems and (2, "") in problems
    zcwj = DisclosureColumnPage.objects.get(slug="zcwj")
    docs = DisclosureDocumentPage.objects.child_of(zcwj)
    assert sorted(docs.values_list("source_id", flat=True)) == ["doc-1", "doc-2"]
    doc = docs.get(source_id="doc-1")
    assert doc.imported and doc.first_published_at.year == 2019
    # Every written record with an old address answers with its new page.
    urls = dict(MigratedUrl.objects.values_list("source_id", "page_id"))
    assert urls == {"c-zcwj": zcwj.pk, "doc-1": doc.pk,
                    "doc-2": docs.get(source_id="doc-2").pk}  # fmt: skip
    assert Redirect.objects.filter(redirect_page=doc).exists()
    assert Message.objects.get(source_id="msg-1").channel.slug == "zxzx"


def test_a_rerun_updates_and_never_duplicates(home, package):
    _run(home, package)
    pages = Page.objects.count()
    run = _run(home, package)
    assert _kinds(run) == {
        "columns": (0, 2, 0), "documents": (0, 2, 2), "messages": (0, 1, 1),
    }  # fmt: skip
    assert Page.objects.count() == pages
    assert MigratedUrl.objects.count() == 3
    assert Message.objects.filter(source_id="msg-1").count() == 1


def test_a_dry_run_reports_exactly_and_leaves_nothing_behind(
    home, package, monkeypatch
):
    stored = []
    original = Storage.save

    def spy(self, name, *args, **kwargs):
        stored.append(name)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(Storage, "save", spy)
    counts = lambda: (  # noqa: E731
        Page.objects.count(), Redirect.objects.count(), MigratedUrl.objects.count(),
        MigratedColumn.objects.count(), get_document_model().objects.count(),
        IndexEntry.objects.count(), Message.objects.count(),
    )  # fmt: skip
    before = counts()
    run = _run(home, package, dry_run=True)
    assert run.status == RunStatus.FINISHED, run.error
    assert _kinds(run) == {
        "columns": (2, 0, 0), "documents": (2, 0, 2), "messages": (1, 0, 1),
    }  # fmt: skip
    assert "试运行" in run.report["messages"][-1]
    assert counts() == before
    assert stored == []
    run.refresh_from_db()
    assert run.report["kinds"] and run.status == RunStatus.FINISHED
    _run(home, package)  # the same package for real stores its attachment
    assert len(stored) == 1


def test_a_dry_run_still_reports_a_bad_attachment(home, package):
    (package / "files" / "a.pdf").unlink()
    run = _run(home, package, dry_run=True)
    assert _kinds(run)["documents"] == (1, 0, 3)
    fields = [p["field"] for e in run.report["kinds"] for p in e["problems"]]
    assert "attachments" in fields


def test_a_run_interrupted_midway_continues_without_duplicates(
    home, package, monkeypatch
):
    from site_migration import messages

    def crash(self, items, *, progress=None):
        raise RuntimeError("断电")

    monkeypatch.setattr(messages.MessageImporter, "run", crash)
    run = MigrationRun.objects.create(site=home, package_name="pkg")
    with pytest.raises(RuntimeError):
        services.run_package(run, package)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "断电" in run.error
    assert [e["kind"] for e in run.report["kinds"]] == ["columns", "documents"]
    pages = Page.objects.count()

    monkeypatch.undo()
    run = services.run_package(run, package)
    assert run.status == RunStatus.FINISHED
    assert _kinds(run) == {
        "columns": (2, 0, 0), "documents": (2, 0, 2), "messages": (1, 0, 1),
    }  # fmt: skip
    assert any("继续上次" in m for m in run.report["messages"])
    assert Page.objects.count() == pages
    assert run.records_done == run.records_total


def test_the_strict_flag_reaches_the_importers(home, tmp_path):
    path = write_package(tmp_path / "p", columns=[column("c-x", "ldhd", "领导活动")])
    assert _kinds(_run(home, path)) == {"columns": (1, 0, 0)}
    strict = write_package(tmp_path / "q", columns=[column("c-y", "ldhd2", "领导活动")])
    assert _kinds(_run(home, strict, strict=True)) == {"columns": (0, 0, 1)}


def test_an_unreadable_package_fails_the_run_in_chinese(home, tmp_path):
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 broken")
    run = _run(home, tmp_path / "bad.zip")
    assert run.status == RunStatus.FAILED
    assert "ZIP" in run.error or "目录" in run.error
    assert run.finished_at is not None


def test_a_kind_this_version_cannot_import_is_reported_not_skipped(
    home, tmp_path, monkeypatch
):
    monkeypatch.setitem(services.IMPORTERS, "news", "no_such_app.importing.X")
    path = write_package(
        tmp_path / "p", news=[{"source_id": "n1"}, {"source_id": "n2"}]
    )
    run = _run(home, path)
    assert _kinds(run) == {"news": (0, 0, 2)}
    assert "尚不能导入" in run.report["kinds"][0]["problems"][0]["message"]


def test_execute_run_reads_the_uploaded_package(home, package):
    import shutil

    from django.core.files.base import ContentFile

    archive = shutil.make_archive(str(package.parent / "upload"), "zip", package)
    run = MigrationRun.objects.create(site=home, package_name="upload.zip")
    with open(archive, "rb") as stream:
        run.package.save("upload.zip", ContentFile(stream.read()))
    run = services.execute_run(run)
    assert run.status == RunStatus.FINISHED, run.error
    assert _kinds(run)["documents"] == (2, 0, 2)
    storages["private"].delete(run.package.name)


def test_old_and_platform_urls_resolve_to_pages(home, package):
    _run(home, package)
    doc = DisclosureDocumentPage.objects.get(source_id="doc-1")
    old = "http://www.old.gov.cn/art/2019/3/5/art_1.html"
    assert services.resolve_url(home, old).pk == doc.pk
    with services.open_package(package) as opened:
        https = old.replace("http:", "https:")
        assert services.resolve_url(home, https, package=opened).pk == doc.pk
    assert (
        services.resolve_url(home, doc.url_path.removeprefix(home.url_path)).pk
        == doc.pk
    )
    assert (
        services.resolve_url(home, f"http://mig.localhost/xxgk/zcwj/{doc.slug}/").pk
        == doc.pk
    )
    assert services.resolve_url(home, "http://elsewhere.example/xxgk/") is None
    assert SiteProfile.objects.get(root_page=home)


def test_progress_is_saved_on_the_run_as_it_goes(home, monkeypatch):
    monkeypatch.setattr(services, "SAVE_EVERY_RECORDS", 2)
    run = MigrationRun.objects.create(site=home, package_name="pkg")
    tracker = services.RunProgress(run)
    for _n in range(5):
        tracker.update(1)
    assert MigrationRun.objects.get(pk=run.pk).records_done == 4
    tracker.flush()
    assert MigrationRun.objects.get(pk=run.pk).records_done == 5


def test_the_terminal_shows_a_bar_per_kind(home, tmp_path, capsys):
    path = write_package(tmp_path / "p", columns=[column("c-n", "news", "news")])
    run = MigrationRun.objects.create(site=home, package_name="pkg")
    services.run_package(run, path, progress=True)
    assert "栏目" in capsys.readouterr().err
