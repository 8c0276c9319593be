"""Headless Chromium (Debian's package) driven by Playwright for Python.

Browser downloads are impossible here, so Playwright launches the system
`chromium`; the flags keep it off the network beyond the test server.
"""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the Django ORM calls
# made by fixtures around it are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium is not installed: run `make browser-deps`.")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _watched_page(context):
    """A page that records console errors and failed loads."""
    page = context.new_page()
    page.console_errors = []
    page.http_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text)
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            page.http_errors.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    return page


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    yield _watched_page(context)
    context.close()


@pytest.fixture
def audit_page(browser):
    """A page for the axe audit: axe-core is injected as an inline script,
    which the site's strict CSP (script-src 'self') rightly blocks. Only this
    browser context bypasses CSP; the pages are served, and audited, as is."""
    context = browser.new_context(locale="zh-CN", bypass_csp=True)
    yield _watched_page(context)
    context.close()


@pytest.fixture
def screenshot_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def log_in_to_admin(page, live_server, *, username="office") -> str:
    """Create a superuser and log in as the browser does: password, then the
    TOTP code. Returns the base URL of the city portal on the live server."""
    from urllib.parse import urlsplit

    from django.contrib.auth import get_user_model

    from tests.two_factor import confirmed_device, current_token

    password = "Pw-12345-xyz"
    user = get_user_model().objects.create_superuser(
        username, f"{username}@example.invalid", password
    )
    device = confirmed_device(user)
    base = f"http://www.localhost:{urlsplit(live_server.url).port}"
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/2fa/verify/**")
    page.fill("input[name=token]", current_token(device))
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/")
    return base


@pytest.fixture(scope="package")
def demo_server(django_db_setup, django_db_blocker):
    """The whole demo, loaded and committed once, behind a live server of its own.

    For the browser tests that only read the demo (axe audits, smoke, phone
    widths, screenshots): `live_server` would make each of them a transactional
    test, and the database flush after each would make each load the demo again
    (a minute each). These tests use no `db` fixture, so pytest-django runs them
    after every database test, and the flush at the end leaves the database as
    a transactional test leaves it.
    """
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.live_server_helper import LiveServer

    from demo.services import load_demo_cluster
    from workdays.bundled import restore_bundled_days
    from workdays.models import CalendarDay

    with django_db_blocker.unblock():
        # pytest-django creates the test database only for the aliases its
        # collected database tests name; run alone, these tests name none.
        own_setup = None
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            own_setup = setup_databases(
                verbosity=0, interactive=False, aliases={"default"}
            )
        if not CalendarDay.objects.exists():
            restore_bundled_days()
        load_demo_cluster(port=80)
        server = LiveServer("localhost")
        try:
            yield server
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            # Let the test database be dropped at the end of the session.
            connections.close_all()
            if own_setup is not None:
                teardown_databases(own_setup, verbosity=0)
