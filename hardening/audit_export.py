"""Export Wagtail's audit log (pages and other objects) for the office."""

from __future__ import annotations

import csv
import datetime
import io

from django import forms
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Site

from core import timefmt

FORMATS = (("xlsx", "Excel (.xlsx)"), ("csv", "CSV"))
MAX_DAYS = 366


class AuditExportForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("开始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("结束日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    site = forms.ModelChoiceField(
        label=gettext_lazy("站点"),
        queryset=Site.objects.order_by("site_name"),
        required=False,
        empty_label=gettext_lazy("全部站点（含账号与权限记录）"),
    )
    format = forms.ChoiceField(label=gettext_lazy("格式"), choices=FORMATS)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("结束日期不能早于开始日期。"))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(
                    _("一次最多导出 %(days)d 天的日志。") % {"days": MAX_DAYS}
                )
        return data


HEADERS = (
    gettext_lazy("时间"),
    gettext_lazy("用户"),
    gettext_lazy("操作"),
    gettext_lazy("对象类型"),
    gettext_lazy("对象"),
    gettext_lazy("站点"),
    gettext_lazy("说明"),
    gettext_lazy("IP 地址"),
)


def _site_of(page_path: str | None, sites: list[tuple[str, str]]) -> str:
    if not page_path:
        return ""
    for root_path, name in sites:
        if page_path.startswith(root_path):
            return name
    return ""


def audit_rows(
    *, start: datetime.date, end: datetime.date, site: Site | None
) -> list[list[str]]:
    """One row per log entry in [start, end] (local dates), oldest first."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    sites = [
        (s.root_page.path, s.site_name or s.hostname)
        for s in Site.objects.select_related("root_page")
    ]
    sites.sort(key=lambda item: len(item[0]), reverse=True)

    page_entries = PageLogEntry.objects.filter(
        timestamp__gte=since, timestamp__lt=until
    ).select_related("user", "content_type")
    if site is not None:
        page_ids = Page.objects.filter(path__startswith=site.root_page.path).values(
            "id"
        )
        page_entries = page_entries.filter(page_id__in=page_ids)
    paths = dict(
        Page.objects.filter(
            id__in={entry.page_id for entry in page_entries}
        ).values_list("id", "path")
    )
    entries = [
        (entry, _site_of(paths.get(entry.page_id), sites)) for entry in page_entries
    ]
    if site is None:
        entries += [
            (entry, "")
            for entry in ModelLogEntry.objects.filter(
                timestamp__gte=since, timestamp__lt=until
            ).select_related("user", "content_type")
        ]
    entries.sort(key=lambda item: item[0].timestamp)

    rows = []
    for entry, site_name in entries:
        data = entry.data or {}
        rows.append(
            [
                timefmt.format_datetime(entry.timestamp, seconds=True),
                entry.user.get_username() if entry.user_id and entry.user else "",
                _action_label(entry),
                str(entry.content_type.model_class()._meta.verbose_name)
                if entry.content_type and entry.content_type.model_class()
                else "",
                entry.label,
                site_name,
                " ".join(
                    part for part in (str(entry.message), entry.comment or "") if part
                ),
                str(data.get("ip", "")) if isinstance(data, dict) else "",
            ]
        )
    return rows


def _action_label(entry) -> str:
    formatter = log_registry.get_formatter(entry)
    return str(formatter.label) if formatter else entry.action


def export_response(*, start, end, site, format) -> HttpResponse:
    rows = audit_rows(start=start, end=end, site=site)
    headers = [str(header) for header in HEADERS]
    filename = f"audit-log-{start:%Y%m%d}-{end:%Y%m%d}.{format}"
    if format == "csv":
        buffer = io.StringIO()
        # A byte-order mark makes Excel open UTF-8 Chinese text correctly.
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(_safe_cells(row) for row in rows)
        response = HttpResponse(
            buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("审计日志"))
        sheet.append(headers)
        for row in rows:
            sheet.append(_safe_cells(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument."
            "spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _safe_cells(row: list[str]) -> list[str]:
    # Titles typed by editors must not run as spreadsheet formulas.
    return ["'" + cell if cell[:1] in ("=", "+", "-", "@") else cell for cell in row]
