"""新闻发布会, 政府公报 and 建议提案办理结果 in Chromium: axe-core (WCAG 2.1
A/AA) over the demo's pages and their columns at phone and desktop widths,
nothing wider than the screen, screenshots to test-artifacts/."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from disclosure_pages.models import ProposalReplyPage
from gazette.models import GazetteIssuePage
from policy_interpretation.models import PressConferencePage
from tests.browser.test_accessibility import _axe, _report

# They only read the demo: the package's committed demo serves them all.
pytestmark = [pytest.mark.browser]

WIDTHS = (375, 1280)


def _path(page) -> str:
    # The city portal's home page is the site root: drop its slug.
    return page.url_path.removeprefix("/www")


def test_statutory_pages_pass_axe_at_phone_and_desktop_widths(
    demo_server, audit_page, screenshot_dir
):
    base = f"http://www.localhost:{urlsplit(demo_server.url).port}"
    pages = {
        "press-conference": _path(
            PressConferencePage.objects.get(url_path__startswith="/www/")
        ),
        "gazette-issue": _path(
            GazetteIssuePage.objects.get(url_path__startswith="/www/")
        ),
        "proposal-reply": _path(
            ProposalReplyPage.objects.get(
                proposal_number="第0012号", url_path__startswith="/www/"
            )
        ),
        "press-conference-column": "/xxgk/xwfbh/",
        "gazette-column": "/xxgk/zfgb/",
        "proposal-column": "/xxgk/jytabl/?type=deputy",
    }
    page = audit_page
    failures = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            response = page.goto(base + path)
            assert response.status == 200, path
            overflow = page.evaluate(
                "document.documentElement.scrollWidth"
                " - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} overflows by {overflow}px at {width}px"
            page.screenshot(path=screenshot_dir / f"{name}-{width}.png", full_page=True)
            violations = _axe(page)
            if violations:
                failures[f"{name}@{width}"] = _report(violations)
    assert failures == {}
    assert page.http_errors == [] and page.console_errors == []

    # What a visitor reads: the conference's speakers and image text, the
    # issue's contents and PDF, the reply's handling result.
    page.goto(base + pages["press-conference"])
    assert page.get_by_role("heading", name="文字实录").is_visible()
    assert (
        page.get_by_alt_text("新闻发布会现场，发布人介绍政务公开工作要点").count() == 1
    )
    page.goto(base + pages["gazette-issue"])
    assert page.get_by_role("heading", name="目录").is_visible()
    assert page.get_by_role("link", name="（PDF）").count() == 1
    page.goto(base + pages["proposal-reply"])
    assert page.get_by_text("A类：所提问题已经解决或采纳").count() == 1
