"""整合迁移 in Chromium (#19.7): the office uploads a package for a site, the
dry run goes on in the background (a thread of the live server) while the run
page reloads itself, the report shows per type, 开始正式导入 imports the same
package, and the site's old address answers with its new page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from wagtail.models import Site

from site_migration.models import MigrationRun
from site_registry import domains
from tests.browser.conftest import log_in_to_admin
from tests.site_migration.test_journey import package_zip
from tests.site_registry.factories import open_full_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SITE_NAME = "示范市发展和改革委员会网站"


def _wait_finished(page) -> None:
    # The page reloads itself every few seconds (meta refresh) until the run ends.
    page.locator("dd[data-status=finished]").wait_for(timeout=90_000)


def test_upload_dry_run_import_and_old_address(
    live_server, page, tmp_path, screenshot_dir
):
    portal = open_full_site(
        "示范市人民政府门户网站", "www.localhost", level="city_portal"
    )
    fgw = open_full_site(SITE_NAME, "fgw.localhost", parent=portal)
    domains.set_domains(
        profile=fgw, primary="fgw.localhost", aliases=["oldfgw.localhost"]
    )
    package = tmp_path / "fgw.zip"
    package.write_bytes(package_zip())
    port = urlsplit(live_server.url).port
    # Redirects to a page name its site's root URL: the live server's port.
    Site.objects.update(port=port)

    base = log_in_to_admin(page, live_server)
    page.goto(f"{base}/admin/site-migration/")
    page.get_by_role("link", name="上传迁移包").click()
    page.wait_for_load_state()
    page.select_option("#id_site", label=SITE_NAME)
    page.set_input_files("#id_package", str(package))
    page.get_by_role("button", name="上传并试运行").click()
    page.wait_for_url("**/admin/site-migration/runs/*/")
    _wait_finished(page)
    main = page.locator("main")
    assert "试运行" in main.inner_text()
    assert main.locator("tr", has_text="栏目").first.inner_text().split() == [
        "栏目", "2", "0", "0",
    ]  # fmt: skip
    assert "org_code" in main.inner_text()  # the bad organisation, with its field
    assert page.locator("progress").get_attribute("value") == "4"
    page.screenshot(path=screenshot_dir / "site-migration-dry-run.png", full_page=True)
    assert not fgw.root_page.get_children().filter(slug="jzdt").exists()

    page.get_by_role("button", name="开始正式导入").click()
    page.wait_for_url("**/admin/site-migration/runs/*/")
    _wait_finished(page)
    real = MigrationRun.objects.get(dry_run=False)
    assert page.url.endswith(f"/admin/site-migration/runs/{real.pk}/")
    assert "正式导入" in page.locator("main").inner_text()
    page.screenshot(path=screenshot_dir / "site-migration-import.png", full_page=True)

    # The old address on the old host: alias → primary → the new column page.
    response = page.goto(f"http://oldfgw.localhost:{port}/col/col101/index.html")
    assert response.status == 200
    assert page.url == f"http://fgw.localhost:{port}/jzdt/"
    assert "旧站动态" in page.locator("main").inner_text()
    assert not page.console_errors


def test_the_demo_package_through_the_admin(
    live_server, page, tmp_path, screenshot_dir
):
    """The shipped example package (demo/packages/example), zipped as an office
    would, into a site opened without columns."""
    import shutil
    from pathlib import Path

    from disclosure_pages.models import Organization
    from site_migration.models import MigratedUrl
    from tests.factories.disclosure import make_site

    make_site("sfx", hostname="www.localhost")
    port = urlsplit(live_server.url).port
    Site.objects.update(port=port)
    example = Path(__file__).resolve().parents[2] / "demo" / "packages" / "example"
    archive = shutil.make_archive(
        str(tmp_path / "sfx"), "zip", root_dir=example.parent, base_dir=example.name
    )

    base = log_in_to_admin(page, live_server)
    page.goto(f"{base}/admin/site-migration/upload/")
    page.select_option("#id_site", label="测试sfx网站")
    page.set_input_files("#id_package", archive)
    page.get_by_role("button", name="上传并试运行").click()
    page.wait_for_url("**/admin/site-migration/runs/*/")
    _wait_finished(page)
    report = page.locator("main").inner_text()
    assert "栏目" in report and "机构" in report
    assert not Organization.objects.exists()  # the dry run kept nothing

    page.get_by_role("button", name="开始正式导入").click()
    page.wait_for_url("**/admin/site-migration/runs/*/")
    _wait_finished(page)
    page.screenshot(path=screenshot_dir / "site-migration-demo.png", full_page=True)
    assert Organization.objects.filter(name="示范县人民政府办公室").exists()
    migrated = MigratedUrl.objects.get(old_url="/col/col1001/index.html")
    response = page.goto(f"{base}/col/col1001/index.html")
    assert response.status == 200
    assert migrated.page.slug == "zwdt"
    assert page.url == f"{base}/zwdt/"
