"""The handling state machine as plain functions, without HTTP (#16.4)."""

from __future__ import annotations

import pytest
from django.core import mail

from interaction.choices import InvalidReason, MessageAction, MessageStatus
from interaction.models import Message, MessageEvent
from interaction.services import handling
from interaction.services.handling import HandlingError
from interaction.signals import message_changed
from tests.interaction.handling_helpers import build_world, message
from workdays.calendar import add_working_days


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (signals, mail) as a real commit would."""

    def run(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def _events(msg):
    return list(
        MessageEvent.objects.filter(message=msg).values_list(
            "action", "from_status", "to_status"
        )
    )


def test_full_path_received_to_published(world, commits):
    msg = message(world.channel_a)
    sent = []
    message_changed.connect(
        lambda sender, **kw: sent.append(kw["action"]), weak=False, dispatch_uid="t"
    )
    try:
        commits(
            handling.assign,
            user=world.editor_a,
            message=msg,
            department=world.dept1,
            note="请教育局答复",
        )
        commits(handling.reply, user=world.handler1, message=msg, answer="需要户口簿。")
        commits(handling.approve, user=world.reviewer_a, message=msg)
        commits(handling.publish, user=world.reviewer_a, message=msg)
    finally:
        message_changed.disconnect(dispatch_uid="t")
    msg.refresh_from_db()
    assert msg.status == MessageStatus.ANSWERED
    assert msg.answer_department == "示范市教育局"
    assert msg.answered_at is not None and msg.is_published and msg.published_at
    assert _events(msg) == [
        ("assigned", "received", "assigned"),
        ("replied", "assigned", "replied"),
        ("approved", "replied", "answered"),
        ("published", "answered", "answered"),
    ]
    first = msg.events.first()
    assert first.actor == world.editor_a and first.department == world.dept1
    assert first.note == "请教育局答复"
    assert sent == ["assigned", "replied", "approved", "published"]
    assert Message.objects.published().filter(pk=msg.pk).exists()


def test_transfer_return_and_keep_private(world, commits):
    msg = message(world.channel_a, wants_public=False)
    handling.assign(user=world.office, message=msg, department=world.dept1)
    handling.transfer(
        user=world.handler1, message=msg, department=world.dept2, reason="职责不符"
    )
    msg.refresh_from_db()
    assert msg.department == world.dept2 and msg.status == MessageStatus.ASSIGNED
    # The old department's handler has no say any more.
    with pytest.raises(HandlingError, match="没有权限"):
        handling.reply(user=world.handler1, message=msg, answer="x")
    handling.reply(user=world.handler2, message=msg, answer="初稿")
    handling.return_reply(user=world.reviewer_a, message=msg, note="请补充依据")
    msg.refresh_from_db()
    assert msg.status == MessageStatus.ASSIGNED
    handling.reply(user=world.handler2, message=msg, answer="定稿")
    handling.approve(user=world.office, message=msg)
    with pytest.raises(HandlingError, match="不同意公开"):
        handling.publish(user=world.reviewer_a, message=msg)
    handling.keep_private(user=world.reviewer_a, message=msg, note="来信人不同意")
    msg.refresh_from_db()
    assert not msg.is_published
    assert [a for a, _f, _t in _events(msg)] == [
        "assigned",
        "transferred",
        "replied",
        "returned",
        "replied",
        "approved",
        "unpublished",
    ]
    transfer = msg.events.get(action=MessageAction.TRANSFERRED)
    assert transfer.note == "职责不符" and transfer.department == world.dept2


@pytest.mark.parametrize(
    "action,kwargs",
    [
        ("reply", {"answer": "x"}),
        ("approve", {}),
        ("return_reply", {"note": "x"}),
        ("publish", {}),
        ("keep_private", {}),
        ("transfer", {"reason": "x", "department": None}),
    ],
)
def test_wrong_state_is_refused_and_writes_nothing(world, action, kwargs):
    msg = message(world.channel_a)  # 待分办
    if "department" in kwargs:
        kwargs["department"] = world.dept2
    with pytest.raises(HandlingError, match="当前状态为“待分办”"):
        # The office may do all of these but reply (the site's editor may).
        actor = world.editor_a if action == "reply" else world.office
        getattr(handling, action)(user=actor, message=msg, **kwargs)
    msg.refresh_from_db()
    assert msg.status == MessageStatus.RECEIVED and not msg.answer
    assert not msg.events.exists()


def test_no_permission_is_refused(world):
    msg = message(world.channel_a)
    for account in (world.editor_b, world.auditor, world.handler1, world.reviewer_a):
        with pytest.raises(HandlingError, match="没有权限"):
            handling.assign(user=account, message=msg, department=world.dept1)
    handling.assign(user=world.editor_a, message=msg, department=world.dept1)
    with pytest.raises(HandlingError, match="没有权限"):
        handling.reply(user=world.handler2, message=msg, answer="x")
    handling.reply(user=world.handler1, message=msg, answer="答复")
    for account in (world.handler1, world.editor_a, world.auditor):
        with pytest.raises(HandlingError, match="没有权限"):
            handling.approve(user=account, message=msg)
    assert msg.events.count() == 2


def test_department_must_belong_to_the_channel(world):
    other = message(world.channel_b)
    with pytest.raises(HandlingError, match="不是本渠道的办理单位"):
        handling.assign(user=world.office, message=other, department=world.dept2)
    assert not other.events.exists()


def test_one_extension_only(world):
    msg = message(world.channel_a)
    due = msg.due_date
    handling.extend(user=world.editor_a, message=msg, reason="需要实地核实")
    msg.refresh_from_db()
    assert msg.extended and msg.extension_reason == "需要实地核实"
    assert msg.due_date == add_working_days(due, world.channel_a.answer_days)
    with pytest.raises(HandlingError, match="已经延期过一次"):
        handling.extend(user=world.editor_a, message=msg, reason="再延")
    msg.refresh_from_db()
    assert msg.due_date == add_working_days(due, world.channel_a.answer_days)
    assert msg.events.filter(action=MessageAction.EXTENDED).count() == 1


def test_extension_needs_a_reason(world):
    msg = message(world.channel_a)
    with pytest.raises(HandlingError, match="请填写延期理由"):
        handling.extend(user=world.editor_a, message=msg, reason="  ")
    msg.refresh_from_db()
    assert not msg.extended


def test_invalid_stops_counting_for_v5(world):
    msg = message(world.channel_a)
    assert Message.objects.counting_for_v5().filter(pk=msg.pk).exists()
    handling.invalidate(
        user=world.editor_a,
        message=msg,
        reason=InvalidReason.DUPLICATE,
        note="与上一封相同",
    )
    msg.refresh_from_db()
    assert msg.status == MessageStatus.INVALID
    assert msg.invalid_reason == "duplicate" and msg.invalid_note == "与上一封相同"
    assert not Message.objects.counting_for_v5().filter(pk=msg.pk).exists()
    with pytest.raises(HandlingError, match="当前状态为“无效”"):
        handling.invalidate(user=world.editor_a, message=msg, reason="spam")


def test_answered_message_cannot_be_invalidated(world):
    msg = message(world.channel_a)
    handling.assign(user=world.office, message=msg, department=world.dept1)
    handling.reply(user=world.handler1, message=msg, answer="答复")
    handling.approve(user=world.office, message=msg)
    with pytest.raises(HandlingError, match="已答复"):
        handling.invalidate(user=world.office, message=msg, reason="spam")


def test_channel_without_departments_is_answered_by_the_editor(world):
    world.channel_a.departments.clear()
    msg = message(world.channel_a)
    handling.reply(user=world.editor_a, message=msg, answer="编辑直接答复")
    msg.refresh_from_db()
    assert msg.status == MessageStatus.REPLIED
    assert msg.answer_department == world.site_a.organizer


def _answered(world, **values):
    msg = message(world.channel_a, **values)
    handling.assign(user=world.office, message=msg, department=world.dept1)
    handling.reply(
        user=world.handler1, message=msg, answer=values.pop("answer", "可以")
    )
    handling.approve(user=world.office, message=msg)
    return msg


def test_publish_refuses_personal_data_unless_masked(world):
    msg = _answered(world, content="我的手机号是13812345678，请回电。")
    with pytest.raises(HandlingError, match="手机号码.*须脱敏后才能公开"):
        handling.publish(user=world.reviewer_a, message=msg)
    msg.refresh_from_db()
    assert not msg.is_published and "13812345678" in msg.content
    handling.publish(user=world.reviewer_a, message=msg, mask=True)
    msg.refresh_from_db()
    assert msg.is_published and "13812345678" not in msg.content
    assert "138****5678" in msg.content
    event = msg.events.get(action=MessageAction.PUBLISHED)
    assert "已脱敏" in event.note and "13812345678" not in event.note


def test_publish_refused_when_channel_keeps_replies_private(world):
    world.channel_a.publish_replies = False
    world.channel_a.save()
    msg = _answered(world)
    with pytest.raises(HandlingError, match="不在网站上公开"):
        handling.publish(user=world.office, message=msg)


def test_notifications(world, commits, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    msg = message(world.channel_a)
    message_changed.send(sender=Message, message=msg, action=MessageAction.SUBMITTED)
    assert mail.outbox[-1].to == ["editor_a@example.gov.cn"]
    assert "新来信待分办" in mail.outbox[-1].subject
    assert f"/interaction/messages/inspect/{msg.pk}/" in mail.outbox[-1].body

    commits(handling.assign, user=world.office, message=msg, department=world.dept1)
    assert mail.outbox[-1].to == ["handler1@example.gov.cn"]
    commits(
        handling.transfer,
        user=world.office,
        message=msg,
        department=world.dept2,
        reason="职责",
    )
    assert mail.outbox[-1].to == ["handler2@example.gov.cn"]
    assert "转办" in mail.outbox[-1].subject
    commits(handling.reply, user=world.handler2, message=msg, answer="答复")
    assert mail.outbox[-1].to == ["reviewer_a@example.gov.cn"]
    commits(handling.return_reply, user=world.reviewer_a, message=msg, note="改")
    assert mail.outbox[-1].to == ["handler2@example.gov.cn"]
    assert "退回" in mail.outbox[-1].subject
    count = len(mail.outbox)
    commits(handling.extend, user=world.office, message=msg, reason="核实")
    assert len(mail.outbox) == count  # nobody is told of an extension
    # The mail never repeats the citizen's text.
    assert all(msg.content not in m.body for m in mail.outbox)
