"""Public pages at portal standard (#22.3-5) in Chromium at 375 and 1280 px:
the accessibility toolbar (keyboard only, persistence, read-aloud, reading
guide, elder preset), the catalog tree, the phone menu, 44-px tap targets,
320 px without sideways scrolling on every page type, axe-core clean.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from tests.browser.test_accessibility import _axe, _report

pytestmark = [pytest.mark.browser]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SITES = ("www.localhost", "fgw.localhost")


def _url(demo_server, host, path="/"):
    return f"http://{host}:{urlsplit(demo_server.url).port}{path}"


def _classes(page) -> set[str]:
    return set((page.locator("html").get_attribute("class") or "").split())


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(
            locale="zh-CN", viewport=viewport, bypass_csp=True, **options
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_toolbar_works_by_keyboard_alone_and_persists(
    demo_server, new_page, screenshot_dir, viewport
):
    page = new_page(viewport)
    page.goto(_url(demo_server, "www.localhost", "/news/news-01/"))
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    opener = page.locator(".a11y-open")
    assert page.evaluate("document.activeElement.className") == "a11y-open"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    assert opener.get_attribute("aria-expanded") == "true"
    panel = page.locator("#a11y-panel")
    assert panel.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "小"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # 大
    page.keyboard.press("Enter")
    assert (
        page.locator("[data-a11y-font=large]").get_attribute("aria-pressed") == "true"
    )
    page.keyboard.press("Tab")  # 行距
    page.keyboard.press("Tab")  # 高对比度
    page.keyboard.press("Space")
    assert {"gc-font-large", "gc-contrast"} <= _classes(page)
    size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert size == "20px"
    # Tap targets of the toolbar: 44 px at least.
    for box in [b.bounding_box() for b in panel.locator("button:visible").all()]:
        assert box["height"] >= 44 and box["width"] >= 44, box
    page.screenshot(path=screenshot_dir / f"toolbar-{viewport['width']}.png")
    assert _axe(page) == [], "toolbar open"
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert opener.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.className") == "a11y-open"

    stored = json.loads(page.evaluate("localStorage.getItem('gc-a11y')"))
    assert stored["fontSize"] == "large" and stored["contrast"] is True
    page.reload()
    assert {"gc-font-large", "gc-contrast"} <= _classes(page)
    # Applied before any script runs: the server renders them from the cookie.
    cookies = page.context.cookies()
    plain = new_page(viewport, java_script_enabled=False)
    plain.context.add_cookies(cookies)
    plain.goto(_url(demo_server, "www.localhost", "/about/"))
    assert {"gc-font-large", "gc-contrast"} <= _classes(plain)


def test_localstorage_alone_is_applied_before_the_first_paint(demo_server, new_page):
    page = new_page()
    page.goto(_url(demo_server, "www.localhost", "/"))
    page.evaluate(
        "localStorage.setItem('gc-a11y',"
        " JSON.stringify({fontSize: 'small', t: Date.now()}))"
    )
    page.context.clear_cookies()
    # Record the classes at the first DOMContentLoaded of the next load, before
    # the deferred toolbar script runs.
    page.add_init_script(
        "document.addEventListener('readystatechange', () => {"
        " if (!window.__first) window.__first = document.documentElement.className; });"
    )
    page.goto(_url(demo_server, "www.localhost", "/about/"))
    assert "gc-font-small" in page.evaluate("window.__first").split()


@pytest.fixture
def shared_parent_domain(django_db_blocker, settings, monkeypatch):
    """www and fgw also served as www.city.localhost and fgw.city.localhost.

    Chromium refuses a cookie for ".localhost" (a top-level name), as it would
    for ".cn"; a real cluster shares a parent such as ".city.gov.cn". The demo
    registers *.localhost names only, so the two extra names are routed to
    Wagtail's own site lookup (as the registry does for the test host).
    """
    from wagtail.models import Site

    from site_registry import middleware
    from site_registry.routing import SERVE, HostRoute

    registered = middleware.route_for_host
    monkeypatch.setattr(
        middleware,
        "route_for_host",
        lambda host: (
            HostRoute(action=SERVE)
            if host.endswith(".city.localhost")
            else registered(host)
        ),
    )
    settings.A11Y_COOKIE_DOMAIN = ".city.localhost"
    with django_db_blocker.unblock():
        made = [
            Site.objects.create(
                hostname=f"{name}.city.localhost",
                port=80,
                root_page=Site.objects.get(hostname=f"{name}.localhost").root_page,
                site_name=name,
            )
            for name in ("www", "fgw")
        ]
    yield ("www.city.localhost", "fgw.city.localhost")
    with django_db_blocker.unblock():
        for site in made:
            site.delete()


def test_settings_stay_per_site_without_a_shared_domain(demo_server, new_page):
    page = new_page()
    page.goto(_url(demo_server, "www.localhost", "/"))
    page.locator(".a11y-open").click()
    page.locator("[data-a11y-switch=cursor]").click()
    assert "gc-cursor" in _classes(page)
    # localStorage and a host-only cookie are per site.
    page.goto(_url(demo_server, "fgw.localhost", "/"))
    assert "gc-cursor" not in _classes(page)


def test_settings_follow_the_visitor_across_sites_with_a_shared_domain(
    demo_server, new_page, shared_parent_domain
):
    www, fgw = shared_parent_domain
    page = new_page()
    page.goto(_url(demo_server, www, "/"))
    page.locator(".a11y-open").click()
    page.locator("[data-a11y-switch=lineSpacing]").click()
    page.locator("[data-a11y-font=large]").click()
    page.goto(_url(demo_server, fgw, "/news/"))
    assert {"gc-spacing", "gc-font-large"} <= _classes(page)
    page.locator(".a11y-open").click()
    assert (
        page.locator("[data-a11y-switch=lineSpacing]").get_attribute("aria-pressed")
        == "true"
    )
    # A change on the second site comes back to the first.
    page.locator("[data-a11y-switch=lineSpacing]").click()
    page.goto(_url(demo_server, www, "/"))
    assert "gc-spacing" not in _classes(page)
    assert "gc-font-large" in _classes(page)


def test_read_aloud_speaks_the_selection_or_hides(demo_server, new_page):
    page = new_page()
    page.add_init_script(
        "window.__spoken = [];"
        "window.speechSynthesis.speak = u => window.__spoken.push([u.text, u.lang]);"
    )
    page.goto(_url(demo_server, "www.localhost", "/news/news-01/"))
    page.locator(".a11y-open").click()
    read = page.locator("[data-a11y-read]")
    assert read.is_visible()
    title = page.locator("main h1").inner_text()
    page.evaluate(
        "() => { const r = document.createRange();"
        " r.selectNodeContents(document.querySelector('main h1'));"
        " getSelection().removeAllRanges(); getSelection().addRange(r); }"
    )
    read.click()
    assert page.evaluate("window.__spoken") == [[title, "zh-hans"]]
    assert read.get_attribute("aria-pressed") == "true"
    # Nothing selected: the main content.
    page.evaluate("getSelection().removeAllRanges()")
    page.evaluate("window.speechSynthesis.cancel()")
    page.evaluate("window.__spoken = []")
    read.get_attribute("aria-pressed")
    page.locator("[data-a11y-read]").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[-1][0].startswith(title)

    silent = new_page()
    silent.add_init_script(
        "delete window.speechSynthesis; delete Window.prototype.speechSynthesis;"
    )
    silent.goto(_url(demo_server, "www.localhost", "/news/news-01/"))
    assert silent.evaluate("typeof window.speechSynthesis") == "undefined"
    silent.locator(".a11y-open").click()
    assert silent.locator("[data-a11y-read]").is_hidden()
    assert silent.locator("[data-a11y-switch=guide]").is_visible()


def test_reading_guide_follows_the_pointer(demo_server, new_page):
    page = new_page()
    page.goto(_url(demo_server, "www.localhost", "/news/news-01/"))
    line = page.locator(".a11y-guide-line")
    assert line.is_hidden()
    page.locator(".a11y-open").click()
    page.locator("[data-a11y-switch=guide]").click()
    page.mouse.move(400, 500)
    assert line.is_visible()
    assert (
        page.evaluate("document.querySelector('.a11y-guide-line').style.top") == "500px"
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_elder_preset_from_the_toolbar_and_the_link(
    demo_server, new_page, screenshot_dir, viewport
):
    page = new_page(viewport)
    page.goto(_url(demo_server, "www.localhost", "/news/news-02/"))
    page.locator(".a11y-open").click()
    page.locator("[data-a11y-switch=elder]").click()
    preset = {"gc-font-large", "gc-spacing", "gc-contrast", "gc-cursor", "elder-mode"}
    assert preset <= _classes(page)
    link = page.locator("[data-a11y-elder]")
    assert link.inner_text() == "退出长者模式"
    assert _axe(page) == []
    page.screenshot(path=screenshot_dir / f"elder-preset-{viewport['width']}.png")
    page.reload()
    assert preset <= _classes(page)
    # The old entry point, a plain link, switches it off again.
    with page.expect_navigation(url="**/news/news-02/"):
        link.click()
    assert not preset & _classes(page) - {"gc-font-large"}
    assert "gc-font-medium" in _classes(page)
    assert (
        page.locator("[data-a11y-elder]").inner_text() == "长者模式（大字体、高对比度）"
    )
    # The page tools' text size follows the reset too (it once restored the
    # elder preset's large size from localStorage).
    medium = page.locator(".page-tools [data-size=medium]")
    assert medium.get_attribute("aria-pressed") == "true"
    page.reload()
    assert "gc-font-medium" in _classes(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_catalog_tree(demo_server, new_page, screenshot_dir, viewport):
    page = new_page(viewport)
    failures = {}
    for path in ("/xxgk/", "/xxgk/zcwj/"):
        page.goto(_url(demo_server, "www.localhost", path))
        violations = _axe(page)
        if violations:
            failures[path] = _report(violations)
    assert failures == {}
    current = page.locator(".catalog-tree a[aria-current=page]")
    assert current.text_content() == "政策文件"
    guide = page.locator(".catalog-entries a", has_text="政府信息公开指南")
    if viewport is PHONE:
        # Folded: one summary line above the listing, opened by a tap.
        assert not guide.is_visible()
        summary = page.locator(".catalog-nav > summary")
        assert summary.bounding_box()["height"] >= 44
        summary.click()
        assert guide.is_visible()
    else:
        assert guide.is_visible()
        nav = page.locator(".catalog-nav").bounding_box()
        main = page.locator(".catalog-main").bounding_box()
        assert nav["x"] + nav["width"] <= main["x"]
    page.screenshot(
        path=screenshot_dir / f"catalog-tree-{viewport['width']}.png", full_page=True
    )


def test_phone_menu_button_and_tap_targets(demo_server, new_page, screenshot_dir):
    page = new_page(PHONE)
    page.goto(_url(demo_server, "fgw.localhost", "/news/"))
    toggle = page.locator(".main-nav button.menu-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.bounding_box()["height"] >= 44
    menu_link = page.locator(".main-nav .menu a").first
    assert not menu_link.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    for link in (
        page.locator(".main-nav .menu a").all() + page.locator(".top-links a").all()
    ):
        box = link.bounding_box()
        assert box["height"] >= 44, (link.inner_text(), box)
    page.screenshot(path=screenshot_dir / "phone-menu-open-375.png")

    # Without JavaScript the toggle is a link to the menu (:target).
    plain = new_page(PHONE, java_script_enabled=False)
    plain.goto(_url(demo_server, "fgw.localhost", "/news/"))
    assert not plain.locator(".main-nav .menu a").first.is_visible()
    plain.locator(".main-nav a.menu-toggle").click()
    assert plain.locator(".main-nav .menu a").first.is_visible()


# --- 320 px: every page type --------------------------------------------------

# Pages that are not Wagtail pages, and listings to take one detail link from.
EXTRA_PATHS = [
    "/search/?q=政务公开",
    "/site-map/",
    "/no-such-page/",
    "/interaction/track/",
]
FOLLOW = [
    ("/interaction/", r"^/interaction/[\w-]+/$"),
    ("/interaction/", r"^/interaction/[\w-]+/write/$"),
    ("/interaction/interviews/", r"^/interaction/interviews/[\w-]+/$"),
    ("/interaction/consultations/", r"^/interaction/consultations/[\w-]+/$"),
    ("/xxgk/gkzn/", r"^/applications/\d+/apply/$"),
]


def _one_page_per_type(django_db_blocker) -> dict[str, tuple[str, str]]:
    """One live page of every page model on the two sites: {model: (host, path)}."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, Site, get_page_models

    found = {}
    with django_db_blocker.unblock():
        for host in SITES:
            site = Site.objects.get(hostname=host)
            for model in get_page_models():
                name = model._meta.label
                if name in found or model is Page:
                    continue
                page = (
                    Page.objects.descendant_of(site.root_page, inclusive=True)
                    .live()
                    .public()
                    .filter(content_type=ContentType.objects.get_for_model(model))
                    .order_by("path")
                    .first()
                )
                if page is not None:
                    found[name] = (host, page.get_url(current_site=site))
    return found


