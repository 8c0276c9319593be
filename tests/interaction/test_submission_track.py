"""办理查询: looking a message up by its query code on the site's own host."""

from __future__ import annotations

import pytest
from django.utils import timezone

from interaction.choices import MessageStatus
from interaction.models import Message
from tests.interaction.submission_support import (
    HOST,
    OTHER_HOST,
    form_data,
    make_channel,
    make_profile,
    post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return make_channel(make_profile("alpha"), answer_days=10)


TRACK = "/interaction/track/"


def submit(client, **overrides) -> Message:
    assert post(client, form_data(**overrides)).status_code == 302
    return Message.objects.latest("pk")


def look_up(client, code, *, host=HOST, ip="192.0.2.1", prefix=""):
    return client.post(
        f"{prefix}{TRACK}", {"query_code": code}, HTTP_HOST=host, REMOTE_ADDR=ip
    )


def test_track_page_shows_the_form(client, channel):
    response = client.get(TRACK, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert 'name="query_code"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_right_code_shows_status_and_due_date(client, channel):
    message = submit(client)
    response = look_up(client, message.query_code.lower())
    body = response.content.decode()
    assert response.status_code == 200
    assert message.title in body
    assert "待分办" in body
    assert message.due_date.strftime("%Y-%m-%d") in body
    assert timezone.localtime(message.received_at).strftime("%Y-%m-%d %H:%M") in body
    assert "尚未答复" in body


def test_code_with_spaces_and_hyphens_is_accepted(client, channel):
    message = submit(client)
    code = message.query_code
    response = look_up(client, f" {code[:5]}-{code[5:]} ")
    assert message.title in response.content.decode()


def test_answered_message_shows_the_reply(client, channel):
    message = submit(client)
    answered_at = timezone.now()
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.ANSWERED,
        answer="经核实，已督促供热公司整改，联系人李四，电话13987654321。",
        answer_department="示范市住房和城乡建设局",
        answered_at=answered_at,
    )
    body = look_up(client, message.query_code).content.decode()
    assert "已答复" in body
    assert "已督促供热公司整改" in body
    assert "示范市住房和城乡建设局" in body
    assert timezone.localtime(answered_at).strftime("%Y-%m-%d %H:%M") in body
    # Personal data in the reply is masked.
    assert "13987654321" not in body and "139****4321" in body


def test_reply_awaiting_review_is_not_shown(client, channel):
    message = submit(client)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.REPLIED, answer="草稿答复内容，尚待审核。"
    )
    body = look_up(client, message.query_code).content.decode()
    assert "答复待审核" in body
    assert "草稿答复内容" not in body


def test_personal_data_is_masked(client, channel):
    message = submit(
        client,
        title="身份证110101199003074514的问题",
        content="我的手机13812345678，银行卡6222020200112233446，请回电。",
        contact_name="欧阳明",
        contact_phone="13812345678",
        contact_email="ouyang@example.com",
    )
    body = look_up(client, message.query_code).content.decode()
    for secret in (
        "110101199003074514",
        "13812345678",
        "6222020200112233446",
        "欧阳明",
        "ouyang@example.com",
    ):
        assert secret not in body, secret
    assert "110101********4514" in body
    assert "138****5678" in body
    assert "欧**" in body
    assert "o***@example.com" in body


def test_fixed_line_contact_is_masked(client, channel):
    message = submit(client, contact_phone="010-87654321")
    body = look_up(client, message.query_code).content.decode()
    assert "87654321" not in body and "010****4321" in body


def test_wrong_code_is_a_chinese_error(client, channel):
    submit(client)
    body = look_up(client, "ABCDEFGHJK").content.decode()
    assert "未找到该查询码对应的留言" in body


def test_malformed_code_is_a_chinese_error(client, channel):
    body = look_up(client, "0OIL1").content.decode()
    assert "查询码格式不正确：应为10位字母和数字。" in body
    body = look_up(client, "").content.decode()
    assert "请填写查询码。" in body


def test_another_sites_message_is_not_visible(client, channel):
    beta = make_profile("beta")
    make_channel(beta)
    assert (
        client.post(
            "/interaction/zxzx/write/",
            form_data(),
            HTTP_HOST=OTHER_HOST,
            REMOTE_ADDR="203.0.113.5",
        ).status_code
        == 302
    )
    theirs = Message.objects.get(site=beta)
    body = look_up(client, theirs.query_code, host=HOST).content.decode()
    assert "未找到该查询码对应的留言" in body
    assert theirs.title not in body
    assert (
        theirs.title
        in look_up(client, theirs.query_code, host=OTHER_HOST).content.decode()
    )


def test_failed_lookups_are_limited_per_address(client, channel, settings):
    settings.INTERACTION_TRACK_FAILURES_PER_HOUR = 3
    message = submit(client)
    for _ in range(3):
        assert "未找到" in look_up(client, "ABCDEFGHJK").content.decode()
    # Past the limit even the right code is refused: no enumeration.
    body = look_up(client, message.query_code).content.decode()
    assert "查询失败次数过多，请一小时后再试。" in body
    assert message.title not in body
    # Another address may still look up.
    other = look_up(client, message.query_code, ip="192.0.2.99").content.decode()
    assert message.title in other


def test_successful_lookups_are_not_counted(client, channel, settings):
    settings.INTERACTION_TRACK_FAILURES_PER_HOUR = 2
    message = submit(client)
    for _ in range(5):
        assert message.title in look_up(client, message.query_code).content.decode()


def test_track_works_in_english(client, channel):
    message = submit(client)
    response = look_up(client, message.query_code, prefix="/en")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en"' in body and message.title in body
