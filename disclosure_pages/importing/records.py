"""One import record (a JSON object), checked and converted to field values."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.chinese_dates import parse_chinese_datetime
from core.import_text import sanitise_html, text_to_html
from core.importfiles import RecordInvalid
from disclosure_pages.choices import DisclosureMode, Genre, Validity
from disclosure_pages.codes import validate_index_number
from disclosure_pages.docnumbers import parse_document_number

KNOWN_KEYS = {
    "source_id", "title", "body", "body_text", "body_html", "document_number",
    "index_number", "written_date", "published_at", "organization", "subject",
    "genre", "validity", "effective_date", "expiry_date", "disclosure_mode",
    "summary", "keywords", "source_url", "attachments", "requires_interpretation",
    "copy_to", "printed_by", "printed_date",
}  # fmt: skip
# Keys of a site-migration package's records (docs/import-format.md).
PACKAGE_KEYS = {"column", "old_url"}


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
    # 版记: 抄送 and 印发 lines, optional.
    copy_to: str = ""
    printed_by: str = ""
    printed_date: datetime.date | None = None
    attachments: list[Attachment] = field(default_factory=list)
    # A site-migration package's keys: the target column and the old address.
    column: str = ""
    old_url: str = ""
    # (field, Chinese note) of values mapped leniently (an unknown genre …).
    warnings: list[tuple[str, str]] = field(default_factory=list)


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
    found = match_choice(value, choices)
    if found is None:
        raise RecordError(
            _("字段 %(key)s 的值“%(value)s”不在允许的范围内。")
            % {"key": key, "value": value}
        )
    return found


def match_choice(value: str, choices) -> str | None:
    """The code of ``value`` given as a code or label (``令`` as ``命令（令）``)."""
    return _choice_names(choices, get_language()).get(value)


@functools.cache
def _choice_names(choices, language: str) -> dict[str, str]:
    # Once per list and language: rendering every label per record was a
    # visible share of a large import's time.
    names = {}
    for code, label in choices.choices:
        label = str(label)
        names[code] = names[label] = code
        if "（" in label:
            names.setdefault(label.split("（", 1)[0], code)  # 命令（令） → 命令
            names.setdefault(label.split("（", 1)[1].rstrip("）"), code)  # → 令
    return names


@dataclass
class Aliases:
    """The office's legacy-value table, normalised value → managed value
    (subjects are looked up by the importer, which knows the taxonomy)."""

    genre: dict[str, str] = field(default_factory=dict)
    validity: dict[str, str] = field(default_factory=dict)


def normalise(value: str) -> str:
    return "".join(value.split())  # also full-width spaces


def _lenient_choice(
    data: dict, key: str, choices, *, aliases: dict[str, str], empty: str,
    fallback: str | None, strict: bool, warnings: list,
) -> str:  # fmt: skip
    """A choice, else the alias table's value, else ``fallback`` with a
    warning (an error when ``strict`` or there is no fallback)."""
    value = _text(data, key)
    if not value:
        return empty
    found = match_choice(value, choices) or aliases.get(normalise(value))
    if found is not None:
        return found
    if fallback is None or strict:
        raise RecordError(
            _("字段 %(key)s 的值“%(value)s”不在允许的范围内，也不在“旧值对照”中。")
            % {"key": key, "value": value}
        )
    warnings.append(
        (
            key,
            _("“%(value)s”不在列表中，已归为“%(fallback)s”；可在“旧值对照”中补充。")
            % {"value": value, "fallback": choices(fallback).label},
        )
    )
    return fallback


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


class _Problems:
    """Every problem of one record, each with its field."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []

    def check(self, key: str, fn, *args, default=None, **kwargs):
        """``fn(*args, **kwargs)``; a RecordError is noted against ``key``."""
        try:
            return fn(*args, **kwargs)
        except RecordError as error:
            self.errors.append((key, str(error)))
        except ValidationError as error:
            self.errors.append((key, " ".join(error.messages)))
        return default


def _body(data: dict) -> str:
    if data.get("body_html"):
        body = sanitise_html(_text(data, "body_html"))
    elif data.get("body_text"):
        body = text_to_html(_text(data, "body_text"))
    else:
        body = _text(data, "body")
        body = sanitise_html(body) if body.startswith("<") else text_to_html(body)
    if not body:
        raise RecordError(_("缺少正文（body_text 或 body_html）。"))
    return body


def _title(data: dict) -> str:
    title = _text(data, "title", max_length=255)
    if not title:
        raise RecordError(_("缺少标题（title）。"))
    return title


