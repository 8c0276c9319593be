"""The admin upload screen for the holiday schedule (office only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from workdays.services import (
    MAX_BYTES,
    CalendarImportError,
    import_calendar,
    import_summary,
)

# Importing adds and changes days: the office's permissions, not an editor's.
IMPORT_PERMISSIONS = ("workdays.add_calendarday", "workdays.change_calendarday")


def can_import(user) -> bool:
    return user.is_active and user.has_perms(IMPORT_PERMISSIONS)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("节假日安排文件"),
        help_text=gettext_lazy(
            "CSV或JSON文件，每行一天：date（YYYY-MM-DD）、kind（放假或上班）、"
            "name（节日名称）、source（依据）。同一日期再次导入时更新。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Check the size before reading the file into memory.
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                gettext_lazy("文件过大，上限为%(size)d KB。")
                % {"size": MAX_BYTES // 1024}
            )
        return upload


class ImportCalendarView(WagtailAdminTemplateMixin, FormView):
    template_name = "workdays/import.html"
    form_class = ImportForm
    page_title = gettext_lazy("导入节假日安排")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = import_calendar(name=upload.name, content=upload.read())
        except CalendarImportError as error:
            for message in error.errors:
                form.add_error("file", message)
            return self.form_invalid(form)
        messages.success(self.request, import_summary(result))
        return redirect("workdays_calendar:index")
