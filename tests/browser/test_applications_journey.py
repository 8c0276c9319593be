"""The whole disclosure-on-application journey in Chromium (#18.12).

A citizen applies online from the disclosure guide; a clerk of the organ's
disclosure office registers it (confirms receipt), extends the deadline once,
answers with partial disclosure and issues the letter, whose PDF downloads;
the citizen then sees the outcome with the query code. axe-core checks the
public pages on the way.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from applications.choices import Outcome, ReplyType, Status
from applications.models import Application
from tests.applications.factories import make_office, make_user
from tests.applications.intake_support import RESIDENT_ID, add_guide, host_of
from tests.browser.test_accessibility import _axe, _report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-123456-xyz"  # tests.applications.factories.make_user's


def _apply_online(page, base, guide_path, audit) -> tuple[str, str]:
    assert page.goto(base + guide_path).status == 200
    page.get_by_role("link", name="在线申请").click()
    page.wait_for_load_state()
    page.check("#id_applicant_type_0")
    page.fill("#id_name", "李四")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", RESIDENT_ID)
    page.fill("#id_phone", "13812345678")
    page.fill("#id_address", "示范市人民路8号")
    page.fill("#id_info_title", "2025年城区道路改造项目资金使用情况")
    page.fill("#id_info_description", "请提供该项目的资金拨付明细。")
    page.check("#id_delivery_form_1")  # electronic
    page.check("#id_delivery_channel_1")  # by e-mail
    page.fill("#id_email", "lisi@example.com")
    page.locator("button[type=submit]", has_text="提交申请").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    application = Application.objects.get()
    # Both are shown once, on the page, to the applicant alone.
    assert application.registration_number in text and application.query_code in text
    audit("submitted")
    return application.registration_number, application.query_code


def _act(page, action: str, fields: dict[str, str], *, selects=()) -> None:
    form = page.locator(f"form[data-application-action='{action}']")
    form.wait_for()
    for name, value in fields.items():
        form.locator(f"[name='{action}-{name}']").fill(value)
    for name, value in selects:
        form.locator(f"select[name='{action}-{name}']").select_option(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_apply_register_extend_answer_partially_and_look_up(live_server, browser):
    office = make_office()
    clerk = make_user("clerk", office=office, head=True)  # heads approve extensions
    office.staff.add(clerk)
    guide = add_guide(office.site.root_page)
    base = f"http://{host_of(office)}:{urlsplit(live_server.url).port}"
    failures = {}

    citizen = browser.new_context(locale="zh-CN", bypass_csp=True)  # axe is inline
    public = citizen.new_page()

    def audit(name):
        violations = _axe(public)
        if violations:
            failures[name] = _report(violations)

    number, code = _apply_online(public, base, guide.get_url_parts()[2], audit)
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED

    staff = browser.new_context(locale="zh-CN", accept_downloads=True)
    admin = staff.new_page()
    admin.goto(f"{base}/admin/login/")
    admin.fill("input[name=username]", "clerk")
    admin.fill("input[name=password]", PASSWORD)
    admin.locator("button[type=submit]").click()
    admin.wait_for_url("**/admin/")
    admin.goto(f"{base}/admin/applications/handling/")
    admin.get_by_role("link", name=number).click()
    admin.wait_for_load_state()
    today = timezone.localdate().isoformat()
    _act(admin, "confirm_receipt", {"confirmed_on": today})
    application.refresh_from_db()
    assert application.status == Status.REGISTERED
    due = application.due_date

    _act(
        admin,
        "extend",
        {"days": "10", "reason": "需要调取多个年度的档案。"},
        selects=[("approver", str(clerk.pk))],
    )
    application.refresh_from_db()
    assert application.status == Status.EXTENDED
    assert application.extension_approver == clerk and application.due_date > due
    # The one extension is spent: the form is no longer offered.
    assert admin.locator("form[data-application-action='extend']").count() == 0

    _act(
        admin,
        "answer",
        {},
        selects=[
            ("reply_type", ReplyType.PARTIAL.value),
            ("outcome", Outcome.PARTIAL.value),
        ],
    )
    application.refresh_from_db()
    assert (application.status, application.outcome) == (
        Status.ANSWERED,
        Outcome.PARTIAL,
    )

    admin.get_by_role("link", name="出具告知书").first.click()
    admin.wait_for_load_state()
    admin.select_option("#choose-reply-type", ReplyType.PARTIAL.value)
    admin.get_by_role("button", name="载入模板").click()
    admin.wait_for_load_state()
    body = admin.locator("textarea[name='body']")
    # The clerk writes what the template leaves to them (the withheld parts).
    body.fill(re.sub(r"【待填写：[^】]*】", "第三部分涉及个人隐私", body.input_value()))
    admin.get_by_role("button", name="出具").click()
    admin.wait_for_load_state()
    letter = application.letters.get()
    assert letter.reply_type == ReplyType.PARTIAL
    assert "六十日" in letter.body and "六个月" in letter.body
    with admin.expect_download() as download:
        admin.get_by_role("link", name="PDF").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    public.goto(f"{base}/applications/status/")
    public.fill("#id_registration_number", number)
    public.fill("#id_query_code", code)
    public.locator("button[type=submit]", has_text="查询").click()
    public.wait_for_load_state()
    result = public.locator("main").inner_text()
    assert "已答复" in result and "部分公开" in result
    assert "李四" not in result  # the name is masked
    audit("status with the outcome")
    assert failures == {}
    staff.close()
    citizen.close()
