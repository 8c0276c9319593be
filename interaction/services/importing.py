"""Import of historical messages from a migrating site (docs/import-format.md).

All or nothing: every line is checked first and every error is reported with
its line number; only a file without errors is written, in one transaction.
Re-importing a file updates the messages by their ``source_id`` (unique per
channel) instead of adding them again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import importfiles
from core.importfiles import (
    ImportFileError,
    LineError,
    check_json_lines,
    check_then_write,
    read_import_file,
    text_field,
    utf8_lines,
)
from interaction.choices import MessageAction, MessageStatus
from interaction.models import Channel, Message, MessageEvent
from interaction.rules import due_date_for, local_date, new_query_code
from interaction.signals import message_changed
from site_registry.models import SiteProfile

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
# One-line fields and their limits (the model's columns); long texts below.
LINE_FIELDS = {
    "source_id": 64,
    "title": 100,
    "answer_department": 128,
    "contact_name": 50,
    "contact_phone": 20,
    "contact_email": 254,
}
TEXT_FIELDS = {"content": 20000, "answer": 20000}
REQUIRED = ("source_id", "title", "content", "received_at")
KNOWN = (
    set(LINE_FIELDS)
    | set(TEXT_FIELDS)
    | {
        "received_at",
        "answered_at",
        "published",
        "status",
    }
)
# A status is given by its value (answered) or its Chinese label (已答复).
STATUS_NAMES = {
    **{status.value: status.value for status in MessageStatus},
    **{str(status.label): status.value for status in MessageStatus},
}
# Fields an import sets; a re-import compares them to tell updated from unchanged.
WRITTEN = (
    "title",
    "content",
    "contact_name",
    "contact_phone",
    "contact_email",
    "wants_public",
    "status",
    "received_at",
    "due_date",
    "answer",
    "answered_at",
    "answer_department",
    "is_published",
    "published_at",
)


class ImportRefused(importfiles.ImportRefused):
    message = gettext_lazy("文件有 %(count)d 处错误，未导入任何来信。")


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    messages: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return _(
            "新建 %(created)d 条，更新 %(updated)d 条，未变 %(unchanged)d 条。"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


# The checks of one line raise this.
_LineError = LineError


# -- where to ---------------------------------------------------------------------


def find_channel(*, site_code: str, channel_slug: str) -> Channel:
    """The channel ``channel_slug`` of the site with code ``site_code``."""
    site = SiteProfile.objects.filter(code=site_code).first() if site_code else None
    if site is None:
        raise ImportRefused(
            [(0, _("找不到标识码为“%(code)s”的网站。") % {"code": site_code})]
        )
    channel = Channel.objects.filter(site=site, slug=channel_slug).first()
    if channel is None:
        raise ImportRefused(
            [
                (
                    0,
                    _("网站“%(site)s”没有网址标识为“%(slug)s”的互动渠道。")
                    % {"site": site.name, "slug": channel_slug},
                )
            ]
        )
    return channel


# -- reading the file -----------------------------------------------------------------


def max_bytes() -> int:
    return int(getattr(settings, "INTERACTION_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def read_file(path: Path) -> bytes:
    """The file's bytes: a regular file, not a symbolic link, within the limit."""
    try:
        return read_import_file(path, limit=max_bytes())
    except ImportFileError as error:
        raise ImportRefused([(0, str(error))]) from error


def _lines(data: bytes) -> list[tuple[int, str | None]]:
    """(line number, text) of the non-blank lines; text None when not UTF-8."""
    return utf8_lines(data)


# -- checking one line -------------------------------------------------------------


def _text(record: dict, key: str, *, multiline: bool) -> str:
    limit = (TEXT_FIELDS if multiline else LINE_FIELDS)[key]
    return text_field(record, key, limit=limit, multiline=multiline)


def parse_moment(value, key: str) -> datetime.datetime | None:
    """ISO 8601; a time without offset is Beijing time (Asia/Shanghai)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _LineError(_("字段 %(key)s 应为日期时间文本。") % {"key": key})
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise _LineError(
            _(
                "字段 %(key)s 的时间“%(value)s”无法识别，"
                "请使用 2024-03-01T09:30:00+08:00 这样的格式。"
            )
            % {"key": key, "value": value[:40]}
        ) from error
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=timezone.get_default_timezone())
    return moment


def _status(record: dict, answer: str) -> str:
    value = record.get("status")
    if value in (None, ""):
        return MessageStatus.ANSWERED if answer else MessageStatus.RECEIVED
    status = STATUS_NAMES.get(str(value).strip()) if isinstance(value, str) else None
    if status is None:
        raise _LineError(
            _("状态“%(value)s”无法识别，可用：%(known)s。")
            % {"value": str(value)[:20], "known": "、".join(STATUS_NAMES)}
        )
    return status


def check_record(record, *, now: datetime.datetime) -> dict:
    """The message's fields from one parsed line, or ``_LineError``."""
    if not isinstance(record, dict):
        raise _LineError(_("每行应为一个 JSON 对象。"))
    missing = [key for key in REQUIRED if record.get(key) in (None, "")]
    if missing:
        raise _LineError(_("缺少必填字段：%(keys)s。") % {"keys": "、".join(missing)})
    unknown = sorted(set(record) - KNOWN)
    if unknown:
        raise _LineError(_("未知字段：%(keys)s。") % {"keys": "、".join(unknown)})
    values = {key: _text(record, key, multiline=False) for key in LINE_FIELDS}
    values.update({key: _text(record, key, multiline=True) for key in TEXT_FIELDS})
    for key in REQUIRED:
        if key in values and not values[key]:
            raise _LineError(_("缺少必填字段：%(keys)s。") % {"keys": key})
    if values["contact_email"]:
        try:
            validate_email(values["contact_email"])
        except ValidationError as error:
            raise _LineError(
                _("字段 contact_email 不是有效的电子邮箱地址。")
            ) from error
    received = parse_moment(record.get("received_at"), "received_at")
    answered = parse_moment(record.get("answered_at"), "answered_at")
    if received > now:
        raise _LineError(_("来信时间 received_at 晚于当前时间。"))
    if answered is not None and answered < received:
        raise _LineError(_("回复时间 answered_at 早于来信时间 received_at。"))
    if answered is not None and answered > now:
        raise _LineError(_("回复时间 answered_at 晚于当前时间。"))
    status = _status(record, values["answer"])
    if status == MessageStatus.ANSWERED:
        if not values["answer"]:
            raise _LineError(_("状态为已答复，但没有答复内容 answer。"))
        if answered is None:
            raise _LineError(_("状态为已答复，但没有回复时间 answered_at。"))
    published = record.get("published", False)
    if not isinstance(published, bool):
        raise _LineError(_("字段 published 应为 true 或 false。"))
    if published and status != MessageStatus.ANSWERED:
        raise _LineError(_("只有已答复的来信可以公开（published 为 true）。"))
    return {
        **values,
        "status": status,
        "received_at": received,
        "answered_at": answered,
        "is_published": published,
        "published_at": answered if published else None,
        # Consent is only known for what the old site published.
        "wants_public": published,
    }


