"""Reading an import file that is hostile until checked: a regular file, no
symbolic link, within a size limit; its non-blank lines; text without control
characters. Importers turn ``ImportFileError`` into their own refusal."""

from __future__ import annotations

import json
import os
import stat
import unicodedata
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ImportFileError(Exception):
    """The file cannot be read; the message says why, in Chinese."""


class ImportRefused(Exception):
    """The whole file was refused: ``errors`` lists (line, Chinese reason).

    Each importer subclasses it with its ``message`` (a ``%(count)d`` of errors).
    """

    message = gettext_lazy("文件有 %(count)d 处错误，未导入任何内容。")

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(self.message % {"count": len(errors)})
        self.errors = errors


def read_import_file(path: Path, *, limit: int) -> bytes:
    """The file's bytes: a regular file, not a symbolic link, within ``limit``."""
    try:
        # O_NOFOLLOW: a symbolic link is refused, even one swapped in late.
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError as error:
        raise ImportFileError(_("文件不存在：%(path)s") % {"path": path}) from error
    except OSError as error:
        if os.path.islink(path):
            reason = _("文件是符号链接，已拒绝读取：%(path)s") % {"path": path}
        else:
            reason = _("无法读取文件 %(path)s：%(reason)s") % {
                "path": path,
                "reason": error.strerror,
            }
        raise ImportFileError(reason) from error
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise ImportFileError(_("不是普通文件：%(path)s") % {"path": path})
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(
            _("文件超过 %(max)s，请拆分后分批导入。") % {"max": filesizeformat(limit)}
        )
    return data


def utf8_lines(data: bytes) -> list[tuple[int, str | None]]:
    """(line number, text) of the non-blank lines; text None when not UTF-8."""
    result = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            result.append((number, None))
            continue
        if text.strip():
            result.append((number, text))
    return result


def control_character(value: str, *, multiline: bool) -> str | None:
    """The first control character of ``value`` (newlines and tabs allowed in
    multi-line text), or None."""
    allowed = {"\n", "\t"} if multiline else set()
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            return char
    return None


class LineError(Exception):
    """What is wrong with one line of an import file, in Chinese."""


def check_json_lines(
    lines, *, check: Callable[[object], dict], progress=None, key: str = "source_id"
) -> tuple[list[tuple[int, dict]], list[tuple[int, str]]]:
    """(line, fields) of every line ``check`` accepts, and every (line, reason)
    error: not UTF-8, not JSON, what ``check`` raises as ``LineError``, or a
    ``key`` repeated from an earlier line."""
    records, errors, seen = [], [], {}
    for number, text in lines:
        try:
            if text is None:
                raise LineError(
                    _("这一行不是 UTF-8 编码，请将文件转换为 UTF-8 后再导入。")
                )
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError as error:
                raise LineError(
                    _("不是有效的 JSON（第 %(col)d 列）：%(msg)s")
                    % {"col": error.colno, "msg": error.msg}
                ) from error
            except RecursionError as error:
                raise LineError(_("JSON 嵌套层数过多。")) from error
            values = check(parsed)
            first = seen.setdefault(values[key], number)
            if first != number:
                raise LineError(
                    _("编号 %(key)s“%(id)s”与第 %(line)d 行重复。")
                    % {"key": key, "id": values[key], "line": first}
                )
            records.append((number, values))
        except LineError as error:
            errors.append((number, str(error)))
        if progress is not None:
            progress.update(1)
    return records, errors


def error_report(errors: list[tuple[int, str]], *, most: int = 500) -> list[str]:
    """The lines a command prints for a refused file: each error with its line
    number, at most ``most`` of them and then how many more there are."""
    report = []
    for line, reason in errors[:most]:
        if line:
            reason = _("第 %(line)d 行：%(reason)s") % {"line": line, "reason": reason}
        report.append(reason)
    if len(errors) > most:
        report.append(_("……另有 %(count)d 处错误。") % {"count": len(errors) - most})
    return report


