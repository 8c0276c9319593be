"""The demo's repeal pair in Chromium (#17.6): both document pages show the
relation at 375 and 1280 px without overflowing, and pass axe-core (WCAG 2.1
A/AA); screenshots go to test-artifacts/."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from demo.amendments import NEW_SOURCE_ID, OLD_SOURCE_ID
from disclosure_pages.models import DisclosureDocumentPage
from tests.browser.test_accessibility import _axe, _report

# It only reads the demo: the package's committed demo serves it.
pytestmark = [pytest.mark.browser]


def test_repeal_pair_pages(demo_server, browser, screenshot_dir):
    port = urlsplit(demo_server.url).port
    pages = {
        name: DisclosureDocumentPage.objects.get(source_id=source_id)
        for name, source_id in (
            ("repealed", OLD_SOURCE_ID),
            ("repealing", NEW_SOURCE_ID),
        )
    }
    failures = {}
    for width in (375, 1280):
        context = browser.new_context(
            locale="zh-CN",
            viewport={"width": width, "height": 900},
            # axe-core is injected inline, which the strict CSP rightly blocks.
            bypass_csp=True,
        )
        page = context.new_page()
        for name, document in pages.items():
            path = document.url_path.removeprefix("/www")
            assert page.goto(f"http://www.localhost:{port}{path}").status == 200
            relations = page.locator("section.document-relations")
            assert relations.is_visible()
            expected = "本文件已被" if name == "repealed" else "本文件废止了"
            assert expected in relations.inner_text()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth"
                " - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
            page.screenshot(
                path=screenshot_dir / f"document-{name}-{width}.png", full_page=True
            )
            violations = _axe(page)
            if violations:
                failures[f"{name}@{width}"] = _report(violations)
        context.close()
    assert failures == {}