def check_file(lines, *, progress=None) -> tuple[list[tuple[int, dict]], list]:
    """(line, fields) of every line of ``_lines``, and every (line, reason) error."""
    now = timezone.now()
    records, errors = check_json_lines(
        lines, check=lambda record: check_record(record, now=now), progress=progress
    )
    if not records and not errors:
        errors.append((0, _("文件中没有任何来信。")))
    return records, errors


# -- writing -----------------------------------------------------------------------


def _fresh_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        batch = {new_query_code() for _n in range(count - len(codes))}
        taken = set(
            Message.objects.filter(query_code__in=batch).values_list(
                "query_code", flat=True
            )
        )
        codes |= batch - taken
    return list(codes)


def write_messages(*, channel: Channel, records, progress=None) -> ImportSummary:
    """Create or update the checked records in one transaction."""
    summary = ImportSummary()
    now = timezone.now()
    with transaction.atomic():
        existing = {
            message.source_id: message
            for message in Message.objects.select_for_update().filter(
                channel=channel, source_id__in=[v["source_id"] for _line, v in records]
            )
        }
        new_count = sum(1 for _line, v in records if v["source_id"] not in existing)
        codes = iter(_fresh_codes(new_count))
        to_create, to_update, events = [], [], []
        # One calendar lookup per receipt day, not per message.
        due_dates: dict[datetime.date, datetime.date] = {}
        for _line, values in records:
            day = local_date(values["received_at"])
            if day not in due_dates:
                due_dates[day] = due_date_for(
                    values["received_at"], channel.answer_days
                )
            values = {**values, "due_date": due_dates[day]}
            message = existing.get(values["source_id"])
            # New messages had no state; a re-import's log shows the stored one.
            before = "" if message is None else message.status
            if message is None:
                message = Message(site=channel.site, channel=channel, **values)
                message.query_code = next(codes)
                to_create.append(message)
                note = _("从原网站导入（原编号 %(id)s）。")
            elif any(getattr(message, key) != values[key] for key in WRITTEN):
                for key in WRITTEN:
                    setattr(message, key, values[key])
                to_update.append(message)
                note = _("重新导入，按原网站数据更新（原编号 %(id)s）。")
            else:
                summary.unchanged += 1
                message = None
            if message is not None:
                events.append((message, before, note % {"id": values["source_id"]}))
            if progress is not None:
                progress.update(1)
        Message.objects.bulk_create(to_create, batch_size=500)
        Message.objects.bulk_update(to_update, list(WRITTEN), batch_size=500)
        MessageEvent.objects.bulk_create(
            [
                MessageEvent(
                    message=message,
                    action=MessageAction.IMPORTED,
                    at=now,
                    from_status=before,
                    to_status=message.status,
                    note=note,
                )
                for message, before, note in events
            ],
            batch_size=500,
        )
        summary.created = len(to_create)
        summary.updated = len(to_update)
        summary.messages = [message.pk for message, _before, _note in events]
        changed = [message for message, _before, _note in events]
        transaction.on_commit(lambda: _announce(changed))
    return summary


def _announce(messages) -> None:
    for message in messages:
        message_changed.send(
            sender=Message, message=message, action=MessageAction.IMPORTED
        )


def import_messages(
    path: Path,
    *,
    site_code: str,
    channel_slug: str,
    progress: Callable[[str, int], object] | None = None,
) -> ImportSummary:
    """Check the whole file, then write it; ``ImportRefused`` lists every error.

    ``progress(description, total)`` returns a bar with ``update(n)``/``close()``.
    """
    channel = find_channel(site_code=site_code, channel_slug=channel_slug)
    lines = _lines(read_file(Path(path)))
    return check_then_write(
        lines,
        check=check_file,
        write=lambda records, progress: write_messages(
            channel=channel, records=records, progress=progress
        ),
        refused=ImportRefused,
        progress=progress,
    )
