"""The citizen's journey in a real browser: write a message, keep the query code,
look the message up (interaction submission)."""

from urllib.parse import urlsplit

import pytest

from interaction.models import Message
from tests.interaction.submission_support import make_channel, make_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_then_track(live_server, page):
    make_channel(make_profile("alpha"), answer_days=10)
    base = f"http://alpha.localhost:{urlsplit(live_server.url).port}"

    page.goto(f"{base}/interaction/zxzx/write/")
    # The honeypot is not shown to people.
    assert not page.locator("input[name=homepage]").is_visible()
    page.fill("input[name=title]", "关于小区供暖的问题")
    page.fill("textarea[name=content]", "供暖温度一直偏低，请有关部门核实处理。")
    page.fill("input[name=contact_name]", "张三")
    page.fill("input[name=contact_phone]", "12345")
    page.locator("form.interaction-form button[type=submit]").click()
    # A bad phone: a Chinese error, the other fields kept.
    assert "请填写正确的手机号码" in page.locator(".field-error").inner_text()
    assert page.input_value("input[name=title]") == "关于小区供暖的问题"

    page.fill("input[name=contact_phone]", "13812345678")
    page.locator("form.interaction-form button[type=submit]").click()
    page.wait_for_url("**/write/done/")
    code = page.locator(".query-code strong").inner_text()
    assert code == Message.objects.get().query_code

    page.locator("a", has_text="查询办理情况").last.click()
    page.fill("input[name=query_code]", code)
    page.locator("form.interaction-form button[type=submit]").click()
    result = page.locator(".tracked-message").inner_text()
    assert "关于小区供暖的问题" in result and "待分办" in result
    assert "138****5678" in result and "13812345678" not in result
    assert page.console_errors == []
