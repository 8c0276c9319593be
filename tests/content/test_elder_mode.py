"""The elder mode (长者模式, 适老化) is a link and a cookie, no JS needed; it is a
preset of the accessibility toolbar: large text, line spacing, high contrast,
large cursor (core.a11y)."""

import re

PRESET = "gc-font-large gc-spacing gc-contrast gc-cursor elder-mode"


def _html_class(html: str) -> str:
    match = re.search(r'<html lang="[^"]+"(?: class="([^"]*)")?>', html)
    return match.group(1) or ""


def test_switching_on_sets_the_preset_and_returns(client, cluster):
    response = client.get("/elder-mode/?on=1&next=/news/", HTTP_HOST="www.localhost")
    assert response.status_code == 302
    assert response["Location"] == "/news/"
    cookie = response.cookies["gc-a11y"]
    assert re.fullmatch(r"large\.scke\.\d{13}", cookie.value)
    assert int(cookie["max-age"]) > 30 * 24 * 3600
    assert cookie["domain"] == ""  # no shared domain configured: this host only
    assert response.cookies["elder_mode"].value == "1"
    html = client.get("/news/", HTTP_HOST="www.localhost").content.decode()
    assert _html_class(html) == PRESET
    assert "退出长者模式" in html


def test_mode_persists_across_pages_and_switches_off(client, cluster):
    client.get("/elder-mode/?on=1&next=/", HTTP_HOST="www.localhost")
    html = client.get("/about/", HTTP_HOST="www.localhost").content.decode()
    assert _html_class(html) == PRESET
    response = client.get("/elder-mode/?on=0&next=/", HTTP_HOST="www.localhost")
    assert re.fullmatch(r"medium\.\.\d{13}", response.cookies["gc-a11y"].value)
    html = client.get("/about/", HTTP_HOST="www.localhost").content.decode()
    assert _html_class(html) == ""
    assert "长者模式（大字体、高对比度）" in html


def test_the_old_elder_cookie_still_means_the_preset(client, cluster):
    client.cookies["elder_mode"] = "1"
    html = client.get("/about/", HTTP_HOST="www.localhost").content.decode()
    assert _html_class(html) == PRESET


def test_the_cookie_goes_to_the_shared_parent_domain_when_configured(
    client, cluster, settings
):
    settings.A11Y_COOKIE_DOMAIN = "localhost"
    response = client.get("/elder-mode/?on=1&next=/", HTTP_HOST="www.localhost")
    assert response.cookies["gc-a11y"]["domain"] == ".localhost"
    # A host outside that domain keeps a cookie of its own (a browser would
    # refuse the other).
    settings.A11Y_COOKIE_DOMAIN = ".example.gov.cn"
    response = client.get("/elder-mode/?on=1&next=/", HTTP_HOST="www.localhost")
    assert response.cookies["gc-a11y"]["domain"] == ""


def test_refuses_to_redirect_elsewhere(client, cluster):
    for target in ["https://evil.example/", "//evil.example/x"]:
        response = client.get(
            f"/elder-mode/?on=1&next={target}", HTTP_HOST="www.localhost"
        )
        assert response["Location"] == "/"


def test_toggle_link_returns_to_the_current_page(client, cluster):
    html = client.get("/news/?page=1", HTTP_HOST="www.localhost").content.decode()
    assert "/elder-mode/?on=1&amp;next=/news/%3Fpage%3D1" in html
