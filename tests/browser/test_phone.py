"""Public pages on a 375 px phone (#13): nothing wider than the screen, the menu
folds behind a toggle, search results come before the facets."""

from urllib.parse import urlsplit

import pytest

# They only read the demo: the package's committed demo serves them all.
pytestmark = [pytest.mark.browser]

PHONE = {"width": 375, "height": 667}


def _url(demo_server, hostname, path="/"):
    port = urlsplit(demo_server.url).port
    return f"http://{hostname}:{port}{path}"


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    yield context.new_page()
    context.close()


def test_document_page_and_menu_on_a_phone(demo_server, phone, screenshot_dir):
    phone.goto(_url(demo_server, "www.localhost", "/xxgk/zcwj/doc-001/"))
    assert phone.locator("table.metadata").is_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    phone.screenshot(path=screenshot_dir / "phone-document.png", full_page=True)

    # The menu is folded: one toggle instead of three rows of links.
    menu_link = phone.locator(".main-nav .menu a", has_text="政务动态")
    toggle = phone.locator(".main-nav .menu-toggle")
    assert toggle.is_visible()
    assert not menu_link.is_visible()
    toggle.click()
    assert menu_link.is_visible()
    menu_link.click()
    assert phone.locator("h1").inner_text() == "政务动态"
    assert not phone.locator(".main-nav .menu a", has_text="通知公告").is_visible()


def test_search_results_come_first_on_a_phone(demo_server, phone, screenshot_dir):
    phone.goto(_url(demo_server, "www.localhost", "/search/?q=政务公开"))
    first = phone.locator(".results .result h2 a").first
    box = first.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    facets = phone.locator(".search-facets")
    assert not facets.is_visible()
    phone.locator(".facets-toggle").click()
    assert facets.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=screenshot_dir / "phone-search.png", full_page=True)

    # On a wide screen the facets are a sidebar beside the results.
    phone.set_viewport_size({"width": 1280, "height": 800})
    assert facets.is_visible()
    assert not phone.locator(".facets-toggle").is_visible()
    facets_box = facets.bounding_box()
    results_box = phone.locator(".search-results").bounding_box()
    assert facets_box["x"] + facets_box["width"] <= results_box["x"]
