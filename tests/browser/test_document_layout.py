"""A document page in Chromium at 375 and 1280 px (#22): typeset as an official
document, page tools working (text size kept across reloads, QR code, copy link,
previous/next), axe-core clean, nothing wider than a 320 px screen."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_accessibility import _axe, _report, _url

pytestmark = [pytest.mark.browser]

DOCUMENT = "/xxgk/zcwj/doc-001/"
PAGES = [DOCUMENT, "/xxgk/zcjd/jd-001/", "/news/news-01/", "/notices/notice-01/"]


def _context(browser, width):
    # bypass_csp only so that axe-core can be injected (see audit_page).
    return browser.new_context(
        locale="zh-CN",
        viewport={"width": width, "height": 900},
        bypass_csp=True,
        permissions=["clipboard-read", "clipboard-write"],
    )


def _px(value: str) -> float:
    return float(value.removesuffix("px"))


@pytest.mark.parametrize("width", [375, 1280])
def test_document_is_typeset_and_its_tools_work(
    demo_server, browser, screenshot_dir, width
):
    context = _context(browser, width)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = _url(demo_server, "www.localhost", DOCUMENT)
    assert page.goto(url).status == 200

    # Typesetting: centred title and number, indented body, right-aligned
    # signature, attachments with type and size, the imprint.
    title = page.locator("h1.doc-title")
    assert title.evaluate("e => getComputedStyle(e).textAlign") == "center"
    assert (
        page.locator(".doc-number").evaluate(
            "e => getComputedStyle(e.parentNode).textAlign"
        )
        == "center"
    )
    paragraph = page.locator(".doc-body p").first
    style = paragraph.evaluate(
        "e => { const s = getComputedStyle(e); return [s.textIndent, s.fontSize, s.lineHeight]; }"  # noqa: E501
    )
    indent, size, line = (_px(v) for v in style)
    assert indent == pytest.approx(2 * size)
    assert line >= 1.75 * size
    article = page.locator("article.official-document").bounding_box()
    signature = page.locator(".doc-signer").bounding_box()
    assert article["x"] + article["width"] - (signature["x"] + signature["width"]) < 80
    assert signature["x"] > article["x"] + article["width"] / 3
    attachment = page.locator(".doc-attachments li").first
    assert re.search(r"（PDF，[\d.]+\s(字节|KB|MB)）$", attachment.inner_text())
    assert page.locator(".doc-attachments a[download]").count() >= 1
    assert page.locator(".doc-copy-to").inner_text().startswith("抄送：")
    page.screenshot(
        path=screenshot_dir / f"document-typeset-{width}.png", full_page=True
    )

    # Tap targets of 44 px at least.
    for tool in page.locator(".page-tools .tool:visible").all():
        box = tool.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, tool.inner_text()

    # Text size: large, kept across a reload (shared key with the toolbar).
    before = _px(paragraph.evaluate("e => getComputedStyle(e).fontSize"))
    page.get_by_role("button", name="大", exact=True).click()
    assert "gc-font-large" in page.evaluate("document.documentElement.className")
    page.reload()
    assert "gc-font-large" in page.evaluate("document.documentElement.className")
    assert page.evaluate("JSON.parse(localStorage.getItem('gc-a11y')).fontSize") == (
        "large"
    )
    larger = _px(
        page.locator(".doc-body p").first.evaluate("e => getComputedStyle(e).fontSize")
    )
    assert larger > before
    assert (
        page.get_by_role("button", name="大", exact=True).get_attribute("aria-pressed")
        == "true"
    )

    # Share: the QR code and the copied link.
    page.locator(".tool-share summary").click()
    assert page.locator("svg.qr-code").is_visible()
    page.get_by_role("button", name="复制链接").click()
    page.wait_for_function("document.querySelector('.copy-status').textContent !== ''")
    assert page.locator(".copy-status").inner_text() == "链接已复制"
    # The canonical address of the page (its site's root URL, not the test port).
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#share-url").input_value()
    assert copied.startswith("http://www.localhost") and copied.endswith(DOCUMENT)
    # Not opened from another window: no 关闭窗口.
    assert not page.locator("[data-close]").is_visible()
    page.screenshot(path=screenshot_dir / f"document-tools-{width}.png", full_page=True)

    violations = _axe(page)
    assert violations == [], _report(violations)

    # Previous/next lead to documents of the same column.
    link = page.locator(".page-neighbours a").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(target) and target.startswith("/xxgk/zcwj/")
    assert page.locator("h1.doc-title").count() == 1
    # Back to the normal size for the next test.
    page.get_by_role("button", name="中", exact=True).click()
    assert errors == []
    context.close()


def test_tool_pages_pass_axe_and_fit_320_px(demo_server, browser, screenshot_dir):
    failures = {}
    for width in (320, 1280):
        context = _context(browser, width)
        page = context.new_page()
        for path in PAGES:
            assert page.goto(_url(demo_server, "www.localhost", path)).status == 200
            assert page.locator(".page-tools").count() == 1, path
            assert page.locator(".page-neighbours").count() == 1, path
            page.locator(".tool-share summary").click()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"  # noqa: E501
            )
            assert overflow <= 0, f"{path} at {width}px is {overflow}px too wide"
            violations = _axe(page)
            if violations:
                failures[f"{path}@{width}"] = _report(violations)
        page.goto(_url(demo_server, "www.localhost", "/xxgk/zcjd/jd-001/"))
        page.screenshot(
            path=screenshot_dir / f"interpretation-typeset-{width}.png", full_page=True
        )
        context.close()
    assert failures == {}


def test_close_window_only_when_opened_from_another(demo_server, browser):
    context = _context(browser, 1280)
    opener = context.new_page()
    opener.goto(_url(demo_server, "www.localhost", "/news/"))
    with context.expect_page() as popup_info:
        opener.evaluate(
            "url => window.open(url, '_blank')",
            _url(demo_server, "www.localhost", DOCUMENT),
        )
    popup = popup_info.value
    popup.wait_for_load_state()
    close = popup.get_by_role("button", name="关闭窗口")
    assert close.is_visible()
    with popup.expect_event("close"):
        # Clicked from the page's own event loop: a click through Playwright
        # can still be finishing when the page it clicked closes, and then
        # fails with TargetClosedError although the button worked.
        close.evaluate("button => setTimeout(() => button.click(), 0)")
    assert popup.is_closed()
    context.close()


def test_print_shows_the_document_without_tools_or_navigation(demo_server, browser):
    context = _context(browser, 1280)
    page = context.new_page()
    page.goto(_url(demo_server, "www.localhost", DOCUMENT))
    page.emulate_media(media="print")
    for selector in (".page-tools", ".page-neighbours", ".main-nav", ".site-footer",
                     ".site-header", ".breadcrumbs"):  # fmt: skip
        if page.locator(selector).count():
            assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("table.metadata").is_visible()
    assert page.locator("h1.doc-title").is_visible()
    assert page.locator(".doc-signature").is_visible()
    context.close()