def text_field(record: dict, key: str, *, limit: int, multiline: bool) -> str:
    """The text of ``key`` (empty when absent), stripped, checked for control
    characters and against ``limit``; ``LineError`` in Chinese otherwise."""
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LineError(_("字段 %(key)s 应为文本。") % {"key": key})
    value = value.replace("\r\n", "\n").strip()
    char = control_character(value, multiline=multiline)
    if char is not None:
        raise LineError(
            _("字段 %(key)s 含有控制字符（U+%(code)04X），请清理源数据后再导入。")
            % {"key": key, "code": ord(char)}
        )
    if len(value) > limit:
        raise LineError(
            _("字段 %(key)s 超过 %(max)d 个字符（%(length)d 个）。")
            % {"key": key, "max": limit, "length": len(value)}
        )
    return value


def choice_field(record: dict, key: str, choices, *, default: str = "") -> str:
    """A choice of ``choices`` (Django ``TextChoices``, or (value, label) pairs)
    given by its value or its Chinese label; ``default`` when absent."""
    value = record.get(key)
    if value in (None, ""):
        return default
    pairs = [(str(v), str(label)) for v, label in getattr(choices, "choices", choices)]
    names = {v: v for v, _label in pairs} | {label: v for v, label in pairs}
    found = names.get(value.strip()) if isinstance(value, str) else None
    if found is None:
        raise LineError(
            _("字段 %(key)s 的值“%(value)s”无法识别，可用：%(known)s。")
            % {
                "key": key,
                "value": str(value)[:30],
                "known": "、".join(label for _v, label in pairs),
            }
        )
    return found


@contextmanager
def _bar(progress, description: str, total: int):
    bar = progress(description, total) if progress else None
    try:
        yield bar
    finally:
        if bar is not None:
            bar.close()


def check_then_write(
    lines,
    *,
    check: Callable,
    write: Callable,
    refused: type[ImportRefused],
    progress=None,
):
    """All or nothing: check every line (bar 校验), refuse the whole file with
    every error, else write the checked records (bar 写入) and return what
    ``write`` returns. ``progress(description, total)`` makes a bar."""
    with _bar(progress, _("校验"), len(lines)) as bar:
        records, errors = check(lines, progress=bar)
    if errors:
        raise refused(errors)
    with _bar(progress, _("写入"), len(records)) as bar:
        return write(records, progress=bar)


# --- what one run of a typed importer reports (site migration, #19) ----------


@dataclass
class RecordProblem:
    """One error (or, with ``warning``, a note) about one record's field.

    ``line`` is the line number in its file (or a file name); ``field`` the
    record's key, empty for the record as a whole.
    """

    line: int | str
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = (
            _("第 %(line)d 行") % {"line": self.line}
            if isinstance(self.line, int)
            else str(self.line)
        )
        if self.field:
            where = _("%(where)s，字段 %(field)s") % {
                "where": where,
                "field": self.field,
            }
        label = _("提示") if self.warning else _("错误")
        return f"{where}（{label}）：{self.message}"


class RecordInvalid(Exception):
    """Every problem of one record: ``problems`` is a list of (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("；".join(message for _field, message in problems))
        self.problems = problems


@dataclass
class TypeReport:
    """What an importer did with one file of one record type.

    ``written`` lists (source id, page or row id, old URL) of each record
    created or updated, for the old-URL redirects of a site migration.
    """

    kind: str
    created: int = 0
    updated: int = 0
    failed: int = 0
    problems: list[RecordProblem] = field(default_factory=list)
    written: list[tuple[str, int, str]] = field(default_factory=list)
    seconds: float = 0.0  # the kind's wall time, including its redirects

    @property
    def warnings(self) -> list[RecordProblem]:
        return [p for p in self.problems if p.warning]

    @property
    def errors(self) -> list[RecordProblem]:
        return [p for p in self.problems if not p.warning]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "created": self.created,
            "updated": self.updated,
            "failed": self.failed,
            "seconds": round(self.seconds, 1),
            "problems": [
                {
                    "line": p.line,
                    "field": p.field,
                    "message": str(p.message),
                    "warning": p.warning,
                }
                for p in self.problems
            ],
        }
