"""One import record (a JSON object), checked and converted to field values."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.chinese_dates import parse_chinese_datetime
from core.import_text import sanitise_html, text_to_html
from disclosure_pages.choices import DisclosureMode, Genre, Validity
from disclosure_pages.codes import validate_index_number
from disclosure_pages.docnumbers import parse_document_number

KNOWN_KEYS = {
    "source_id", "title", "body", "body_text", "body_html", "document_number",
    "index_number", "written_date", "published_at", "organization", "subject",
    "genre", "validity", "effective_date", "expiry_date", "disclosure_mode",
    "summary", "keywords", "source_url", "attachments", "requires_interpretation",
}  # fmt: skip


class RecordError(Exception):
    """A record that cannot be imported; the message is shown to the operator."""


@dataclass
class Attachment:
    location: str  # a file path or an http(s) URL
    title: str = ""

    @property
    def is_url(self) -> bool:
        return self.location.startswith(("http://", "https://"))


@dataclass
class ImportRecord:
    title: str
    body_html: str
    source_id: str = ""
    document_number: str = ""
    index_number: str = ""
    written_date: datetime.date | None = None
    published_at: datetime.datetime | None = None
    organization: str = ""
    subject: str = ""
    genre: str = ""
    validity: str = Validity.VALID
    effective_date: datetime.date | None = None
    expiry_date: datetime.date | None = None
    disclosure_mode: str = DisclosureMode.PROACTIVE
    summary: str = ""
    keywords: str = ""
    source_url: str = ""
    requires_interpretation: bool = False
    attachments: list[Attachment] = field(default_factory=list)


def _text(data: dict, key: str, *, max_length: int | None = None) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise RecordError(_("字段 %(key)s 应为文本。") % {"key": key})
    value = str(value).strip()
    if max_length and len(value) > max_length:
        raise RecordError(
            _("字段 %(key)s 过长（最多 %(max)d 个字符）。")
            % {"key": key, "max": max_length}
        )
    return value


def _parse_moment(data: dict, key: str, hint: str):
    value = _text(data, key)
    if not value:
        return None
    parsed = parse_chinese_datetime(value)
    if parsed is None:
        raise RecordError(
            _("字段 %(key)s 的日期“%(value)s”无法识别，请用 %(hint)s。")
            % {"key": key, "value": value, "hint": hint}
        )
    return parsed[0]


def _date(data: dict, key: str) -> datetime.date | None:
    moment = _parse_moment(data, key, "YYYY-MM-DD")
    return moment.date() if moment else None


def _datetime(data: dict, key: str) -> datetime.datetime | None:
    moment = _parse_moment(data, key, "YYYY-MM-DD HH:MM")
    return timezone.make_aware(moment) if moment else None


def _choice(data: dict, key: str, choices, default: str = "") -> str:
    value = _text(data, key)
    if not value:
        return default
    for code, label in choices.choices:
        if value in (code, str(label)) or str(label).startswith(value + "（"):
            return code
    if key == "genre" and value == "令":
        return Genre.ORDER
    raise RecordError(
        _("字段 %(key)s 的值“%(value)s”不在允许的范围内。")
        % {"key": key, "value": value}
    )


def _attachments(data: dict) -> list[Attachment]:
    raw = data.get("attachments") or []
    if not isinstance(raw, list):
        raise RecordError(_("attachments 应为列表。"))
    result = []
    for item in raw:
        if isinstance(item, str) and item.strip():
            result.append(Attachment(item.strip()))
        elif isinstance(item, dict) and (item.get("path") or item.get("url")):
            location = str(item.get("path") or item.get("url")).strip()
            result.append(Attachment(location, str(item.get("title") or "").strip()))
        else:
            raise RecordError(_("附件应为路径、网址，或含 path/url 与 title 的对象。"))
    return result


def _check_no_nul(value: object, key: str = "") -> None:
    # The database cannot store NUL characters (PostgreSQL refuses the whole
    # statement); they are never meaningful in a document, so say where it is.
    if isinstance(value, str):
        if "\x00" in value:
            raise RecordError(
                _("字段 %(key)s 含有空字符（NUL，\\u0000），请清理源数据后再导入。")
                % {"key": key or "?"}
            )
    elif isinstance(value, dict):
        for name, item in value.items():
            _check_no_nul(name, key)
            _check_no_nul(item, key or str(name))
    elif isinstance(value, list):
        for item in value:
            _check_no_nul(item, key)


def parse_record(data: object) -> ImportRecord:
    """Check one JSON value; raises RecordError with the reason in Chinese."""
    if not isinstance(data, dict):
        raise RecordError(_("每行应为一个 JSON 对象。"))
    _check_no_nul(data)
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise RecordError(_("未知字段：%(keys)s。") % {"keys": "、".join(unknown)})
    title = _text(data, "title", max_length=255)
    if not title:
        raise RecordError(_("缺少标题（title）。"))
    if data.get("body_html"):
        body = sanitise_html(_text(data, "body_html"))
    elif data.get("body_text"):
        body = text_to_html(_text(data, "body_text"))
    else:
        body = _text(data, "body")
        body = sanitise_html(body) if body.startswith("<") else text_to_html(body)
    if not body:
        raise RecordError(_("缺少正文（body_text 或 body_html）。"))

    document_number = _text(data, "document_number")
    if document_number:
        try:
            document_number = parse_document_number(document_number).text
        except ValidationError as error:
            raise RecordError(
                _("发文字号“%(value)s”不正确：%(reason)s")
                % {"value": document_number, "reason": " ".join(error.messages)}
            ) from error
    index_number = _text(data, "index_number")
    if index_number:
        try:
            validate_index_number(index_number)
        except ValidationError as error:
            raise RecordError(" ".join(error.messages)) from error
    published_at = _datetime(data, "published_at")
    if published_at and published_at > timezone.now():
        raise RecordError(_("发布日期不能晚于当前时间。"))
    requires = data.get("requires_interpretation", False)
    if not isinstance(requires, bool):
        raise RecordError(_("requires_interpretation 应为 true 或 false。"))
    source_url = _text(data, "source_url", max_length=500)
    if source_url and not source_url.startswith(("http://", "https://")):
        raise RecordError(_("原文地址应以 http:// 或 https:// 开头。"))
    return ImportRecord(
        title=title,
        body_html=body,
        source_id=_text(data, "source_id", max_length=100),
        document_number=document_number,
        index_number=index_number,
        written_date=_date(data, "written_date"),
        published_at=published_at,
        organization=_text(data, "organization", max_length=128),
        subject=_text(data, "subject"),
        genre=_choice(data, "genre", Genre),
        validity=_choice(data, "validity", Validity, Validity.VALID),
        effective_date=_date(data, "effective_date"),
        expiry_date=_date(data, "expiry_date"),
        disclosure_mode=_choice(
            data, "disclosure_mode", DisclosureMode, DisclosureMode.PROACTIVE
        ),
        summary=_text(data, "summary", max_length=500),
        keywords=_text(data, "keywords", max_length=200),
        source_url=source_url,
        requires_interpretation=requires,
        attachments=_attachments(data),
    )
