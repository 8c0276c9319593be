"""Monthly report exports: Excel (openpyxl) and print-ready HTML."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core import timefmt
from inspection.choices import DeductionItem
from inspection.registry import all_rules
from inspection.selectors import active_findings, cluster_overview, indicator_coverage


def score_lines(score) -> list[dict]:
    """The score's deductions line by line, with the item's name."""
    if score is None or score.vetoed:
        return []
    labels = dict(DeductionItem.choices)
    return [
        {**line, "item_label": str(labels.get(line.get("item"), _("不扣分")))}
        for line in score.lines
    ]


def coverage_text(states: list[dict]) -> str:
    """V5/V6/D5 in one cell: 未检查 with its reason, never passed unchecked."""
    parts = []
    for state in states:
        if state["state"] == "failed":
            values = {"code": state["code"], "n": state["count"]}
            parts.append(_("%(code)s %(n)d 个问题") % values)
        elif state["state"] == "passed":
            parts.append(_("%(code)s 未发现问题") % {"code": state["code"]})
        else:
            parts.append(
                _("%(code)s 未检查：%(reason)s")
                % {"code": state["code"], "reason": state["reason"]}
            )
    return "；".join(parts)


def report_data(*, site=None) -> dict:
    rows = cluster_overview()
    if site is not None:
        rows = [row for row in rows if row["site"].pk == site.pk]
    coverage = indicator_coverage(
        sites=[row["site"] for row in rows], installed=set(all_rules())
    )
    for row in rows:
        row["coverage"] = coverage[row["site"].pk]
        row["coverage_text"] = coverage_text(row["coverage"])
        row["lines"] = score_lines(row["score"])
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
            _("互动和服务（V5、V6、D5）"),
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
                row["coverage_text"],
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
    lines = book.create_sheet(_("逐项扣分"))
    lines.append(
        [_("网站"), _("指标"), _("扣分项"), _("问题"), _("扣分标准"), _("实扣")]
    )
    for row in data["rows"]:
        for line in row["lines"]:
            lines.append(
                [
                    row["site"].name,
                    line["indicator"],
                    line["item_label"],
                    line["message"],
                    float(line["points"]),
                    float(line["counted"]),
                ]
            )
    for ws in (sheet, findings, lines):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
