"""Monthly report exports: Excel (openpyxl) and print-ready HTML."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core import timefmt
from inspection.selectors import active_findings, cluster_overview


def report_data(*, site=None) -> dict:
    rows = cluster_overview()
    if site is not None:
        rows = [row for row in rows if row["site"].pk == site.pk]
    findings = (
        active_findings()
        .select_related("site", "page")
        .order_by("site__root_page__path", "severity", "indicator", "target")
    )
    if site is not None:
        findings = findings.filter(site=site)
    return {
        "rows": rows,
        "findings": list(findings),
        "site": site,
        "generated_at": timezone.localtime(),
    }


def _verdict(score) -> str:
    if score is None:
        return _("未检查")
    if score.vetoed:
        return _("不合格（单项否决）")
    return _("合格") if score.passed else _("不合格")


def workbook_bytes(*, site=None) -> bytes:
    data = report_data(site=site)
    book = Workbook()
    sheet = book.active
    sheet.title = _("网站得分")
    sheet.append(
        [
            _("网站"),
            _("网站标识码"),
            _("结论"),
            _("得分"),
            _("否决指标"),
            _("扣分明细"),
            _("待处理问题"),
        ]
    )
    for row in data["rows"]:
        score = row["score"]
        sheet.append(
            [
                row["site"].name,
                row["site"].code,
                _verdict(score),
                # Under a veto the points do not count: the cell stays empty.
                float(score.shown_score) if score and not score.vetoed else None,
                "、".join(score.veto_indicators) if score else "",
                "；".join(f"{k} -{v}" for k, v in score.deductions.items())
                if score
                else "",
                row["open_findings"],
            ]
        )
    findings = book.create_sheet(_("问题清单"))
    findings.append(
        [
            _("网站"),
            _("指标"),
            _("性质"),
            _("状态"),
            _("网址"),
            _("问题"),
            _("证据"),
            _("首次发现"),
            _("最近发现"),
            _("整改期限"),
        ]
    )
    for finding in data["findings"]:
        findings.append(
            [
                finding.site.name,
                finding.indicator,
                finding.get_severity_display(),
                finding.get_status_display(),
                finding.public_url,
                finding.message,
                finding.evidence,
                timefmt.excel_value(finding.first_seen),
                timefmt.excel_value(finding.last_seen),
                finding.deadline,
            ]
        )
    for ws in (sheet, findings):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
