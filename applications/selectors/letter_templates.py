"""Letter templates: which one applies, and the safe placeholder substitution.

A template's text is typed by an organ's staff, so it is never run through a
template engine: only ``{名称}`` placeholders from the fixed list below are
replaced, in a single pass, by plain text. A value that is not known yet (no
extension reason, no fee) becomes a ``【待填写：…】`` blank the staff must fill
before the letter can be issued (docs/applications.md, Letters).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from applications.choices import LetterKind, ReplyType
from applications.models import Application, LetterTemplate
from applications.selectors.access import is_office, organization_ids_handled_by

DEFAULTS_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "letter_templates.json"
)

PLACEHOLDER_RE = re.compile(r"\{([^{}\s]{1,20})\}")
BLANK_MARK = "【待填写"

# The placeholders an organ may use, with what they stand for (shown on the
# template form).
PLACEHOLDERS = {
    "申请人": "申请人姓名或名称",
    "登记编号": "申请的登记编号",
    "申请日期": "提交申请的日期",
    "收到日期": "收到申请的日期",
    "所需信息": "所需信息名称",
    "机关名称": "受理机关名称",
    "受理机构": "政府信息公开工作机构名称",
    "机构地址": "工作机构办公地址",
    "联系电话": "工作机构联系电话",
    "答复期限": "答复期限（含延期）",
    "延长期限": "延长的工作日数",
    "延期理由": "延期答复的理由",
    "补正期限": "补正期限",
    "征求意见期限": "第三方提出意见的期限",
    "计收方式": "信息处理费计收方式",
    "费用": "信息处理费金额（元）",
    "缴费期限": "缴费期限",
    "出具日期": "告知书出具日期",
    "法律依据": "模板中的法律依据",
}

# The remedies sentence of a reply letter (art. 36 letters are administrative
# decisions): administrative review within 60 days, a lawsuit within 6 months.
REMEDY_PATTERNS = (
    re.compile(r"(六十|60)\s*日内"),
    re.compile(r"行政复议"),
    re.compile(r"(六个月|6\s*个月)内?"),
    re.compile(r"行政诉讼"),
)


def chinese_date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def unknown_placeholders(text: str) -> list[str]:
    found = PLACEHOLDER_RE.findall(text or "")
    return sorted({name for name in found if name not in PLACEHOLDERS})


def has_remedies(text: str) -> bool:
    return all(pattern.search(text or "") for pattern in REMEDY_PATTERNS)


def has_blanks(text: str) -> bool:
    return BLANK_MARK in (text or "")


def template_errors(
    *, kind: str, reply_type: str, title: str, body: str, legal_basis: str
) -> dict[str, str]:
    """Field → Chinese error for a template as typed; empty when it is fine."""
    errors: dict[str, str] = {}
    if kind == LetterKind.REPLY and reply_type not in ReplyType.values:
        errors["reply_type"] = gettext("答复告知书须选择答复类型。")
    if kind != LetterKind.REPLY and reply_type:
        errors["reply_type"] = gettext("只有答复告知书按答复类型区分，请清空答复类型。")
    for field, text in (("title", title), ("body", body), ("legal_basis", legal_basis)):
        unknown = unknown_placeholders(text)
        if unknown:
            errors[field] = gettext(
                "未知的占位符：%(names)s。可用的占位符：%(known)s。"
            ) % {
                "names": "、".join(f"{{{name}}}" for name in unknown),
                "known": "、".join(f"{{{name}}}" for name in PLACEHOLDERS),
            }
    if kind == LetterKind.REPLY and "body" not in errors and not has_remedies(body):
        errors["body"] = remedies_missing_message()
    return errors


def remedies_missing_message() -> str:
    return gettext(
        "答复告知书必须告知救济途径：自收到本告知书之日起六十日内申请行政复议，"
        "或者六个月内向人民法院提起行政诉讼。"
    )


def template_for(
    organization, kind: str, reply_type: str = ""
) -> LetterTemplate | None:
    """The organ's own template of this kind, else the platform default."""
    reply_type = reply_type if kind == LetterKind.REPLY else ""
    templates = LetterTemplate.objects.filter(kind=kind, reply_type=reply_type)
    own = templates.filter(organization=organization).first() if organization else None
    return (
        own
        or templates.filter(organization__isnull=True).first()
        or shipped_default(kind, reply_type)
    )


def shipped_default(kind: str, reply_type: str = "") -> LetterTemplate | None:
    """The default as shipped, unsaved: a flushed test database or a deleted
    default row still gets the statutory wording."""
    for row in default_template_rows():
        if row["kind"] == kind and row["reply_type"] == reply_type:
            return LetterTemplate(organization=None, **row)
    return None


def templates_for_user(user) -> QuerySet[LetterTemplate]:
    """The templates ``user`` may see and edit: the office all, an organ's
    disclosure office its own organ's (defaults are the office's)."""
    templates = LetterTemplate.objects.select_related("organization")
    if is_office(user):
        return templates
    return templates.filter(organization_id__in=organization_ids_handled_by(user))


def placeholder_values(
    application: Application, *, legal_basis: str = "", today: date | None = None
) -> dict[str, str]:
    office = getattr(application.organization, "disclosure_office", None)
    fee = application.fee_amount
    values = {
        "申请人": application.name,
        "登记编号": application.registration_number,
        "申请日期": chinese_date(timezone.localdate(application.submitted_at)),
        "收到日期": chinese_date(application.received_on),
        "所需信息": application.info_title,
        "机关名称": application.organization.name,
        "受理机构": office.name if office else "",
        "机构地址": office.address if office else "",
        "联系电话": office.phone if office else "",
        "答复期限": chinese_date(application.due_date),
        "延长期限": str(application.extension_days)
        if application.extension_days
        else "",
        "延期理由": application.extension_reason.strip(),
        "补正期限": chinese_date(application.correction_due),
        "征求意见期限": chinese_date(application.consultation_due),
        "计收方式": application.get_fee_method_display()
        if application.fee_method
        else "",
        "费用": f"{fee:.2f}" if fee is not None else "",
        "缴费期限": chinese_date(application.fee_due),
        "出具日期": chinese_date(today or timezone.localdate()),
        "法律依据": legal_basis,
    }
    # A value not known yet is a blank the staff fill in before issuing.
    return {
        name: value or f"{BLANK_MARK}：{PLACEHOLDERS[name]}】"
        for name, value in values.items()
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Replace known placeholders once; values are not scanned again."""
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def render_template(
    template: LetterTemplate, application: Application, *, today: date | None = None
) -> tuple[str, str]:
    """(title, body) of ``template`` filled in for ``application``."""
    values = placeholder_values(
        application, legal_basis=template.legal_basis, today=today
    )
    return fill(template.title, values), fill(template.body, values)


def default_template_rows() -> list[dict]:
    """The platform's default templates as shipped (data/letter_templates.json)."""
    return json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
