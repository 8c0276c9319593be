"""The 办事服务 listing and a service guide in Chromium at 375 and 1280 px:
nothing wider than the screen, the filters work by click, screenshots for
review, and axe-core (WCAG 2.1 A/AA) finds nothing blocking."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from service_guides.models import ServiceGuidePage
from tests.browser.test_accessibility import _axe, _report

# They only read the demo: the package's committed demo serves them all.
pytestmark = [pytest.mark.browser]

WIDTHS = (375, 1280)


def test_listing_and_guide_at_two_widths_pass_axe(
    demo_server, audit_page, screenshot_dir
):
    # The online-handling button is shown (the demo links no outside portal).
    ServiceGuidePage.objects.filter(slug="yszc", url_path__startswith="/wjw/").update(
        online_url="https://www.sdzwfw.gov.cn/"
    )
    base = f"http://wjw.localhost:{urlsplit(demo_server.url).port}"
    page = audit_page
    failures = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in (("listing", "/services/"), ("guide", "/services/yszc/")):
            assert page.goto(base + path).status == 200
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, (name, width, scroll_width)
            page.screenshot(
                path=screenshot_dir / f"service-{name}-{width}.png", full_page=True
            )
            violations = _axe(page)
            if violations:
                failures[f"{name} {width}"] = _report(violations)
    assert failures == {}

    # Filtering by department and theme, as a visitor clicks.
    page.goto(base + "/services/")
    page.get_by_role("link", name="职业资格").click()
    page.wait_for_load_state()
    assert page.locator(".service-list tbody tr").count() == 1
    assert page.get_by_role("link", name="医师执业注册", exact=True).is_visible()
    page.get_by_role("link", name="全部主题").click()
    page.wait_for_load_state()
    assert page.locator(".service-list tbody tr").count() == 2

    page.goto(base + "/services/yszc/")
    online = page.locator(".service-online a")
    assert "前往省政务服务网" in online.inner_text()
    assert online.get_attribute("href") == "https://www.sdzwfw.gov.cn/"
    assert page.locator(".service-steps li").count() == 5
