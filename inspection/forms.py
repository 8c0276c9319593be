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
