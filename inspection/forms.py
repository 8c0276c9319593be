from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from inspection.models import Finding


class AssignForm(WagtailAdminModelForm):
    """An auditor assigns a finding to its site for rectification (整改)."""

    class Meta:
        model = Finding
        fields = ["deadline", "note"]
        widgets = {"deadline": AdminDateInput}
        labels = {"note": _("整改要求")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].required = True

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("整改期限不能早于今天。"))
        return deadline


class MarkFixedForm(forms.Form):
    note = forms.CharField(
        label=_("整改说明"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=True,
        error_messages={"required": _("请说明如何整改。")},
    )


class StartRunForm(forms.Form):
    """立即检查, optionally for a past day (按日期检查): every rule judges the
    sites as of that day (``InspectionRun.today``)."""

    today = forms.DateField(
        label=_("检查日期"),
        required=False,
        widget=AdminDateInput,
        help_text=_("留空为今天。填写过去的日期可复核当日的状态。"),
        error_messages={"invalid": _("请输入有效的日期，例如 2026-06-30。")},
    )

    def clean_today(self):
        day = self.cleaned_data["today"]
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("检查日期不能晚于今天。"))
        return day
