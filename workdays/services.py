"""Importing the office's holiday schedule from a CSV or JSON file.

One function for the command line (``manage.py import_calendar``) and the
admin upload screen. Every line is checked before anything is written; one bad
line rejects the whole file with per-line Chinese errors, so a half-imported
year never drives statutory deadlines. Importing again updates the same dates.

CSV: a header row naming the columns date, kind, name, source (or 日期, 类型,
名称, 依据), one day per row. JSON: a list of ``{date, kind, name, source}``
objects, or an object with such a list under ``days`` (the shipped format).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workdays.models import CalendarDay, DayKind

ALLOWED_EXTENSIONS = ("csv", "json")
# A year is about 40 rows; 256 KB leaves room for decades and long sources.
MAX_BYTES = 256 * 1024

KIND_ALIASES = {
    "holiday": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
}
COLUMN_ALIASES = {
    "date": "date",
    "日期": "date",
    "kind": "kind",
    "类型": "kind",
    "name": "name",
    "名称": "name",
    "节日名称": "name",
    "source": "source",
    "依据": "source",
}
REQUIRED_COLUMNS = ("date", "kind", "name")


class CalendarImportError(Exception):
    """The file was refused; ``errors`` are whole Chinese sentences."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    years: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    line: int
    date: date
    kind: str
    name: str
    source: str


def file_extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        raise CalendarImportError([_("文件不是文本文件。")])
    # Excel saves CSV as UTF-8 with a byte-order mark, or as GB18030 (GBK).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CalendarImportError([_("文件编码无法识别，请保存为UTF-8编码。")])


def _line_label(line: int, *, csv_file: bool) -> str:
    if csv_file:
        return _("第%(line)d行") % {"line": line}
    return _("第%(line)d条") % {"line": line}


def _csv_records(text: str) -> list[tuple[int, dict]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise CalendarImportError([_("文件为空。")])
    columns = [COLUMN_ALIASES.get(cell.strip().lower(), "") for cell in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise CalendarImportError(
            [
                _("第1行（表头）缺少列：%(columns)s。表头应为 date,kind,name,source。")
                % {"columns": "、".join(missing)}
            ]
        )
    records = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, e.g. at the end of the file
        record = {
            column: cell.strip()
            for column, cell in zip(columns, cells, strict=False)
            if column
        }
        records.append((reader.line_num, record))
    return records


def _json_records(text: str) -> list[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CalendarImportError(
            [_("第%(line)d行：JSON格式错误。") % {"line": error.lineno}]
        ) from None
    if isinstance(data, dict):
        data = data.get("days")
    if not isinstance(data, list):
        raise CalendarImportError([_("JSON文件应为日期列表，或在“days”下列出日期。")])
    records = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            item = {"_invalid": True}
        records.append(
            (number, {key: str(value).strip() for key, value in item.items()})
        )
    return records


def _parse_record(line: int, record: dict, label: str) -> tuple[_Row | None, list]:
    errors = []
    if record.get("_invalid"):
        return None, [_("%(line)s：应为包含date、kind、name的对象。") % {"line": label}]
    raw_date = record.get("date", "")
    try:
        day = date.fromisoformat(raw_date)
    except ValueError:
        day = None
        errors.append(
            _("%(line)s：日期“%(value)s”无效，应为YYYY-MM-DD格式。")
            % {"line": label, "value": raw_date}
        )
    raw_kind = record.get("kind", "")
    kind = KIND_ALIASES.get(raw_kind.lower())
    if kind is None:
        errors.append(
            _("%(line)s：类型“%(value)s”无效，应为holiday（放假）或workday（上班）。")
            % {"line": label, "value": raw_kind}
        )
    name = record.get("name", "")
    if not name:
        errors.append(_("%(line)s：缺少节日名称。") % {"line": label})
    elif len(name) > CalendarDay._meta.get_field("name").max_length:
        errors.append(_("%(line)s：节日名称过长。") % {"line": label})
    source = record.get("source", "")
    if len(source) > CalendarDay._meta.get_field("source").max_length:
        errors.append(_("%(line)s：依据过长。") % {"line": label})
    if errors:
        return None, errors
    return _Row(line, day, kind, name, source), []


def parse_calendar(*, name: str, content: bytes) -> list[_Row]:
    """The file's days, or CalendarImportError listing every bad line."""
    extension = file_extension(name)
    if extension not in ALLOWED_EXTENSIONS:
        raise CalendarImportError([_("只能导入CSV或JSON文件（扩展名.csv或.json）。")])
    if len(content) > MAX_BYTES:
        raise CalendarImportError(
            [_("文件过大，上限为%(size)d KB。") % {"size": MAX_BYTES // 1024}]
        )
    text = _decode(content)
    csv_file = extension == "csv"
    records = _csv_records(text) if csv_file else _json_records(text)
    rows, errors, first_line = [], [], {}
    for line, record in records:
        label = _line_label(line, csv_file=csv_file)
        row, row_errors = _parse_record(line, record, label)
        errors.extend(row_errors)
        if row is None:
            continue
        if row.date in first_line:
            errors.append(
                _("%(line)s：日期%(date)s与%(first)s重复。")
                % {
                    "line": label,
                    "date": row.date.isoformat(),
                    "first": _line_label(first_line[row.date], csv_file=csv_file),
                }
            )
            continue
        first_line[row.date] = line
        rows.append(row)
    if errors:
        raise CalendarImportError(errors)
    if not rows:
        raise CalendarImportError([_("文件中没有任何日期。")])
    return rows


@transaction.atomic
def import_calendar(*, name: str, content: bytes) -> ImportResult:
    """Create or update one CalendarDay per row; all or nothing."""
    rows = parse_calendar(name=name, content=content)
    existing = CalendarDay.objects.select_for_update().in_bulk(
        [row.date for row in rows], field_name="date"
    )
    result = ImportResult(years=sorted({row.date.year for row in rows}))
    for row in rows:
        values = {"kind": row.kind, "name": row.name, "source": row.source}
        day = existing.get(row.date)
        if day is None:
            day = CalendarDay(date=row.date, **values)
            result.created += 1
        elif all(getattr(day, key) == value for key, value in values.items()):
            result.unchanged += 1
            continue
        else:
            for key, value in values.items():
                setattr(day, key, value)
            result.updated += 1
        day.full_clean()
        day.save()
    return result


def import_summary(result: ImportResult) -> str:
    return _(
        "已导入%(years)s年的节假日安排：新增%(created)d天，更新%(updated)d天，"
        "未变%(unchanged)d天。"
    ) % {
        "years": "、".join(str(year) for year in result.years),
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def validation_error(error: CalendarImportError) -> ValidationError:
    """The refusal as a form error, one message per line."""
    return ValidationError(error.errors)
