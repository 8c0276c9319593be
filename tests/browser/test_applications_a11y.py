"""Disclosure on application in Chromium: a citizen finds the office on the
disclosure guide, applies online (with an error first), gets the registration
number and query code, and looks the application up; axe-core (WCAG 2.1 A/AA)
over every public page on the way."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from applications.models import Application
from tests.applications.factories import make_office
from tests.applications.intake_support import RESIDENT_ID, add_guide, host_of
from tests.browser.test_accessibility import _axe, _report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_online_and_look_up_pass_axe(live_server, audit_page):
    office = make_office()
    base = f"http://{host_of(office)}:{urlsplit(live_server.url).port}"
    page = audit_page
    failures = {}

    def audit(name):
        violations = _axe(page)
        if violations:
            failures[name] = _report(violations)

    guide = add_guide(office.site.root_page)
    assert page.goto(base + guide.get_url_parts()[2]).status == 200
    audit("guide with its offices")
    page.get_by_role("link", name="在线申请").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/applications/{office.pk}/apply/"
    audit("form")

    page.locator("button[type=submit]", has_text="提交申请").click()
    page.wait_for_load_state()
    assert page.get_by_text("请填写申请人姓名或名称。").count() == 1
    audit("form with errors")
    assert not Application.objects.exists()

    page.check("#id_applicant_type_0")
    page.fill("#id_name", "张三")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", RESIDENT_ID)
    page.fill("#id_phone", "13812345678")
    page.fill("#id_address", "示范市人民路2号")
    page.fill("#id_info_title", "2025年财政预算执行情况")
    page.fill("#id_info_description", "请提供该文件全文。")
    page.check("#id_delivery_form_0")
    page.check("#id_delivery_channel_0")
    page.locator("button[type=submit]", has_text="提交申请").click()
    page.wait_for_load_state()
    application = Application.objects.get()
    assert page.get_by_text(application.query_code).count() == 1
    audit("submitted")

    page.get_by_role("link", name="查询办理情况").click()
    page.wait_for_load_state()
    audit("status form")
    page.fill("#id_registration_number", application.registration_number)
    page.fill("#id_query_code", application.query_code)
    page.locator("button[type=submit]", has_text="查询").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="2025年财政预算执行情况").count() == 1
    assert page.get_by_text("待确认收到").count() == 1
    audit("status")
    assert failures == {}
