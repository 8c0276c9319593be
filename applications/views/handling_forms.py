"""The action forms on an application's admin page, one per transition.

Each form is rendered with its transition as prefix (several on one page)
and posted to the transition's own URL. Its fields are named as the
service's keyword arguments; ``perform`` hands them over and the service
checks permission, state and input again.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.choices import OUTCOMES_BY_REPLY, FeeMethod, ReplyType
from applications.services import handling
from core.roles import OFFICE_GROUP


def _date(label, help_text=""):
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _note(label=None, *, required=False):
    return forms.CharField(
        label=label or _("说明"),
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ActionForm(forms.Form):
    name = ""  # the transition (a function of applications.services.handling)
    label = ""
    button = ""

    def __init__(self, *args, application, **kwargs):
        kwargs.setdefault("prefix", self.name)
        super().__init__(*args, **kwargs)
        self.application = application

    def arguments(self) -> dict:
        return dict(self.cleaned_data)

    def perform(self, *, user):
        service = getattr(handling, self.name)
        return service(self.application, user=user, **self.arguments())


class ConfirmReceiptForm(ActionForm):
    name = "confirm_receipt"
    label = _("确认收到")
    button = _("确认收到")
    confirmed_on = _date(
        _("双方确认收到的日期"),
        _("网上申请、电子邮件、传真和平信以双方确认之日为收到申请之日。"),
    )
    note = _note()


class RequestCorrectionForm(ActionForm):
    name = "request_correction"
    label = _("告知补正")
    button = _("告知补正")
    deadline = _date(_("补正期限"))
    note = _note(_("需要补正的事项"), required=True)


class CompleteCorrectionForm(ActionForm):
    name = "complete_correction"
    label = _("补正完成")
    button = _("登记补正完成")
    completed_on = _date(_("收到补正材料的日期"), _("自该日起重新计算答复期限。"))
    note = _note()


class WithdrawForm(ActionForm):
    name = "withdraw_uncorrected"
    label = _("视为撤回")
    button = _("视为撤回")
    note = _note()


class ExtendForm(ActionForm):
    name = "extend"
    label = _("延期答复")
    button = _("延期")
    days = forms.IntegerField(label=_("延长工作日"), min_value=1, max_value=20)
    approver = forms.ModelChoiceField(
        label=_("批准人"), queryset=get_user_model().objects.none()
    )
    reason = _note(_("延期理由"), required=True)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        heads = Q(headed_disclosure_offices__organization=application.organization_id)
        self.fields["approver"].queryset = (
            get_user_model()
            .objects.filter(heads | Q(groups__name=OFFICE_GROUP), is_active=True)
            .distinct()
            .order_by("username")
        )


class StartConsultationForm(ActionForm):
    name = "start_consultation"
    label = _("征求意见")
    button = _("开始征求意见")
    kind = forms.ChoiceField(
        label=_("征求意见对象"),
        choices=[
            ("third_party", _("第三方（15个工作日内答复）")),
            ("inter_agency", _("其他机关")),
        ],
    )
    note = _note()


class EndConsultationForm(ActionForm):
    name = "end_consultation"
    label = _("征求意见结束")
    button = _("恢复计时")
    ended_on = _date(_("征求意见结束日期"))
    note = _note()


class RequestReasonsForm(ActionForm):
    name = "request_reasons"
    label = _("要求说明理由")
    button = _("要求说明理由")
    note = _note(_("说明"), required=True)


class AcceptReasonsForm(ActionForm):
    name = "accept_reasons"
    label = _("理由合理，另定答复期限")
    button = _("确定新的答复期限")
    new_due = _date(_("新的答复期限"))
    note = _note()


class RefuseExcessiveForm(ActionForm):
    name = "refuse_excessive"
    label = _("理由不合理，不予处理")
    button = _("不予处理")
    note = _note()


class NotifyFeeForm(ActionForm):
    name = "notify_fee"
    label = _("收费通知")
    button = _("发出收费通知")
    method = forms.ChoiceField(label=_("计收方式"), choices=FeeMethod.choices)
    pages = forms.IntegerField(
        label=_("页数"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_("按量计收时填写；费用按国办函〔2020〕109号分档累进计算。"),
    )
    due = _date(_("缴费期限"))
    note = _note()


class RecordFeePaidForm(ActionForm):
    name = "record_fee_paid"
    label = _("已缴费")
    button = _("登记缴费")
    paid_on = _date(_("缴费日期"))
    note = _note()


class CloseUnpaidForm(ActionForm):
    name = "close_unpaid"
    label = _("逾期未缴费")
    button = _("按逾期未缴费处理")
    note = _note()


def _grouped_outcomes():
    """The outcome rows grouped under the reply type they fit."""
    return [
        (reply.label, [(o.value, o.label) for o in OUTCOMES_BY_REPLY[reply]])
        for reply in ReplyType
    ]


class AnswerForm(ActionForm):
    name = "answer"
    label = _("答复")
    button = _("答复")
    reply_type = forms.ChoiceField(label=_("答复类型"), choices=ReplyType.choices)
    outcome = forms.ChoiceField(
        label=_("办理结果"),
        choices=_grouped_outcomes,
        help_text=_("按答复类型分组；须与所选答复类型一致（年度报告表三）。"),
    )
    note = _note()


class NotProcessForm(ActionForm):
    name = "not_process"
    label = _("不予处理")
    button = _("不予处理")
    outcome = forms.ChoiceField(
        label=_("情形"),
        choices=[(o.value, o.label) for o in handling.NOT_PROCESS_OUTCOMES],
    )
    note = _note()


FORMS = {
    form.name: form
    for form in (
        ConfirmReceiptForm,
        RequestCorrectionForm,
        CompleteCorrectionForm,
        WithdrawForm,
        ExtendForm,
        StartConsultationForm,
        EndConsultationForm,
        RequestReasonsForm,
        AcceptReasonsForm,
        RefuseExcessiveForm,
        NotifyFeeForm,
        RecordFeePaidForm,
        CloseUnpaidForm,
        AnswerForm,
        NotProcessForm,
    )
}
