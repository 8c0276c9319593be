"""An application's admin page in Chromium: under the CSP the answer form
offers only the outcome rows of the chosen reply type, and answering works."""

from datetime import date

import pytest

from applications.choices import Outcome, ReplyType, Status
from tests.applications.factories import make_application, make_office
from tests.browser.conftest import log_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_form_filters_outcomes_and_answers(
    live_server, demo_cluster, page, screenshot_dir
):
    office = make_office()
    application = make_application(
        office.organization, received_on=date.today(), info_title="预算执行情况"
    )
    base = log_in_to_admin(page, live_server)
    page.goto(f"{base}/admin/applications/handling/inspect/{application.pk}/")
    form = page.locator("form[data-application-action='answer']")
    form.wait_for()
    form.locator("select[name='answer-reply_type']").select_option(
        ReplyType.PARTIAL.value
    )
    enabled = form.locator(
        "select[name='answer-outcome'] optgroup:not([disabled]) option"
    )
    assert enabled.evaluate_all("options => options.map(o => o.value)") == [
        Outcome.PARTIAL.value
    ]
    form.locator("select[name='answer-reply_type']").select_option(
        ReplyType.WITHHELD.value
    )
    values = enabled.evaluate_all("options => options.map(o => o.value)")
    assert values == [o.value for o in Outcome if o.value.startswith("withheld_")]
    form.locator("select[name='answer-reply_type']").select_option(
        ReplyType.PARTIAL.value
    )
    page.screenshot(path=screenshot_dir / "application-handling.png", full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "已完成“答复”" in page.locator("main").inner_text() or "已完成" in (
        page.content()
    )
    application.refresh_from_db()
    assert (application.status, application.outcome) == (
        Status.ANSWERED,
        Outcome.PARTIAL,
    )
    assert page.console_errors == []