def test_every_page_type_fits_320_px(
    demo_server, new_page, django_db_blocker, screenshot_dir
):
    pages = _one_page_per_type(django_db_blocker)
    # The page types the issue names are all there.
    for label in [
        "home.HomePage",
        "disclosure_pages.DisclosureIndexPage",
        "disclosure_pages.DisclosureColumnPage",
        "disclosure_pages.DisclosureDocumentPage",
        "disclosure_pages.DisclosureGuidePage",
        "disclosure_pages.DisclosureRulesPage",
        "disclosure_pages.AnnualReportPage",
        "policy_interpretation.PolicyInterpretationPage",
        "content.ArticleIndexPage",
        "content.ArticlePage",
        "content.NoticePage",
        "service_guides.ServiceGuidePage",
        "gazette.GazetteIssuePage",
    ]:
        assert label in pages, label
    page = new_page({"width": 320, "height": 640})
    targets = [(host, path) for host, path in pages.values()]
    targets += [(host, path) for host in SITES for path in EXTRA_PATHS]
    for start, pattern in FOLLOW:
        page.goto(_url(demo_server, "www.localhost", start))
        hrefs = page.eval_on_selector_all(
            "a[href]", "as => as.map(a => a.getAttribute('href'))"
        )
        match = next((h for h in hrefs if re.match(pattern, h)), None)
        assert match, (start, pattern)
        targets.append(("www.localhost", match))
    failures = {}
    for host, path in targets:
        response = page.goto(_url(demo_server, host, path))
        assert response.status == (404 if path == "/no-such-page/" else 200), path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            failures[f"{host}{path}"] = width
    page.goto(
        _url(
            demo_server,
            "www.localhost",
            pages["disclosure_pages.DisclosureDocumentPage"][1],
        )
    )
    page.screenshot(path=screenshot_dir / "document-320.png", full_page=True)
    assert failures == {}, failures
    assert len(targets) >= 30
