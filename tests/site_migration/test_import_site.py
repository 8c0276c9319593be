"""manage.py import_site, as the operator runs it, on SQLite and PostgreSQL."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils.module_loading import import_string
from wagtail.contrib.redirects.models import Redirect

from content.models import ArticleIndexPage, StandardPage
from disclosure_pages.models import DisclosureColumnPage, DisclosureDocumentPage
from interaction.models import Message
from site_migration import services
from site_migration.package import open_package
from site_registry import lifecycle
from tests.factories.disclosure import (
    HOME_ONLY_BUILDER,
    make_catalog,
    make_organization,
    make_site,
)
from tests.site_migration.packages import PDF, column, document, write_package

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "demo" / "packages" / "example"


def _import(path, site, *options):
    out = io.StringIO()
    call_command(
        "import_site", str(path), "--site", site, "--no-progress", *options, stdout=out
    )
    return out.getvalue()


def test_missing_package_or_site_is_a_chinese_command_error(tmp_path):
    make_site("mig", hostname="mig.localhost")
    with pytest.raises(CommandError, match="迁移包不存在"):
        _import(tmp_path / "nope.zip", "mig")
    path = write_package(tmp_path / "p", columns=[column("c", "news", "news")])
    with pytest.raises(CommandError, match="找不到站点"):
        _import(path, "nowhere")
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="目录或 ZIP"):
        _import(tmp_path / "bad.zip", "mig")


def test_the_report_gives_counts_per_kind_then_every_problem(tmp_path):
    make_site("mig", hostname="mig.localhost")
    make_organization("示范市人民政府办公室")
    path = write_package(
        tmp_path / "p",
        columns=[column("c-zcwj", "zcwj", "policy"), column("c-x", "x", "旧类型")],
        documents=[document(1), document(2, column="c-missing")],
    )
    out = _import(path, "mig")
    assert "栏目：新建 2，更新 0，失败 0。" in out
    assert "公开文件：新建 1，更新 0，失败 1。" in out
    assert "[栏目] 第 2 行，字段 kind（提示）" in out
    assert "[公开文件] 第 2 行，字段 column（错误）：找不到栏目“c-missing”" in out
    dry = _import(path, "mig", "--dry-run", "--strict")
    assert "栏目：新建 0，更新 1，失败 1。" in dry and "试运行" in dry


def test_a_subsite_is_addressed_by_its_path_and_keeps_to_its_own_columns(tmp_path):
    with override_settings(SITE_REGISTRY_SITE_BUILDER=HOME_ONLY_BUILDER):
        county = lifecycle.open_site(
            name="示范市东城区人民政府门户网站", level="county_portal",
            organizer="示范市东城区人民政府", hostname="dc.localhost",
            home_slug="dc", code="3701020099",
        )  # fmt: skip
        sub = lifecycle.open_site(
            name="示范市东城区青台镇人民政府", level="township",
            organizer="示范市东城区青台镇人民政府", parent=county, subsite_slug="qtz",
        )  # fmt: skip
    _catalog, parent_column = make_catalog(
        county.root_page.specific, ("zcwj", "policy")
    )
    make_organization("示范市人民政府办公室")
    path = write_package(
        tmp_path / "p",
        columns=[column("c-zcwj", "zcwj", "policy")],
        documents=[document(1), document(2, column="xxgk/zcwj")],
    )
    out = _import(path, "dc/qtz")
    assert "公开文件：新建 2，更新 0，失败 0。" in out, out
    sub_column = DisclosureColumnPage.objects.descendant_of(sub.root_page).get()
    assert DisclosureDocumentPage.objects.child_of(sub_column).count() == 2
    assert not DisclosureDocumentPage.objects.child_of(parent_column).exists()
    again = _import(path, "qtz")  # the sub-site's slug alone names it too
    assert "公开文件：新建 0，更新 2，失败 0。" in again, again


@pytest.mark.postgres
def test_a_zipped_package_on_postgresql(postgres, tmp_path):
    make_site("mig", hostname="mig.localhost")
    make_organization("示范市人民政府办公室")
    root = write_package(
        tmp_path / "p",
        columns=[column("c-zcwj", "zcwj", "policy")],
        documents=[document(n, attachments=["files/a.pdf"]) for n in range(1, 4)],
    )
    (root / "files").mkdir()
    (root / "files" / "a.pdf").write_bytes(PDF)
    archive = shutil.make_archive(str(tmp_path / "site"), "zip", root)
    out = _import(archive, "mig")
    assert "公开文件：新建 3，更新 0，失败 0。" in out, out
    assert Redirect.objects.count() == 3
    assert "公开文件：新建 0，更新 3，失败 0。" in _import(archive, "mig")


def _available(kind: str) -> bool:
    try:
        import_string(services.IMPORTERS[kind])
    except ImportError:
        return False
    return True


def test_the_example_package_imports_into_a_fresh_site():
    _site, home = make_site("sfx", hostname="sfx.localhost")
    if not _available("organizations"):
        # This build cannot import organisations: register the package's own.
        make_organization("示范县人民政府办公室", org_code="004309128")
        make_organization("示范县人力资源和社会保障局", org_code="004309136")
    out = _import(EXAMPLE, "sfx")
    with open_package(EXAMPLE) as package:
        kinds = package.kinds
    assert len(kinds) == 9
    for kind in kinds:
        label = services.RecordKind(kind).label
        if _available(kind):
            assert f"{label}：新建" in out and f"{label}：新建 0" not in out, out
            assert "失败 0。" in out.split(f"{label}：")[1].splitlines()[0], out
    assert ArticleIndexPage.objects.child_of(home).get().slug == "zwdt"
    assert StandardPage.objects.get(slug="xqgk").column_kind == "overview"
    xzfwj = DisclosureColumnPage.objects.get(slug="xzfwj")
    doc = DisclosureDocumentPage.objects.child_of(xzfwj).get(source_id="wj-2019-001")
    assert doc.first_published_at.year == 2019 and doc.imported
    assert Redirect.objects.filter(
        old_path="/art/2019/3/5/art_2011_101.html", redirect_page=doc
    ).exists()
    assert Message.objects.filter(source_id__in=["ly-0001", "ly-0002"]).count() == 2
    rerun = _import(EXAMPLE, "sfx")
    assert "栏目：新建 0，更新 9，失败 0。" in rerun