def _document_number(data: dict) -> str:
    value = _text(data, "document_number")
    if not value:
        return ""
    try:
        return parse_document_number(value).text
    except ValidationError as error:
        raise RecordError(
            _("发文字号“%(value)s”不正确：%(reason)s")
            % {"value": value, "reason": " ".join(error.messages)}
        ) from error


def _index_number(data: dict) -> str:
    value = _text(data, "index_number")
    if value:
        validate_index_number(value)
    return value


def _published_at(data: dict):
    published_at = _datetime(data, "published_at")
    if published_at and published_at > timezone.now():
        raise RecordError(_("发布日期不能晚于当前时间。"))
    return published_at


def _requires(data: dict) -> bool:
    requires = data.get("requires_interpretation", False)
    if not isinstance(requires, bool):
        raise RecordError(_("requires_interpretation 应为 true 或 false。"))
    return requires


def _url(data: dict, key: str, *, paths: bool = False) -> str:
    value = _text(data, key, max_length=500)
    if value and not (
        value.startswith(("http://", "https://"))
        or (paths and value.startswith("/") and not value.startswith("//"))
    ):
        if paths:
            raise RecordError(
                _("字段 %(key)s 应为 http(s) 网址或以 / 开头的路径。") % {"key": key}
            )
        raise RecordError(_("原文地址应以 http:// 或 https:// 开头。"))
    return value


def parse_record(
    data: object, *, aliases: Aliases | None = None, strict: bool = False
) -> ImportRecord:
    """Check one JSON value; raises ``RecordInvalid`` with every problem of it
    (field, Chinese reason). Genres and validities the lists do not know go
    through ``aliases``; an unknown genre becomes 其他 with a warning in
    ``record.warnings`` (an error when ``strict``)."""
    if not isinstance(data, dict):
        raise RecordInvalid([("", _("每行应为一个 JSON 对象。"))])
    aliases = aliases or Aliases()
    found = _Problems()
    found.check("", _check_no_nul, data)
    if found.errors:
        # Every later check would trip over the same character.
        raise RecordInvalid(found.errors)
    unknown = sorted(set(data) - KNOWN_KEYS - PACKAGE_KEYS)
    if unknown:
        found.errors.append(
            ("", _("未知字段：%(keys)s。") % {"keys": "、".join(unknown)})
        )
    c = found.check
    record = ImportRecord(
        title=c("title", _title, data, default=""),
        body_html=c("body", _body, data, default=""),
        source_id=c("source_id", _text, data, "source_id", max_length=100, default=""),
        document_number=c("document_number", _document_number, data, default=""),
        index_number=c("index_number", _index_number, data, default=""),
        written_date=c("written_date", _date, data, "written_date"),
        published_at=c("published_at", _published_at, data),
        organization=c(
            "organization", _text, data, "organization", max_length=128, default=""
        ),
        subject=c("subject", _text, data, "subject", default=""),
        genre=c(
            "genre",
            _lenient_choice,
            data,
            "genre",
            Genre,
            aliases=aliases.genre,
            empty="",
            fallback=Genre.OTHER,
            strict=strict,
            warnings=found.warnings,
            default="",
        ),  # fmt: skip
        validity=c(
            "validity",
            _lenient_choice,
            data,
            "validity",
            Validity,
            aliases=aliases.validity,
            empty=Validity.VALID,
            fallback=None,
            strict=strict,
            warnings=found.warnings,
            default=Validity.VALID,
        ),  # fmt: skip
        effective_date=c("effective_date", _date, data, "effective_date"),
        expiry_date=c("expiry_date", _date, data, "expiry_date"),
        disclosure_mode=c(
            "disclosure_mode",
            _choice,
            data,
            "disclosure_mode",
            DisclosureMode,
            DisclosureMode.PROACTIVE,
            default=DisclosureMode.PROACTIVE,
        ),  # fmt: skip
        summary=c("summary", _text, data, "summary", max_length=500, default=""),
        keywords=c("keywords", _text, data, "keywords", max_length=200, default=""),
        source_url=c("source_url", _url, data, "source_url", default=""),
        requires_interpretation=c(
            "requires_interpretation", _requires, data, default=False
        ),
        copy_to=c("copy_to", _text, data, "copy_to", max_length=500, default=""),
        printed_by=c(
            "printed_by", _text, data, "printed_by", max_length=128, default=""
        ),
        printed_date=c("printed_date", _date, data, "printed_date"),
        attachments=c("attachments", _attachments, data, default=[]),
        column=c("column", _text, data, "column", max_length=255, default=""),
        old_url=c("old_url", _url, data, "old_url", paths=True, default=""),
    )
    record.warnings = found.warnings
    if found.errors:
        error = RecordInvalid(found.errors)
        error.warnings = found.warnings
        raise error
    return record
