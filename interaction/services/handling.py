"""The handling of a message as plain functions (docs/interaction.md).

    待分办 ─分办─► 办理中 ─答复─► 答复待审核 ─审核通过─► 已答复 ─► 公开 / 不公开
                  ▲  └转办┘          │
                  └────── 退回 ──────┘
    any open state ─作无效处理─► 无效;  one 延期 per message while open.

Every action takes the acting user, checks permission and state on the
message locked in its transaction, writes one ``MessageEvent`` and sends
``message_changed`` once the transaction has committed. A refusal raises
``HandlingError`` with a Chinese message and writes nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.detectors import find_personal_data, mask_personal_data
from interaction.choices import (
    OPEN_STATUSES,
    InvalidReason,
    MessageAction,
    MessageStatus,
)
from interaction.models import Message, MessageEvent
from interaction.selectors import handling as rules
from interaction.signals import message_changed
from publishing.checks import PERSONAL_DATA_LABELS
from workdays.calendar import add_working_days


class HandlingError(Exception):
    """An action refused: wrong state, no permission or bad input."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _locked(message: Message) -> Message:
    return (
        Message.objects.select_for_update(of=("self",))
        .select_related("site", "channel")
        .get(pk=message.pk)
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise HandlingError(_("您没有权限办理这条来信。"))


def _require_state(message: Message, *states: str) -> None:
    if message.status not in states:
        raise HandlingError(
            _("来信当前状态为“%(status)s”，不能进行此操作。")
            % {"status": message.get_status_display()}
        )


def _require_text(text: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise HandlingError(_("请填写%(label)s。") % {"label": label})
    return text


def _record(
    message: Message,
    *,
    user,
    action: str,
    from_status: str,
    note: str = "",
    fields: list[str],
) -> MessageEvent:
    message.save(update_fields=fields)
    event = MessageEvent.objects.create(
        message=message,
        action=action,
        actor=user,
        at=timezone.now(),
        from_status=from_status,
        to_status=message.status,
        department=message.department,
        note=note,
    )
    transaction.on_commit(
        lambda: message_changed.send(sender=Message, message=message, action=action)
    )
    return event


def _department_of_channel(message: Message, department):
    if department is None:
        raise HandlingError(_("请选择办理单位。"))
    if not message.channel.departments.filter(pk=department.pk).exists():
        raise HandlingError(
            _("“%(department)s”不是本渠道的办理单位。")
            % {"department": department.name}
        )
    return department


@transaction.atomic
def assign(*, user, message: Message, department, note: str = "") -> Message:
    """分办: a received message goes to one of its channel's departments."""
    message = _locked(message)
    _require(rules.can_triage(user, message))
    _require_state(message, MessageStatus.RECEIVED)
    message.department = _department_of_channel(message, department)
    message.status = MessageStatus.ASSIGNED
    _record(
        message,
        user=user,
        action=MessageAction.ASSIGNED,
        from_status=MessageStatus.RECEIVED,
        note=(note or "").strip(),
        fields=["department", "status"],
    )
    return message


@transaction.atomic
def transfer(*, user, message: Message, department, reason: str) -> Message:
    """转办: an assigned message moves to another department, with the reason."""
    message = _locked(message)
    _require(rules.can_transfer(user, message))
    _require_state(message, MessageStatus.ASSIGNED)
    reason = _require_text(reason, _("转办理由"))
    department = _department_of_channel(message, department)
    if department.pk == message.department_id:
        raise HandlingError(_("请选择另一个办理单位。"))
    message.department = department
    _record(
        message,
        user=user,
        action=MessageAction.TRANSFERRED,
        from_status=MessageStatus.ASSIGNED,
        note=reason,
        fields=["department"],
    )
    return message


@transaction.atomic
def reply(*, user, message: Message, answer: str) -> Message:
    """答复: the handler (or the site's editor) writes the answer for review.

    A channel without departments is answered by the site's editors straight
    from 待分办 (Channel.departments' help text).
    """
    message = _locked(message)
    _require(rules.can_reply(user, message))
    states = [MessageStatus.ASSIGNED]
    if not message.channel.departments.exists():
        states.append(MessageStatus.RECEIVED)
    _require_state(message, *states)
    from_status = message.status
    message.answer = _require_text(answer, _("答复内容"))
    message.answer_department = (
        message.department.name if message.department_id else message.site.organizer
    )
    message.status = MessageStatus.REPLIED
    _record(
        message,
        user=user,
        action=MessageAction.REPLIED,
        from_status=from_status,
        fields=["answer", "answer_department", "status"],
    )
    return message


@transaction.atomic
def approve(*, user, message: Message, note: str = "") -> Message:
    """审核通过: the reply is final; the message counts as answered now."""
    message = _locked(message)
    _require(rules.can_review(user, message))
    _require_state(message, MessageStatus.REPLIED)
    message.status = MessageStatus.ANSWERED
    message.answered_at = timezone.now()
    _record(
        message,
        user=user,
        action=MessageAction.APPROVED,
        from_status=MessageStatus.REPLIED,
        note=(note or "").strip(),
        fields=["status", "answered_at"],
    )
    return message


@transaction.atomic
def return_reply(*, user, message: Message, note: str) -> Message:
    """退回: the reply goes back to the handler with what to change."""
    message = _locked(message)
    _require(rules.can_review(user, message))
    _require_state(message, MessageStatus.REPLIED)
    note = _require_text(note, _("退回意见"))
    message.status = MessageStatus.ASSIGNED
    _record(
        message,
        user=user,
        action=MessageAction.RETURNED,
        from_status=MessageStatus.REPLIED,
        note=note,
        fields=["status"],
    )
    return message


PUBLIC_FIELDS = ("title", "content", "answer")


def personal_data_in(message: Message) -> list[str]:
    """What the publish gate would refuse in the public text, as sentences."""
    problems = []
    for name in PUBLIC_FIELDS:
        label = Message._meta.get_field(name).verbose_name
        for finding in find_personal_data(getattr(message, name)):
            problems.append(
                _("“%(field)s”含有%(kind)s %(masked)s")
                % {
                    "field": label,
                    "kind": PERSONAL_DATA_LABELS[finding.kind],
                    "masked": finding.masked,
                }
            )
    return problems


@transaction.atomic
def publish(*, user, message: Message, mask: bool = False) -> Message:
    """公开: only an answered message of a channel that publishes replies, whose
    writer agreed. Personal data in title, content or answer refuses the
    publication, as the page publish gate does; with ``mask`` the reviewer
    accepts that the stored texts are masked (the public copy is the record)."""
    message = _locked(message)
    _require(rules.can_review(user, message))
    _require_state(message, MessageStatus.ANSWERED)
    if message.is_published:
        raise HandlingError(_("这条来信已经公开。"))
    if not message.channel.publish_replies:
        raise HandlingError(_("本渠道的答复不在网站上公开。"))
    if not message.wants_public:
        raise HandlingError(_("来信人不同意公开，不能公开。"))
    problems = personal_data_in(message)
    fields = ["is_published", "published_at"]
    note = ""
    if problems and not mask:
        raise HandlingError(
            _("%(problems)s，须脱敏后才能公开。") % {"problems": "；".join(problems)}
        )
    if problems:
        for name in PUBLIC_FIELDS:
            setattr(message, name, mask_personal_data(getattr(message, name)))
        fields.extend(PUBLIC_FIELDS)
        note = _("已脱敏：%(problems)s") % {"problems": "；".join(problems)}
    message.is_published = True
    message.published_at = timezone.now()
    _record(
        message,
        user=user,
        action=MessageAction.PUBLISHED,
        from_status=message.status,
        note=note,
        fields=fields,
    )
    return message


@transaction.atomic
def keep_private(*, user, message: Message, note: str = "") -> Message:
    """不公开 / 取消公开: an answered message stays off the website."""
    message = _locked(message)
    _require(rules.can_review(user, message))
    _require_state(message, MessageStatus.ANSWERED)
    message.is_published = False
    message.published_at = None
    _record(
        message,
        user=user,
        action=MessageAction.UNPUBLISHED,
        from_status=message.status,
        note=(note or "").strip(),
        fields=["is_published", "published_at"],
    )
    return message


@transaction.atomic
def extend(*, user, message: Message, reason: str) -> Message:
    """延期: once, with a reason; the due date moves by the channel's answer days."""
    message = _locked(message)
    _require(rules.can_extend(user, message))
    _require_state(message, *OPEN_STATUSES)
    if message.extended:
        raise HandlingError(_("这条来信已经延期过一次，不能再次延期。"))
    reason = _require_text(reason, _("延期理由"))
    old = message.due_date
    message.due_date = add_working_days(old, message.channel.answer_days)
    message.extended = True
    message.extension_reason = reason
    _record(
        message,
        user=user,
        action=MessageAction.EXTENDED,
        from_status=message.status,
        note=_("%(reason)s（答复期限由 %(old)s 延至 %(new)s）")
        % {
            "reason": reason,
            "old": old.isoformat(),
            "new": message.due_date.isoformat(),
        },
        fields=["due_date", "extended", "extension_reason"],
    )
    return message


@transaction.atomic
def invalidate(*, user, message: Message, reason: str, note: str = "") -> Message:
    """作无效处理: spam, duplicate or out of scope; it stops counting for V5."""
    message = _locked(message)
    _require(rules.can_triage(user, message))
    _require_state(message, *OPEN_STATUSES)
    if reason not in InvalidReason.values:
        raise HandlingError(_("请选择无效原因。"))
    from_status = message.status
    message.status = MessageStatus.INVALID
    message.invalid_reason = reason
    message.invalid_note = (note or "").strip()
    message.is_published = False
    message.published_at = None
    _record(
        message,
        user=user,
        action=MessageAction.INVALIDATED,
        from_status=from_status,
        note=" ".join(
            part
            for part in (str(InvalidReason(reason).label), message.invalid_note)
            if part
        ),
        fields=[
            "status",
            "invalid_reason",
            "invalid_note",
            "is_published",
            "published_at",
        ],
    )
    return message
