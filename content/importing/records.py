"""Reading one record of a migration package: every problem with its field.

A ``RecordReader`` reads the keys of one JSON object and collects what is
wrong with each (and what it mapped leniently, a warning; an error under
``strict``) instead of stopping at the first: the operator fixes a record in
one go. ``RecordReader.raise_if_invalid`` turns the errors into
``core.importfiles.RecordInvalid``.
"""

from __future__ import annotations

import datetime
import json
from pathlib import PurePosixPath

from django.utils import timezone
from django.utils.translation import gettext as _

from core.chinese_dates import parse_chinese_datetime
from core.import_text import sanitise_html, text_to_html
from core.importfiles import LineError, RecordInvalid, control_character, text_field

# Keys every page record may carry (docs/import-format.md).
COMMON_KEYS = {"source_id", "old_url", "column", "published_at", "title"}


class RecordReader:
    """The checked values of one record; ``problems`` lists (field, message,
    warning) for everything that is wrong or was mapped leniently."""

    def __init__(self, data: dict, *, strict: bool = False):
        self.data = data
        self.strict = strict
        self.problems: list[tuple[str, str, bool]] = []

    # --- problems -------------------------------------------------------------

    def error(self, field: str, message: str) -> None:
        self.problems.append((field, message, False))

    def lenient(self, field: str, message: str) -> None:
        """A legacy value the importer could map: a warning, an error if strict."""
        self.problems.append((field, message, not self.strict))

    @property
    def errors(self) -> list[tuple[str, str]]:
        return [(f, m) for f, m, warning in self.problems if not warning]

    @property
    def warnings(self) -> list[tuple[str, str]]:
        return [(f, m) for f, m, warning in self.problems if warning]

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise RecordInvalid(self.errors)

    def unknown_keys(self, known: set[str]) -> None:
        unknown = sorted(set(self.data) - known - COMMON_KEYS)
        if unknown:
            self.lenient(
                "",
                _("未知字段已忽略：%(keys)s。") % {"keys": "、".join(unknown)},
            )

    # --- values ---------------------------------------------------------------

    def text(
        self, key: str, *, limit: int, required: bool = False, multiline=False
    ) -> str:
        try:
            value = text_field(self.data, key, limit=limit, multiline=multiline)
        except LineError as error:
            self.error(key, str(error))
            return ""
        if required and not value:
            self.error(key, _("缺少必填字段 %(key)s。") % {"key": key})
        return value

    def source_id(self) -> str:
        value = self.data.get("source_id")
        if isinstance(value, int) and not isinstance(value, bool):
            self.data["source_id"] = str(value)  # legacy numeric ids
        return self.text("source_id", limit=100, required=True)

    def old_url(self) -> str:
        value = self.text("old_url", limit=500)
        if value and not (
            value.startswith(("http://", "https://")) or value.startswith("/")
        ):
            self.error(
                "old_url",
                _("旧网址应以 http://、https:// 或 / 开头：%(value)s")
                % {"value": value[:80]},
            )
            return ""
        return value

    def published_at(self, *, required: bool) -> datetime.datetime | None:
        """The original first publication time: never in the future."""
        value = self.text("published_at", limit=40)
        if not value:
            if required and "published_at" not in dict(self.errors):
                self.lenient(
                    "published_at",
                    _("缺少原发布时间（published_at），将以导入时间作为发布时间。"),
                )
            return None
        parsed = parse_chinese_datetime(value)
        if parsed is None:
            self.error(
                "published_at",
                _("日期“%(value)s”无法识别，请用 YYYY-MM-DD 或 YYYY-MM-DD HH:MM。")
                % {"value": value},
            )
            return None
        moment = timezone.make_aware(parsed[0])
        if moment > timezone.now():
            self.error("published_at", _("原发布时间不能晚于当前时间。"))
            return None
        return moment

    def body_html(self, *, required: bool = True) -> str:
        """``body_html`` (sanitised) or ``body_text``/``body`` as rich text."""
        if self.data.get("body_html"):
            html = self.text("body_html", limit=500_000, multiline=True)
            body = sanitise_html(html) if html else ""
        else:
            key = "body_text" if self.data.get("body_text") else "body"
            text = self.text(key, limit=500_000, multiline=True)
            body = sanitise_html(text) if text.startswith("<") else text_to_html(text)
        if required and not body and not self.errors_on("body_html", "body_text"):
            self.error("body", _("缺少正文（body_html 或 body_text）。"))
        return body

    def errors_on(self, *fields: str) -> bool:
        return any(field in fields for field, _message in self.errors)

    def string_list(self, key: str, *, limit: int, most: int = 50) -> list[str]:
        raw = self.data.get(key)
        if raw in (None, "", []):
            return []
        if isinstance(raw, str):
            # Legacy exports join tags with commas or spaces.
            raw = raw.replace("，", ",").replace(" ", ",").split(",")
        if not isinstance(raw, list):
            self.error(key, _("字段 %(key)s 应为文本列表。") % {"key": key})
            return []
        values = []
        for item in raw[:most]:
            if not isinstance(item, str):
                self.error(key, _("字段 %(key)s 应为文本列表。") % {"key": key})
                return []
            item = item.strip()
            if not item:
                continue
            if control_character(item, multiline=False) or len(item) > limit:
                self.error(
                    key,
                    _("“%(value)s”含有控制字符或超过 %(max)d 个字符。")
                    % {"value": item[:30], "max": limit},
                )
                continue
            values.append(item)
        if len(raw) > most:
            self.lenient(key, _("最多导入 %(most)d 项，其余已忽略。") % {"most": most})
        return values

    def file_path(self, key: str) -> str:
        """A path of the package's files (checked again when it is read)."""
        value = self.text(key, limit=500)
        if value and (
            "://" in value
            or PurePosixPath(value.replace("\\", "/")).is_absolute()
            or ".." in PurePosixPath(value.replace("\\", "/")).parts
        ):
            self.error(
                key,
                _("文件路径只能是相对于迁移包目录的路径：%(path)s")
                % {"path": value[:80]},
            )
            return ""
        return value


def read_image(
    reader: RecordReader, *, key: str, alt_key: str, title: str
) -> tuple[str, str]:
    """(package path, alt text) of a record's image; a missing alt text
    becomes the title (a warning, an error under strict)."""
    path = reader.file_path(key)
    alt = reader.text(alt_key, limit=150)
    if path and not alt:
        reader.lenient(
            alt_key,
            _("图片缺少替代文本（%(key)s），已使用标题代替，请尽快补充。")
            % {"key": alt_key},
        )
        alt = title[:150]
    return path, alt


def stream_json(html: str, *extra: dict) -> str:
    """A body StreamField's JSON: the text as one paragraph block, then ``extra``."""
    blocks = [{"type": "paragraph", "value": html}] if html else []
    return json.dumps([*blocks, *extra], ensure_ascii=False)
