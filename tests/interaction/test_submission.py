"""The public message form (写信) posted on a site's own host, as a browser does."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.models import SensitiveWord
from interaction import rules
from interaction.choices import MessageAction, MessageStatus
from interaction.models import Message, MessageEvent
from interaction.signals import message_changed
from tests.interaction.submission_support import (
    HOST,
    OTHER_HOST,
    form_data,
    make_channel,
    make_profile,
    post,
    write_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return make_channel(make_profile("alpha"), answer_days=10)


def test_form_shows_on_the_sites_own_host(client, channel):
    response = client.get(write_url(), HTTP_HOST=HOST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "我要写信" in body and "政务咨询" in body
    assert 'name="homepage"' in body
    # No third-party scripts or captcha service.
    assert '<script src="http' not in body
    assert response["Cache-Control"].startswith("max-age=0")


def test_form_works_in_english(client, channel):
    response = client.get(write_url(prefix="/en"), HTTP_HOST=HOST)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en"' in body
    assert 'href="/en/interaction/track/"' in body


def test_another_sites_channel_is_404(client, channel):
    make_channel(make_profile("beta"), slug="beta-only")
    assert client.get(write_url("beta-only"), HTTP_HOST=HOST).status_code == 404
    make_channel(channel.site, slug="alpha-only")
    assert client.get(write_url("alpha-only"), HTTP_HOST=OTHER_HOST).status_code == 404
    assert post(client, form_data(), slug="beta-only").status_code == 404
    assert not Message.objects.exists()


def test_inactive_channel_is_404(client, channel):
    channel.is_active = False
    channel.save()
    assert client.get(write_url(), HTTP_HOST=HOST).status_code == 404


def test_success_receives_the_message_and_shows_the_code_once(
    client, channel, django_capture_on_commit_callbacks
):
    sent = []

    def receiver(sender, message, action, **kwargs):
        sent.append((message.pk, action))

    message_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, form_data(contact_phone="138-1234-5678"))
    finally:
        message_changed.disconnect(receiver)
    assert response.status_code == 302
    assert response["Location"] == "/interaction/zxzx/write/done/"

    message = Message.objects.get()
    assert message.site == channel.site and message.channel == channel
    assert message.status == MessageStatus.RECEIVED
    assert message.contact_phone == "13812345678"
    assert message.submitter_ip == "203.0.113.5"
    assert message.wants_public is True
    assert len(message.query_code) == rules.QUERY_CODE_LENGTH
    assert set(message.query_code) <= set(rules.QUERY_CODE_ALPHABET)
    assert abs(timezone.now() - message.received_at) < datetime.timedelta(minutes=1)
    assert message.due_date == rules.due_date_for(message.received_at, 10)
    event = MessageEvent.objects.get(message=message)
    assert event.action == MessageAction.SUBMITTED
    assert event.to_status == MessageStatus.RECEIVED
    assert sent == [(message.pk, MessageAction.SUBMITTED)]

    done = client.get(response["Location"], HTTP_HOST=HOST)
    body = done.content.decode()
    assert message.query_code in body
    assert 'href="/interaction/track/"' in body
    # Shown once: a reload no longer has it.
    again = client.get(response["Location"], HTTP_HOST=HOST)
    assert message.query_code not in again.content.decode()


def test_private_choice_is_stored(client, channel):
    post(client, form_data(wants_public="0"))
    assert Message.objects.get().wants_public is False


def test_query_code_collision_draws_another(client, channel, monkeypatch):
    post(client, form_data())
    taken = Message.objects.get().query_code
    codes = iter([taken, "ABCDEFGHJK"])
    monkeypatch.setattr(
        "interaction.services.submission.new_query_code", lambda: next(codes)
    )
    response = post(client, form_data(content="另一件事情，请帮忙解决一下，谢谢。"))
    assert response.status_code == 302
    assert set(Message.objects.values_list("query_code", flat=True)) == {
        taken,
        "ABCDEFGHJK",
    }


BAD_INPUTS = [
    ({"title": ""}, "title", "请填写标题。"),
    ({"title": "问题"}, "title", "标题至少4个字。"),
    ({"title": "长" * 101}, "title", "标题不能超过100个字"),
    ({"content": "太短"}, "content", "内容至少10个字。"),
    ({"content": "长" * 5001}, "content", "内容不能超过5000个字"),
    ({"contact_name": ""}, "contact_name", "请填写姓名。"),
    ({"contact_name": "名" * 51}, "contact_name", "姓名不能超过50个字。"),
    ({"contact_phone": ""}, "contact_phone", "请填写联系电话。"),
    ({"contact_phone": "12345678901"}, "contact_phone", "请填写正确的手机号码"),
    ({"contact_phone": "1234567"}, "contact_phone", "请填写正确的手机号码"),
    ({"contact_email": "not-an-email"}, "contact_email", "请填写正确的电子邮箱地址"),
    ({"wants_public": ""}, "wants_public", "请选择是否同意公开。"),
    ({"title": "关于\u202e供暖的问题"}, "title", "不允许的控制字符或不可见字符"),
    ({"content": "供暖温度偏\u200b低，请核实处理。"}, "content", "不可见字符"),
]


@pytest.mark.parametrize(("change", "field", "error"), BAD_INPUTS)
def test_bad_input_gets_a_chinese_error_and_stores_nothing(
    client, channel, change, field, error
):
    response = post(client, form_data(**change))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert error in " ".join(errors[field])
    assert error in response.content.decode()
    assert not Message.objects.exists() and not MessageEvent.objects.exists()


def test_control_characters_are_refused_before_the_view(client, channel):
    response = post(client, form_data(content="供暖温度\x00偏低，请核实处理。"))
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()
    assert not Message.objects.exists()


def test_required_contact_fields_follow_the_channel(client, channel):
    channel.require_name = False
    channel.require_phone = False
    channel.require_email = True
    channel.save()
    response = post(client, form_data(contact_name="", contact_phone=""))
    assert "请填写电子邮箱。" in " ".join(
        response.context["form"].errors["contact_email"]
    )
    response = post(
        client, form_data(contact_name="", contact_phone="", contact_email="a@b.cn")
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.contact_name, message.contact_phone) == ("", "")


def test_fixed_line_with_area_code_is_accepted(client, channel):
    assert post(client, form_data(contact_phone="0755 12345678")).status_code == 302
    assert Message.objects.get().contact_phone == "0755-12345678"


def test_honeypot_is_silently_dropped(client, channel):
    response = post(client, form_data(homepage="http://spam.example/"))
    # Same answer as a person gets, but nothing stored and no code shown.
    assert response.status_code == 302
    assert response["Location"] == "/interaction/zxzx/write/done/"
    assert not Message.objects.exists()
    done = client.get(response["Location"], HTTP_HOST=HOST)
    assert "查询码" not in done.content.decode()


def test_rate_limit_per_address(client, channel, settings):
    settings.INTERACTION_SUBMISSIONS_PER_ADDRESS_PER_HOUR = 2
    for n in range(2):
        phone = f"1391234567{n}"
        content = f"第{n}件事情，请有关部门核实处理。"
        assert (
            post(client, form_data(contact_phone=phone, content=content)).status_code
            == 302
        )
    response = post(
        client,
        form_data(contact_phone="13912345679", content="第三件事情，请核实处理。"),
    )
    assert response.status_code == 200
    assert "提交过于频繁，请一小时后再试。" in response.content.decode()
    assert Message.objects.count() == 2
    # Another address is not affected.
    other = post(
        client,
        form_data(contact_phone="13912345679", content="第三件事情，请核实处理。"),
        ip="198.51.100.7",
    )
    assert other.status_code == 302


def test_rate_limit_per_address_looks_back_one_hour(client, channel, settings):
    settings.INTERACTION_SUBMISSIONS_PER_ADDRESS_PER_HOUR = 1
    post(client, form_data())
    Message.objects.update(received_at=timezone.now() - datetime.timedelta(hours=2))
    response = post(client, form_data(content="另一件事情，请有关部门核实处理。"))
    assert response.status_code == 302


def test_rate_limit_per_phone(client, channel):
    # Default: 3 a day per phone, whatever the address.
    for n in range(3):
        content = f"第{n}件事情，请有关部门核实处理。"
        response = post(client, form_data(content=content), ip=f"203.0.113.{n + 10}")
        assert response.status_code == 302
    response = post(
        client, form_data(content="第四件事情，请核实处理。"), ip="203.0.113.99"
    )
    assert "该联系电话今日提交的留言已达上限，请明天再试。" in response.content.decode()
    assert Message.objects.count() == 3


def test_duplicate_content_is_refused(client, channel):
    content = "我家小区2号楼ABC单元供暖温度偏低，请核实处理。"
    assert post(client, form_data(content=content)).status_code == 302
    # Same text with other spacing, case and full-width characters, from
    # another address, same phone.
    again = "我家小区２号楼 ａｂｃ 单元供暖温度偏低，\n请核实处理。"
    response = post(client, form_data(content=again), ip="198.51.100.7")
    assert response.status_code == 200
    assert "请勿重复提交" in response.content.decode()
    assert Message.objects.count() == 1


def test_same_content_from_another_sender_is_not_a_duplicate(client, channel):
    assert post(client, form_data()).status_code == 302
    other = form_data(contact_phone="13700000000")
    assert post(client, other, ip="198.51.100.7").status_code == 302


def test_duplicate_window_ends(client, channel):
    post(client, form_data())
    Message.objects.update(received_at=timezone.now() - datetime.timedelta(hours=25))
    assert post(client, form_data()).status_code == 302


def test_sensitive_word_is_refused(client, channel):
    SensitiveWord.objects.create(word="禁用测试词")
    response = post(client, form_data(content="附上一份禁用测试词，请核实处理。"))
    assert response.status_code == 200
    errors = response.context["form"].errors["content"]
    assert "含有不允许提交的词语“禁用测试词”，请删除后再提交。" in errors
    assert not Message.objects.exists()


def test_sensitive_word_split_by_spaces_is_refused(client, channel):
    SensitiveWord.objects.create(word="禁用测试词")
    response = post(client, form_data(title="关于禁用 测试 词的问题"))
    assert "含有不允许提交的词语“禁用测试词”" in " ".join(
        response.context["form"].errors["title"]
    )
    assert not Message.objects.exists()


def test_inactive_sensitive_word_is_not_checked(client, channel):
    SensitiveWord.objects.create(word="禁用测试词", is_active=False)
    response = post(client, form_data(content="附上一份禁用测试词，请核实处理。"))
    assert response.status_code == 302


def test_english_post_works(client, channel):
    response = client.post(
        write_url(prefix="/en"), form_data(), HTTP_HOST=HOST, REMOTE_ADDR="203.0.113.5"
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/interaction/zxzx/write/done/"
    assert Message.objects.count() == 1
