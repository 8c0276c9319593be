"""The admin page editor and the publication check work under the CSP (#7)."""

import pytest

from disclosure_pages.models import DisclosureDocumentPage
from tests.browser.conftest import log_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VALID_ID = "11010519491231002X"


def test_page_editor_and_check_report_without_csp_errors(
    live_server, demo_cluster, page, screenshot_dir
):
    base = log_in_to_admin(page, live_server)

    document = DisclosureDocumentPage.objects.filter(slug="doc-001").first()
    page.goto(f"{base}/admin/pages/{document.pk}/edit/")
    # Draftail renders the body only if its scripts ran under the policy.
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.wait_for()
    # Keys typed before Draftail has finished starting are lost: retry until
    # the text is really in the editor.
    for _attempt in range(3):
        editor.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(f"联系人身份证{VALID_ID}")
        if VALID_ID in editor.inner_text():
            break
        page.wait_for_timeout(500)
    assert VALID_ID in editor.inner_text()
    # Draftail copies its content into the form field after a short debounce.
    page.wait_for_function(
        "id => document.querySelector('input[name=body]').value.includes(id)",
        arg=VALID_ID,
    )
    page.screenshot(path=screenshot_dir / "admin-page-editor.png", full_page=True)
    # Publish from the footer's action menu: the gate stops it.
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url("**/publishing/pages/**/check/**")
    assert "110105********002X" in page.locator("main").inner_text()
    assert VALID_ID not in page.content()
    page.screenshot(path=screenshot_dir / "publication-check.png", full_page=True)
    page.get_by_role("button", name="一键脱敏并发布").click()
    page.wait_for_url(f"**/admin/pages/{document.pk}/edit/")
    document.refresh_from_db()
    assert "110105********002X" in document.body
    csp_errors = [e for e in page.console_errors if "Content Security Policy" in e]
    assert csp_errors == []
    assert page.console_errors == []
