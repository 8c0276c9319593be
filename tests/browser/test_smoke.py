"""Every demo site's home page and the admin login open cleanly in Chromium."""

from urllib.parse import urlsplit

import pytest

from demo.cluster import SITES

pytestmark = [pytest.mark.browser]


def _url(live_server, hostname, path="/"):
    # Chromium resolves every *.localhost name to the loopback address.
    port = urlsplit(live_server.url).port
    return f"http://{hostname}:{port}{path}"


def test_every_demo_site_home_page(demo_server, page, screenshot_dir):
    for spec in [s for s in SITES if s.is_open and not s.is_subsite]:
        response = page.goto(_url(demo_server, spec.hostname))
        assert response.status == 200, spec.hostname
        assert page.locator("h1").inner_text() == spec.home_title
        assert page.title().endswith(spec.site_name)
    page.screenshot(path=screenshot_dir / "portal-home.png", full_page=True)
    assert page.http_errors == []
    assert page.console_errors == []


def test_document_page_and_search(demo_server, page):
    page.goto(_url(demo_server, "www.localhost"))
    page.get_by_role("link", name="2007年永州市政务公开工作要点").click()
    assert page.locator("h1").inner_text() == "2007年永州市政务公开工作要点"
    metadata = page.locator("table.metadata").inner_text()
    assert "MB0010006/2007-00001" in metadata and "2007-05-08" in metadata
    page.get_by_label("站内搜索").fill("政务公开")
    page.get_by_role("button", name="搜索").click()
    # The city portal searches the whole cluster (#3), with a switch to itself.
    assert "范围：全部站点" in page.locator("main").inner_text()
    page.get_by_role("link", name="只搜示范市人民政府门户网站").click()
    assert "scope=site" in page.url
    assert "范围：示范市人民政府门户网站" in page.locator("main").inner_text()
    page.get_by_role("link", name="搜索全部站点").click()
    assert "scope=all" in page.url
    assert "范围：全部站点" in page.locator("main").inner_text()
    assert page.http_errors == []
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_admin_login(live_server, demo_cluster, page, django_user_model):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.two_factor import current_token

    django_user_model.objects.create_superuser(
        "editor", "e@example.invalid", "pw-12345-xyz"
    )
    page.goto(_url(live_server, "www.localhost", "/admin/login/"))
    assert page.locator("input[name=username]").is_visible()
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "pw-12345-xyz")
    page.locator("button[type=submit]").click()
    # The office (superusers) must enrol a TOTP authenticator first (#7).
    page.wait_for_url("**/admin/security/2fa/setup/**")
    assert page.locator(".totp-qr svg").is_visible()
    device = TOTPDevice.objects.get(user__username="editor", confirmed=False)
    page.fill("input[name=token]", current_token(device))
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/")
    # The dashboard greets in Chinese (the default language) with our site name.
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "政府网站集约化平台" in page.content()
    assert page.http_errors == []
    assert page.console_errors == []
