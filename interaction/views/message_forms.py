"""The action forms on a message's admin page, one per handling action.

Each form is rendered with its action as prefix (several on one page) and
posted to the action's own URL; ``perform`` hands the cleaned data to the
service, which checks permission and state again.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from disclosure_pages.models import Organization
from interaction.choices import InvalidReason, MessageStatus
from interaction.services import handling


def _text(label, *, required=True, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ActionForm(forms.Form):
    action = ""
    service = ""  # the function of interaction.services.handling
    label = ""
    button = ""

    def __init__(self, *args, message, **kwargs):
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)
        self.message = message

    def perform(self, *, user):
        # The form's fields are named as the service's keyword arguments.
        service = getattr(handling, self.service)
        return service(user=user, message=self.message, **self.cleaned_data)


class _DepartmentForm(ActionForm):
    department = forms.ModelChoiceField(
        label=_("办理单位"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, message, **kwargs):
        super().__init__(*args, message=message, **kwargs)
        departments = message.channel.departments.order_by("name")
        if message.department_id:
            departments = departments.exclude(pk=message.department_id)
        self.fields["department"].queryset = departments


class AssignForm(_DepartmentForm):
    action = "assign"
    service = "assign"
    label = _("分办")
    button = _("分办")
    note = _text(_("分办意见"), required=False, rows=2)


class TransferForm(_DepartmentForm):
    action = "transfer"
    service = "transfer"
    label = _("转办")
    button = _("转办")
    reason = _text(_("转办理由"), rows=2)


class ReplyForm(ActionForm):
    action = "reply"
    service = "reply"
    label = _("答复")
    button = _("提交审核")
    answer = _text(_("答复内容"), rows=8)

    def __init__(self, *args, message, **kwargs):
        kwargs.setdefault("initial", {"answer": message.answer})
        super().__init__(*args, message=message, **kwargs)


class ApproveForm(ActionForm):
    action = "approve"
    service = "approve"
    label = _("审核通过")
    button = _("审核通过")
    note = _text(_("审核意见"), required=False, rows=2)


class ReturnForm(ActionForm):
    action = "return"
    service = "return_reply"
    label = _("退回修改")
    button = _("退回")
    note = _text(_("退回意见"), rows=2)


class PublishForm(ActionForm):
    action = "publish"
    service = "publish"
    label = _("公开")
    button = _("在网站上公开")
    mask = forms.BooleanField(
        label=_("脱敏后公开"),
        required=False,
        help_text=_(
            "标题、内容或答复中含有身份证号码、手机号码或银行卡号时，"
            "勾选后将这些号码替换为脱敏形式再公开；不勾选则拒绝公开。"
        ),
    )


class KeepPrivateForm(ActionForm):
    action = "private"
    service = "keep_private"
    label = _("不公开")
    button = _("不公开")
    note = _text(_("说明"), required=False, rows=2)


class ExtendForm(ActionForm):
    action = "extend"
    service = "extend"
    label = _("延期")
    button = _("延期")
    reason = _text(_("延期理由"), rows=2)


class InvalidateForm(ActionForm):
    action = "invalidate"
    service = "invalidate"
    label = _("作无效处理")
    button = _("作无效处理")
    reason = forms.ChoiceField(label=_("无效原因"), choices=InvalidReason.choices)
    note = _text(_("说明"), required=False, rows=2)


FORMS = {
    form.action: form
    for form in (
        AssignForm,
        TransferForm,
        ReplyForm,
        ApproveForm,
        ReturnForm,
        PublishForm,
        KeepPrivateForm,
        ExtendForm,
        InvalidateForm,
    )
}


def available_forms(*, user, message) -> list[str]:
    """The actions to offer ``user`` on ``message`` now (the services decide)."""
    from interaction.choices import OPEN_STATUSES
    from interaction.selectors import handling as rules

    if rules.is_read_only(user):
        return []
    status = message.status
    offered = []
    has_departments = message.channel.departments.exists()
    if status == MessageStatus.RECEIVED and has_departments:
        if rules.can_triage(user, message):
            offered.append("assign")
    if status == MessageStatus.ASSIGNED and rules.can_transfer(user, message):
        if message.channel.departments.exclude(pk=message.department_id).exists():
            offered.append("transfer")
    reply_states = {MessageStatus.ASSIGNED} | (
        set() if has_departments else {MessageStatus.RECEIVED}
    )
    if status in reply_states and rules.can_reply(user, message):
        offered.append("reply")
    if status == MessageStatus.REPLIED and rules.can_review(user, message):
        offered += ["approve", "return"]
    if status == MessageStatus.ANSWERED and rules.can_review(user, message):
        if (
            not message.is_published
            and message.channel.publish_replies
            and message.wants_public
        ):
            offered.append("publish")
        offered.append("private")
    if status in OPEN_STATUSES:
        if not message.extended and rules.can_extend(user, message):
            offered.append("extend")
        if rules.can_triage(user, message):
            offered.append("invalidate")
    return offered
