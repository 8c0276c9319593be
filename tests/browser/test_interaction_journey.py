"""The whole journey of a message in Chromium (#16.11): a citizen writes and keeps
the 查询码, the site's editor assigns it, the department's handler replies, the
site's reviewer approves and publishes, and the citizen reads the reply with the
code; axe-core finds no serious or critical violation on the public pages."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from interaction.choices import MessageStatus
from interaction.models import Message
from tests.browser.test_accessibility import _axe, _report
from tests.interaction.handling_helpers import build_world
from tests.two_factor import confirmed_device, current_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-12345-abc"  # tests.interaction.handling_helpers.user


def _log_in(browser, base, user):
    """A fresh browser session logged in as ``user``, as a person does it."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    if "/2fa/" in page.url:  # reviewers must use TOTP
        page.fill("input[name=token]", current_token(confirmed_device(user)))
        page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/")
    return context, page


def _act(page, action, **fields):
    form = page.locator(f'form[data-message-action="{action}"]')
    for name, value in fields.items():
        control = form.locator(f'[name="{action}-{name}"]')
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "已完成" in page.locator("body").inner_text(), action


def test_message_from_citizen_to_published_reply(live_server, browser):
    w = build_world()
    confirmed_device(w.reviewer_a)
    base = f"http://hda.localhost:{urlsplit(live_server.url).port}"

    citizen = browser.new_context(locale="zh-CN", bypass_csp=True)
    page = citizen.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/interaction/")
    assert not _axe(page), _report(_axe(page))
    page.goto(f"{base}/interaction/zxzx/write/")
    assert not (violations := _axe(page)), _report(violations)
    page.fill("input[name=title]", "关于小学入学材料的咨询")
    page.fill("textarea[name=content]", "孩子今年秋季入学，请问需要准备哪些材料？")
    page.fill("input[name=contact_name]", "李四")
    page.fill("input[name=contact_phone]", "13912345678")
    page.locator("form.interaction-form button[type=submit]").click()
    page.wait_for_url("**/write/done/")
    code = page.locator(".query-code strong").inner_text()
    message = Message.objects.get(query_code=code)
    assert message.site == w.site_a and message.status == MessageStatus.RECEIVED

    inspect = base + reverse("interaction_message:inspect", args=[message.pk])
    editor, admin = _log_in(browser, base, w.editor_a)
    admin.goto(inspect)
    _act(admin, "assign", department=str(w.dept1.pk))
    editor.close()

    handler, admin = _log_in(browser, base, w.handler1)
    admin.goto(inspect)
    _act(admin, "reply", answer="请携带户口簿和房产证明，到区教育局办理。")
    handler.close()

    reviewer, admin = _log_in(browser, base, w.reviewer_a)
    admin.goto(inspect)
    _act(admin, "approve")
    _act(admin, "publish")
    log = admin.locator("[data-message-log]").inner_text()
    for step in ("提交", "分办", "答复", "审核通过", "公开"):
        assert step in log
    reviewer.close()

    page.goto(f"{base}/interaction/track/")
    page.fill("input[name=query_code]", code)
    page.locator("form.interaction-form button[type=submit]").click()
    result = page.locator(".tracked-message").inner_text()
    assert "已答复" in result and "到区教育局办理" in result
    assert "139****5678" in result and "13912345678" not in result
    assert not (violations := _axe(page)), _report(violations)

    # The published reply in the channel's public listing and on its own page.
    for path in (
        "/interaction/zxzx/",
        f"/interaction/zxzx/{message.pk}/",
        "/interaction/statistics/",
    ):
        page.goto(base + path)
        assert "关于小学入学材料的咨询" in page.content() or "statistics" in path
        assert not (violations := _axe(page)), _report(violations)
    assert errors == []
    citizen.close()
