"""axe-core (WCAG 2.1 A/AA) over every public page type on two demo sites.

axe-core comes from the npm registry (tests/browser/package.json, installed by
`make browser-deps`) and is injected into each page; the test fails on serious or
critical violations. Screenshots of the portal home and an article at phone and
desktop widths go to test-artifacts/.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# They only read the demo: the package's committed demo serves them all.
pytestmark = [pytest.mark.browser]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

PAGES = [
    "/",
    "/news/",
    "/news/news-01/",
    "/notices/",
    "/notices/notice-01/",
    "/topics/",
    "/topics/business-environment/",
    "/about/",
    "/about/functions/",
    "/about/leaders/",
    "/about/leaders/leader-1/",
    "/site-map/",
    "/search/?q=政务公开",
    "/no-such-page/",
    "/xxgk/",
]
SITES = {
    "www.localhost": [
        *PAGES,
        "/sites/",
        "/xxgk/zcwj/",
        "/xxgk/zcwj/doc-001/",
        "/xxgk/zcjd/jd-001/",
        "/xxgk/gkzn/",
    ],
    "fgw.localhost": PAGES,
}


def _url(demo_server, hostname, path="/"):
    port = urlsplit(demo_server.url).port
    return f"http://{hostname}:{port}{path}"


def _axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make browser-deps` (npm ci).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def _report(violations) -> str:
    return json.dumps(
        [
            {
                "id": v["id"],
                "impact": v["impact"],
                "nodes": [n["target"] for n in v["nodes"]],
            }
            for v in violations
        ],
        ensure_ascii=False,
        indent=1,
    )


def test_every_page_type_passes_axe(demo_server, audit_page):
    page = audit_page
    failures = {}
    for host, paths in SITES.items():
        for path in paths:
            response = page.goto(_url(demo_server, host, path))
            expected = 404 if path == "/no-such-page/" else 200
            assert response.status == expected, f"{host}{path}"
            violations = _axe(page)
            if violations:
                failures[f"{host}{path}"] = _report(violations)
    assert failures == {}
    # The only failed loads are the 404 pages asked for on purpose.
    assert all("/no-such-page/" in error for error in page.http_errors)
    assert len(page.console_errors) == len(page.http_errors) == len(SITES)


def test_elder_mode_passes_axe_and_is_keyboard_operable(demo_server, audit_page):
    page = audit_page
    page.goto(_url(demo_server, "www.localhost", "/news/news-02/"))
    # Tab from the top: skip link, the toolbar, then the elder-mode link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "无障碍"
    page.keyboard.press("Tab")
    assert "长者模式" in page.evaluate("document.activeElement.textContent")
    with page.expect_navigation(url="**/news/news-02/"):
        page.keyboard.press("Enter")
    assert page.url.endswith("/news/news-02/")
    preset = "gc-font-large gc-spacing gc-contrast gc-cursor elder-mode"
    assert page.locator("html").get_attribute("class") == preset
    size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(size.removesuffix("px")) >= 20
    assert _axe(page) == []
    # It persists on the next page.
    page.goto(_url(demo_server, "www.localhost", "/"))
    assert page.locator("html").get_attribute("class") == preset


def test_skip_link_moves_focus_to_main(demo_server, page):
    page.goto(_url(demo_server, "fgw.localhost", "/news/"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_screenshots_of_home_and_article(demo_server, browser, screenshot_dir):
    # One test for the three widths: the cluster is loaded once, not per width.
    for width in (320, 375, 1280):
        _screenshots_at(demo_server, browser, screenshot_dir, width)


def _screenshots_at(demo_server, browser, screenshot_dir, width):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    for name, path in [("portal-home", "/"), ("article", "/news/news-01/")]:
        page.goto(_url(demo_server, "www.localhost", path))
        # Nothing may overflow the viewport sideways (320-px phones and up).
        overflow = page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} overflows by {overflow}px at {width}px"
        page.screenshot(path=screenshot_dir / f"{name}-{width}.png", full_page=True)
    page.goto(_url(demo_server, "jyj.localhost", "/"))
    page.screenshot(
        path=screenshot_dir / f"department-home-{width}.png", full_page=True
    )
    context.close()
